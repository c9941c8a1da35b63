"""The main navigation: one list, filtered by what the member's role may do."""

from dataclasses import dataclass
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

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


@lru_cache(maxsize=64)
def _url(url_name: str, prefix: str) -> str:
    """reverse() of a URL without arguments: the same for the life of the process (per
    script prefix), and every page's menu asks for all of them."""
    return reverse(url_name)


@receiver(setting_changed)
def _forget_urls(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":  # (tests that swap the URLconf)
        _url.cache_clear()


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
        {
            "label": item.label,
            "url": _url(item.url_name, get_script_prefix()),
            "current": item is current,
        }
        for item in items
    ]
