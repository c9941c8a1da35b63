"""Access cases for the record of meetings (boards/views/record.py): attendance,
declarations, minutes, approval, corrections and publication."""

from django.urls import reverse
from django.utils import timezone

from boards.models import Declaration, Meeting
from corporate_parenting.roles import Capability

from ..access import AccessCase, client_for
from ..edit_guard import loaded
from ..factories import (
    AgendaItemFactory,
    BoardFactory,
    BoardMemberFactory,
    MeetingFactory,
    MinuteFactory,
)

CLERK, VIEW = Capability.CLERK_MEETINGS, Capability.VIEW_BOARDS
DAY = timezone.timedelta(days=1)


def _remember(w, **objects):
    """URL makers run before data makers: they leave here what the POST data needs."""
    w.__dict__.setdefault("record", {}).update(objects)


def _meeting(w, days=-7, **kwargs):
    board = BoardFactory(organisation=w.organisation)
    return MeetingFactory(board=board, starts_at=timezone.now() + days * DAY, **kwargs)


def _meeting_with_member(w):
    meeting = _meeting(w)
    member = BoardMemberFactory(board=meeting.board)
    item = AgendaItemFactory(meeting=meeting)
    _remember(w, member=member, item=item, meeting=meeting)
    return meeting


def _meeting_with_minutes(w):
    meeting = _meeting(w, days=-40, status=Meeting.Status.HELD)
    MinuteFactory(item=AgendaItemFactory(meeting=meeting))
    later = MeetingFactory(board=meeting.board, starts_at=timezone.now() - DAY)
    _remember(w, later=later)
    return meeting


def _locked_minute(w):
    meeting = _meeting(w, days=-40, status=Meeting.Status.MINUTES_APPROVED)
    return MinuteFactory(item=AgendaItemFactory(meeting=meeting), number=12)


def _declaration(w):
    meeting = _meeting(w)
    return Declaration.objects.create(
        organisation=w.organisation,
        meeting=meeting,
        member=BoardMemberFactory(board=meeting.board),
        kind=Declaration.Kind.PERSONAL,
        words="Is a foster carer.",
    )


def _member(w):
    return BoardMemberFactory(board=BoardFactory(organisation=w.organisation))


def url(name, make=None):
    if make is None:
        return lambda w: reverse(f"boards:{name}")
    return lambda w: reverse(f"boards:{name}", args=[make(w).pk])


def _attendance_data(w):
    member = w.record["member"]
    return {f"m{member.pk}-status": "present"}


def _declaration_data(w):
    return {
        "member": w.record["member"].pk,
        "item": w.record["item"].pk,
        "kind": "personal",
        "words": "Is a foster carer for the council.",
    }


def _minutes_data(w):
    item = w.record["item"]
    # The page's loaded state, as a clerk's browser would post it back (edit guard).
    tokens = loaded(client_for(w.clerk), reverse("boards:minutes", args=[item.meeting_id]))
    return {
        **tokens,
        f"i{item.pk}-text": "The Board received the report.",
        f"i{item.pk}-resolutions": "",
    }


CASES = [
    AccessCase("boards:attendance", url("attendance", _meeting), CLERK, object_view=True),
    AccessCase(
        "boards:attendance (save)",
        url("attendance", _meeting_with_member),
        CLERK,
        method="post",
        data=_attendance_data,
        object_view=True,
        ok_statuses=(302,),
    ),
    AccessCase(
        "boards:meeting_held",
        url("meeting_held", _meeting),
        CLERK,
        method="post",
        object_view=True,
        ok_statuses=(302,),
    ),
    AccessCase(
        "boards:member_attendance", url("member_attendance", _member), VIEW, object_view=True
    ),
    AccessCase("boards:my_attendance", url("my_attendance"), VIEW),
    AccessCase(
        "boards:declaration_create",
        url("declaration_create", _meeting),
        CLERK,
        object_view=True,
    ),
    AccessCase(
        "boards:declaration_create (save)",
        url("declaration_create", _meeting_with_member),
        CLERK,
        method="post",
        data=_declaration_data,
        object_view=True,
        ok_statuses=(302,),
    ),
    AccessCase(
        "boards:declaration_delete",
        url("declaration_delete", _declaration),
        CLERK,
        method="post",
        object_view=True,
        ok_statuses=(302,),
    ),
    AccessCase("boards:minutes", url("minutes", _meeting_with_member), CLERK, object_view=True),
    AccessCase(
        "boards:minutes (save)",
        url("minutes", _meeting_with_member),
        CLERK,
        method="post",
        data=_minutes_data,
        object_view=True,
        ok_statuses=(302,),
    ),
    AccessCase(
        "boards:minutes_approve",
        url("minutes_approve", _meeting_with_minutes),
        CLERK,
        object_view=True,
    ),
    AccessCase(
        "boards:minutes_approve (approve)",
        url("minutes_approve", _meeting_with_minutes),
        CLERK,
        method="post",
        data=lambda w: {"approved_at": w.record["later"].pk},
        object_view=True,
        ok_statuses=(302,),
    ),
    AccessCase(
        "boards:minutes_publish",
        url("minutes_publish", _meeting_with_minutes),
        CLERK,
        method="post",
        object_view=True,
        ok_statuses=(302,),
    ),
    AccessCase(
        "boards:minute_correct", url("minute_correct", _locked_minute), CLERK, object_view=True
    ),
    AccessCase(
        "boards:minute_correct (save)",
        url("minute_correct", _locked_minute),
        CLERK,
        method="post",
        data={"text": "The Board received the revised report.", "reason": "Agreed on 3 December"},
        object_view=True,
        ok_statuses=(302,),
    ),
]
