"""What board pages show of papers, so that boards never imports papers: the meeting page
loads this library and papers decides what it shows (tests/test_dependency_direction.py)."""

from django import template

from boards.papers.models import AgendaPack
from boards.papers.rules import may_read_pack

register = template.Library()

PACK_KINDS = [("public", "public pack"), ("members", "members' pack")]


@register.inclusion_tag("papers/_meeting_packs.html", takes_context=True)
def meeting_packs(context, meeting, *, can_clerk=False):
    """The meeting's published packs this member may read, with the earlier editions they
    replaced (still downloadable, marked superseded), and for a clerk the buttons that
    publish, re-issue or add a supplement."""
    membership = context["request"].membership
    readable = [
        pack
        for pack in meeting.packs.filter(state__in=AgendaPack.DOWNLOADABLE_STATES).order_by(
            "kind", "supplement", "-edition"
        )
        if may_read_pack(membership, pack)
    ]
    packs = [pack for pack in readable if pack.state == AgendaPack.State.READY]
    return {
        "csrf_token": context.get("csrf_token"),
        "meeting": meeting,
        "packs": packs,
        "superseded": [pack for pack in readable if pack.state == AgendaPack.State.SUPERSEDED],
        "pack_kinds": PACK_KINDS,
        "published_kinds": {pack.kind for pack in packs if not pack.supplement},
        "can_clerk": can_clerk,
    }
