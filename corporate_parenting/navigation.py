"""The main navigation: one list, filtered by what the member's role may do."""

from dataclasses import dataclass

from django.urls import reverse

from .roles import Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability
    section: str  # the first part of the path that marks this item current


NAV_ITEMS = (
    NavItem("Home", "home", Capability.VIEW_HOME, ""),
    NavItem("Pledge", "pledges:index", Capability.VIEW_PLEDGE, "pledge"),
    NavItem("Boards and meetings", "boards:index", Capability.VIEW_BOARDS, "boards"),
    NavItem("Surveys", "surveys:index", Capability.VIEW_SURVEYS, "surveys"),
    NavItem("Participation", "participation:index", Capability.VIEW_PARTICIPATION, "participation"),
    NavItem("Members", "members", Capability.MANAGE_MEMBERS, "members"),
    NavItem("Districts", "districts", Capability.MANAGE_ORGANISATION, "districts"),
    NavItem("Audit trail", "audit", Capability.VIEW_AUDIT, "audit"),
)


def items_for(membership, path: str):
    if membership is None:
        return []
    section = path.strip("/").split("/", 1)[0]
    return [
        {"label": item.label, "url": reverse(item.url_name), "current": item.section == section}
        for item in NAV_ITEMS
        if membership.can(item.capability)
    ]
