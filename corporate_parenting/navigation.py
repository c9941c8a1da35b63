"""The main navigation: one list, filtered by what the member's role may do."""

from dataclasses import dataclass

from django.urls import reverse

from .roles import Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability
    section: str  # the path prefix that marks this item current (the longest match wins)


NAV_ITEMS = (
    NavItem("Home", "home", Capability.VIEW_HOME, ""),
    NavItem("Pledge", "pledges:index", Capability.VIEW_PLEDGE, "pledge"),
    NavItem("Boards and meetings", "boards:index", Capability.VIEW_BOARDS, "boards"),
    NavItem("Reports", "papers:reports", Capability.DRAFT_REPORTS, "boards/reports"),
    NavItem("Surveys", "surveys:index", Capability.VIEW_SURVEYS, "surveys"),
    NavItem("Participation", "participation:index", Capability.VIEW_PARTICIPATION, "participation"),
    NavItem("Members", "members", Capability.MANAGE_MEMBERS, "members"),
    NavItem("Districts", "districts", Capability.MANAGE_ORGANISATION, "districts"),
    NavItem("Audit trail", "audit", Capability.VIEW_AUDIT, "audit"),
)


def items_for(membership, path: str):
    if membership is None:
        return []
    items = [item for item in NAV_ITEMS if membership.can(item.capability)]
    path = path.strip("/") + "/"
    matching = [
        item for item in items if path.startswith(item.section + "/" if item.section else "")
    ]
    current = max(matching, key=lambda item: len(item.section), default=None)
    return [
        {"label": item.label, "url": reverse(item.url_name), "current": item is current}
        for item in items
    ]
