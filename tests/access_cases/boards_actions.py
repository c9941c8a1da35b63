"""Access cases for the action log (boards/views/actions.py)."""

from django.urls import reverse

from corporate_parenting.roles import Capability

from ..access import AccessCase
from ..factories import ActionFactory, AgendaItemFactory, BoardFactory, MeetingFactory

VIEW, CLERK = Capability.VIEW_BOARDS, Capability.CLERK_MEETINGS


def _meeting(w):
    return MeetingFactory(board=BoardFactory(organisation=w.organisation))


def _action(w):
    item = AgendaItemFactory(meeting=_meeting(w))
    return ActionFactory(meeting=item.meeting, item=item)


def _meeting_with_item(w):
    """The meeting for the URL; its item is kept on the world for the POST data (the URL is
    made before the data for each visitor)."""
    item = AgendaItemFactory(meeting=_meeting(w))
    w.__dict__["_action_item"] = item
    return item.meeting


def url(name, make=None):
    if make is None:
        return lambda w: reverse(f"boards:{name}")
    return lambda w: reverse(f"boards:{name}", args=[make(w).pk])


CASES = [
    AccessCase("boards:actions", url("actions"), VIEW),
    AccessCase(
        "boards:actions (filtered)",
        lambda w: reverse("boards:actions") + "?status=all&owner=me&overdue=on",
        VIEW,
    ),
    AccessCase("boards:action", url("action", _action), VIEW, object_view=True),
    AccessCase("boards:action_create", url("action_create", _meeting), CLERK, object_view=True),
    AccessCase(
        "boards:action_create (save)",
        url("action_create", _meeting_with_item),
        CLERK,
        method="post",
        data=lambda w: {
            "item": w.__dict__["_action_item"].pk,
            "description": "Write to the young people to thank them.",
            "owner_name": "The Chair",
            "due_date": "2030-01-31",
        },
        object_view=True,
    ),
    AccessCase(
        "boards:action_update",
        url("action_update", _action),
        CLERK,  # and the action's owner: tests/boards/test_actions.py
        method="post",
        data={"text": "Letter sent.", "status": "done"},
        object_view=True,
    ),
]
