"""Access cases for the work programme (boards/views/programme.py)."""

from django.urls import reverse
from django.utils import timezone

from corporate_parenting.roles import Capability

from ..access import AccessCase
from ..factories import (
    ActionFactory,
    BoardFactory,
    MeetingFactory,
    RollingItemFactory,
    WorkProgrammeEntryFactory,
)

VIEW, CLERK = Capability.VIEW_BOARDS, Capability.CLERK_MEETINGS


def _board(w):
    return BoardFactory(organisation=w.organisation)


def _meeting(w):
    return MeetingFactory(board=_board(w))


def _planned_meeting(w):
    meeting = _meeting(w)
    WorkProgrammeEntryFactory(board=meeting.board, meeting=meeting)
    return meeting


def _rolling(w):
    return RollingItemFactory(board=_board(w))


def _entry(w):
    meeting = _meeting(w)
    return WorkProgrammeEntryFactory(board=meeting.board, meeting=meeting)


def _action(w):
    return ActionFactory(meeting=_meeting(w))


def url(name, make):
    return lambda w: reverse(f"boards:{name}", args=[make(w).pk])


ROLLING = {
    "title": "Six-monthly update on the education of children in care",
    "cycle_months": "6",
    "starts_on": str(timezone.localdate()),
    "active": "on",
}

CASES = [
    AccessCase("boards:programme", url("programme", _board), VIEW, object_view=True),
    AccessCase(
        "boards:programme_generate",
        url("programme_generate", lambda w: _rolling(w).board),
        CLERK,
        method="post",
        object_view=True,
    ),
    AccessCase("boards:rolling_create", url("rolling_create", _board), CLERK, object_view=True),
    AccessCase(
        "boards:rolling_create (save)",
        url("rolling_create", _board),
        CLERK,
        method="post",
        data=ROLLING,
        object_view=True,
    ),
    AccessCase("boards:rolling_update", url("rolling_update", _rolling), CLERK, object_view=True),
    AccessCase(
        "boards:rolling_update (save)",
        url("rolling_update", _rolling),
        CLERK,
        method="post",
        data=ROLLING,
        object_view=True,
    ),
    AccessCase("boards:entry_create", url("entry_create", _board), CLERK, object_view=True),
    AccessCase(
        "boards:entry_create (save)",
        url("entry_create", _board),
        CLERK,
        method="post",
        data={
            "kind": "workshop",
            "title": "Foster carers in their first year",
            "who": "Foster carers in their first year of role",
            "purpose": "To hear what support they need",
        },
        object_view=True,
    ),
    AccessCase("boards:entry_update", url("entry_update", _entry), CLERK, object_view=True),
    AccessCase(
        "boards:entry_update (drop)",
        url("entry_update", _entry),
        CLERK,
        method="post",
        data={"title": "Annual report of the Virtual School", "status": "dropped"},
        object_view=True,
    ),
    AccessCase(
        "boards:agenda_from_programme",
        url("agenda_from_programme", _planned_meeting),
        CLERK,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "boards:action_to_programme",
        url("action_to_programme", _action),
        CLERK,
        method="post",
        object_view=True,
    ),
]
