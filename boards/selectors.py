"""Read-side queries of the boards app: the action log and matters arising.

Exempt items (Schedule 12A) are private to roles with Capability.VIEW_EXEMPT, and to co-opted
members only where their board allows it (Board.coopted_see_exempt). Actions arising from an
exempt item are as private as the item: `visible_actions()` leaves them out for everyone else.

Who reads a board report is in boards/papers/rules.py.
"""

from django.db.models import F, Q

from corporate_parenting.roles import Capability, Role

from .models import Action


def can_view_exempt(membership, board) -> bool:
    """May this member read the exempt items (and what arose from them) of `board`?"""
    if membership is None or not membership.is_active:
        return False
    if membership.can(Capability.VIEW_EXEMPT):
        return True
    return membership.role == Role.COOPTED and board.coopted_see_exempt


def _not_exempt():
    """Actions that did not arise from an exempt item (then or since: `from_exempt` keeps
    an action private after its item is removed; `item__exempt` after an item turns exempt)."""
    return Q(from_exempt=False) & (Q(item__isnull=True) | Q(item__exempt=False))


def visible_actions(membership):
    """The actions of the member's organisation that this member may read."""
    actions = Action.objects.for_organisation(membership.organisation)
    if membership.can(Capability.VIEW_EXEMPT):
        return actions
    visible = _not_exempt()
    if membership.role == Role.COOPTED:
        visible |= Q(board__coopted_see_exempt=True)
    return actions.filter(visible)


def action_log(membership, *, board=None, status="current", owner="", overdue=False, today):
    """The action log as filtered by the member: one query (with its related rows).

    status: "current" (open or in progress), "all", or one Action.Status value.
    owner: "" (anyone), "me" (the member's own), or an owner's name as minuted.
    """
    actions = visible_actions(membership).select_related("board", "meeting", "item", "owner")
    if board is not None:
        actions = actions.filter(board=board)
    if status == "current":
        actions = actions.open()
    elif status and status != "all":
        actions = actions.filter(status=status)
    if owner == "me":
        actions = actions.filter(owner=membership.user)
    elif owner:
        actions = actions.filter(owner_name=owner)
    if overdue:
        actions = actions.open().filter(due_date__lt=today)
    return actions.order_by(F("due_date").asc(nulls_last=True), "meeting__starts_at", "pk")


def owner_names(membership):
    """The names actions are owned under, for the log's owner filter."""
    return list(
        visible_actions(membership)
        .order_by("owner_name")
        .values_list("owner_name", flat=True)
        .distinct()
    )


def matters_arising(meeting, *, can_view_exempt=False):
    """Open actions carried forward to `meeting`: those arising from the board's earlier
    meetings that are not yet done or dropped. One query."""
    actions = (
        Action.objects.for_organisation(meeting.organisation_id)
        .open()
        .filter(board_id=meeting.board_id, meeting__starts_at__lt=meeting.starts_at)
        .select_related("meeting", "item", "owner")
        .order_by("meeting__starts_at", "due_date", "pk")
    )
    if not can_view_exempt:
        actions = actions.filter(_not_exempt())
    return actions
