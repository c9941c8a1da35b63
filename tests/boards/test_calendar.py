"""The iCalendar feeds: the board's published meetings for anyone, and one member's meetings
and workshops (by their secret link); both read back with a real parser (icalendar)."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting, WorkProgrammeEntry

from ..factories import (
    BoardFactory,
    BoardMemberFactory,
    MeetingFactory,
    OrganisationFactory,
    WorkProgrammeEntryFactory,
)
from .test_public import item, published_meeting

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def board(db):
    return BoardFactory(
        organisation=OrganisationFactory(slug="shire"), name="Corporate Parenting Board"
    )


def board_feed_url(board):
    return reverse("boards_public:board_calendar", args=[board.organisation.slug, board.pk])


def member_feed_url(member):
    return reverse(
        "boards_public:member_calendar", args=[member.organisation.slug, member.feed_token]
    )


def read(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(meeting):
    return f"meeting-{meeting.pk}@shire.corporate-parenting"


def test_the_board_feed_holds_exactly_the_published_meetings(board):
    summer = datetime.datetime(2030, 7, 3, 10, 0, tzinfo=LONDON)  # BST
    held = published_meeting(board, days=-20, minutes=True)
    coming = published_meeting(
        board, days=30, starts_at=summer, ends_at=summer + datetime.timedelta(hours=2)
    )
    cancelled = published_meeting(board, days=50, status=Meeting.Status.CANCELLED)
    scheduled = MeetingFactory(board=board)  # not published
    other_board = BoardFactory(organisation=board.organisation, name="Another board")
    elsewhere = published_meeting(other_board)

    events = read(Client().get(board_feed_url(board)))

    assert set(events) == {uid(held), uid(coming), uid(cancelled)}
    assert uid(scheduled) not in events and uid(elsewhere) not in events
    event = events[uid(coming)]
    start = event.decoded("DTSTART")
    assert start == summer
    assert str(start.tzinfo) == "Europe/London"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTEND") == summer + datetime.timedelta(hours=2)
    assert str(event["SUMMARY"]) == "Corporate Parenting Board"
    assert str(event["LOCATION"]) == "Council Chamber"
    assert str(event["URL"]).endswith(reverse("boards_public:meeting", args=["shire", coming.pk]))
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(events[uid(cancelled)]["STATUS"]) == "CANCELLED"


def test_the_board_feed_never_names_an_agenda_item(board):
    meeting = published_meeting(board)
    item(meeting, "Placement of a named child", exempt=True, exempt_paragraph=1)
    response = Client().get(board_feed_url(board))
    assert b"named child" not in response.content


def test_the_member_feed_holds_their_meetings_within_their_term_and_workshops(board):
    today = timezone.localdate()
    member = BoardMemberFactory(
        board=board,
        start_date=today - datetime.timedelta(days=100),
        end_date=today + datetime.timedelta(days=100),
    )
    before_term = published_meeting(board, days=-200)
    after_term = published_meeting(board, days=200)
    published = published_meeting(board, days=-10, minutes=True)
    scheduled = MeetingFactory(board=board)  # not yet published: the member still sees it
    cancelled = MeetingFactory(board=board, status=Meeting.Status.CANCELLED)
    other_board_meeting = published_meeting(BoardFactory(organisation=board.organisation))
    workshop = WorkProgrammeEntryFactory(
        board=board,
        kind=WorkProgrammeEntry.Kind.WORKSHOP,
        title="Meet the Children in Care Council",
        who="Board members and the Children in Care Council",
        purpose="To hear what young people want the board to look at",
        workshop_date=today + datetime.timedelta(days=21),
    )
    WorkProgrammeEntryFactory(
        board=board,
        kind=WorkProgrammeEntry.Kind.WORKSHOP,
        title="Dropped workshop",
        workshop_date=today + datetime.timedelta(days=22),
        status=WorkProgrammeEntry.Status.DROPPED,
    )
    WorkProgrammeEntryFactory(board=board, kind=WorkProgrammeEntry.Kind.ONE_OFF)

    events = read(Client().get(member_feed_url(member)))

    workshop_uid = f"workshop-{workshop.pk}@shire.corporate-parenting"
    assert set(events) == {uid(published), uid(scheduled), uid(cancelled), workshop_uid}
    for absent in (before_term, after_term, other_board_meeting):
        assert uid(absent) not in events
    assert str(events[uid(cancelled)]["STATUS"]) == "CANCELLED"
    assert "URL" not in events[uid(scheduled)]  # no public page yet
    assert str(events[uid(published)]["DTSTART"].params["TZID"]) == "Europe/London"
    entry = events[workshop_uid]
    assert str(entry["SUMMARY"]) == "Workshop: Meet the Children in Care Council"
    assert entry.decoded("DTSTART") == workshop.workshop_date  # all day
    assert entry.decoded("DTEND") == workshop.workshop_date + datetime.timedelta(days=1)
    description = str(entry["DESCRIPTION"])
    assert "Who: Board members and the Children in Care Council" in description
    assert "Purpose: To hear what young people want the board to look at" in description


def test_the_member_feed_is_not_shared_by_caches(board):
    member = BoardMemberFactory(board=board)
    response = Client().get(member_feed_url(member))
    assert "private" in response["Cache-Control"]


def test_an_unknown_token_is_not_found(board):
    BoardMemberFactory(board=board)
    url = reverse(
        "boards_public:member_calendar",
        args=["shire", "00000000-0000-4000-8000-000000000000"],
    )
    assert Client().get(url).status_code == 404


def test_a_token_under_another_organisations_slug_is_not_found(board):
    member = BoardMemberFactory(board=board)
    OrganisationFactory(slug="elsewhere")
    url = reverse("boards_public:member_calendar", args=["elsewhere", member.feed_token])
    assert Client().get(url).status_code == 404


def test_another_organisations_board_is_not_found_under_this_slug(board):
    theirs = BoardFactory(organisation=OrganisationFactory(slug="elsewhere"))
    url = reverse("boards_public:board_calendar", args=["shire", theirs.pk])
    assert Client().get(url).status_code == 404
