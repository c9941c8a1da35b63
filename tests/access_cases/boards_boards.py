"""Access cases for boards, members, meetings and the agenda builder (boards/views/boards.py).
boards:index has its case in core.py."""

from django.urls import reverse

from corporate_parenting.roles import Capability

from ..access import AccessCase
from ..factories import AgendaItemFactory, BoardFactory, BoardMemberFactory, MeetingFactory

VIEW, MANAGE, CLERK = Capability.VIEW_BOARDS, Capability.MANAGE_BOARDS, Capability.CLERK_MEETINGS


def _board(w):
    return BoardFactory(organisation=w.organisation)


def _member(w):
    return BoardMemberFactory(board=_board(w))


def _meeting(w):
    return MeetingFactory(board=_board(w))


def _item(w):
    return AgendaItemFactory(meeting=_meeting(w))


def _meeting_with_items(w):
    meeting = _meeting(w)
    w._reorder_items = [AgendaItemFactory(meeting=meeting) for _ in range(2)]
    return meeting


def _reversed_order(w):
    # Called after the URL, so it names the items of the meeting just made.
    return {"order": ",".join(str(item.pk) for item in reversed(w._reorder_items))}


def url(name, make=None):
    if make is None:
        return lambda w: reverse(f"boards:{name}")
    return lambda w: reverse(f"boards:{name}", args=[make(w).pk])


MEETING_DATA = {"date": "2030-12-03", "start_time": "14:00", "venue": "Chute Room"}
ITEM_DATA = {
    "number": "6",
    "title": "Bright Spots survey of children in care",
    "purpose": "To receive a report from the Director of Children's Services.",
    "kind": "report",
    "exempt_paragraph": "",
}

CASES = [
    AccessCase("boards:board_create", url("board_create"), MANAGE),
    AccessCase(
        "boards:board_create (save)",
        url("board_create"),
        MANAGE,
        method="post",
        data=lambda w: {
            "name": f"Board {w.organisation.boards.count()}",
            "quorum": 3,
            "first_minute_number": 1,
        },
    ),
    AccessCase("boards:board", url("board", _board), VIEW, object_view=True),
    AccessCase("boards:board_update", url("board_update", _board), MANAGE, object_view=True),
    AccessCase(
        "boards:board_update (save)",
        url("board_update", _board),
        MANAGE,
        method="post",
        data={"name": "Corporate Parenting Board", "quorum": 4, "first_minute_number": 28},
        object_view=True,
    ),
    AccessCase("boards:member_create", url("member_create", _board), MANAGE, object_view=True),
    AccessCase(
        "boards:member_create (save)",
        url("member_create", _board),
        MANAGE,
        method="post",
        data={
            "name": "Cllr Ada Fictional",
            "kind": "councillor",
            "role": "member",
            "start_date": "2025-05-01",
        },
        object_view=True,
    ),
    AccessCase("boards:member_update", url("member_update", _member), MANAGE, object_view=True),
    AccessCase(
        "boards:member_update (end term)",
        url("member_update", _member),
        MANAGE,
        method="post",
        data={
            "name": "Cllr Ada Fictional",
            "kind": "councillor",
            "role": "member",
            "start_date": "2020-05-01",
            "end_date": "2025-05-01",
        },
        object_view=True,
    ),
    AccessCase("boards:meeting_create", url("meeting_create", _board), CLERK, object_view=True),
    AccessCase(
        "boards:meeting_create (schedule)",
        url("meeting_create", _board),
        CLERK,
        method="post",
        data=MEETING_DATA,
        object_view=True,
    ),
    AccessCase("boards:meeting", url("meeting", _meeting), VIEW, object_view=True),
    AccessCase("boards:meeting_update", url("meeting_update", _meeting), CLERK, object_view=True),
    AccessCase(
        "boards:meeting_update (save)",
        url("meeting_update", _meeting),
        CLERK,
        method="post",
        data=MEETING_DATA,
        object_view=True,
    ),
    AccessCase(
        "boards:meeting_cancel",
        url("meeting_cancel", _meeting),
        CLERK,
        method="post",
        object_view=True,
    ),
    AccessCase("boards:item_create", url("item_create", _meeting), CLERK, object_view=True),
    AccessCase(
        "boards:item_create (save)",
        url("item_create", _meeting),
        CLERK,
        method="post",
        data=ITEM_DATA,
        object_view=True,
    ),
    AccessCase("boards:item_update", url("item_update", _item), CLERK, object_view=True),
    AccessCase(
        "boards:item_update (save)",
        url("item_update", _item),
        CLERK,
        method="post",
        data={**ITEM_DATA, "exempt": "on", "exempt_paragraph": "1"},
        object_view=True,
    ),
    AccessCase(
        "boards:item_delete", url("item_delete", _item), CLERK, method="post", object_view=True
    ),
    AccessCase(
        "boards:item_move",
        url("item_move", lambda w: _meeting_with_items(w) and w._reorder_items[1]),
        CLERK,
        method="post",
        data={"direction": "up"},
        object_view=True,
    ),
    AccessCase(
        "boards:agenda_reorder",
        url("agenda_reorder", _meeting_with_items),
        CLERK,
        method="post",
        data=_reversed_order,
        object_view=True,
    ),
    AccessCase(
        "boards:agenda_renumber",
        url("agenda_renumber", _meeting_with_items),
        CLERK,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "boards:agenda_publish",
        url("agenda_publish", _meeting_with_items),
        CLERK,
        method="post",
        object_view=True,
    ),
]
