"""Dates out of range: the forms refuse them with a message that says what to change, and every
public page, feed, calendar and API still answers (and parses) for rows already stored with the
most extreme dates a database can hold."""

import datetime
import json

import icalendar
import pytest
from defusedxml import ElementTree
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards.models import Meeting, WorkProgrammeEntry

from ..factories import BoardFactory, BoardMemberFactory, OrganisationFactory
from ..factories import WorkProgrammeEntryFactory as EntryFactory
from .test_hostile_text import hostile, html_tags
from .test_public import item, published_meeting

UTC = datetime.UTC
# The last hour and the first moment a database can store: one has no room for a two-hour
# meeting after it, the other no room for the clocks of Europe/London (behind UTC in 0001).
LAST = datetime.datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
FIRST = datetime.datetime(1, 1, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def extremes(db):
    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    board = BoardFactory(organisation=organisation, name=hostile("Board"))
    meetings = []
    for moment in (LAST, FIRST):
        meeting = published_meeting(
            board, minutes=True, starts_at=moment, ends_at=None, agenda_published_at=moment
        )
        meeting.minutes_published_at = moment
        meeting.save()
        item(meeting, "Care leavers' housing", minute_text="Noted.", resolution="To note it.")
        meetings.append(meeting)
    for day in (datetime.date.max, datetime.date.min):
        EntryFactory(
            board=board,
            kind=WorkProgrammeEntry.Kind.WORKSHOP,
            title="Workshop on the pledge",
            workshop_date=day,
        )
    member = BoardMemberFactory(board=board, start_date=datetime.date.min)
    return {"board": board, "meetings": meetings, "member": member}


def get(url):
    response = Client().get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content


def test_public_pages_answer_for_extreme_dates(extremes):
    get(reverse("boards_public:meetings", args=["shire"]))
    for meeting in extremes["meetings"]:
        get(reverse("boards_public:meeting", args=["shire", meeting.pk]))


def test_the_atom_feed_parses_with_extreme_dates(extremes):
    feed = ElementTree.fromstring(get(reverse("boards_public:feed", args=["shire"])))
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 4  # an agenda and minutes for each meeting
    for entry in entries:
        summary = entry.find("{http://www.w3.org/2005/Atom}summary")
        assert len(summary) == 0 and html_tags(summary.text) == []
        assert hostile("Board") in entry.find("{http://www.w3.org/2005/Atom}title").text


def events(content):
    return list(icalendar.Calendar.from_ical(content).walk("VEVENT"))


def test_the_board_calendar_parses_with_extreme_dates(extremes):
    board = extremes["board"]
    found = events(get(reverse("boards_public:board_calendar", args=["shire", board.pk])))
    starts = sorted(event.decoded("DTSTART").astimezone(UTC) for event in found)
    assert starts == [FIRST, LAST]
    assert {str(event["SUMMARY"]) for event in found} == {hostile("Board")}


def test_the_member_calendar_parses_with_extreme_dates(extremes):
    token = extremes["member"].feed_token
    found = events(get(reverse("boards_public:member_calendar", args=["shire", token])))
    last, first = extremes["meetings"]
    uids = {str(event["UID"]).split("@")[0] for event in found}
    # In London time the first meeting falls on 31 December of year 0, before the term began.
    assert f"meeting-{last.pk}" in uids and f"meeting-{first.pk}" not in uids
    assert len(found) == 3  # the last meeting, two workshops
    workshops = sorted(e.decoded("DTSTART") for e in found if "Workshop" in str(e["SUMMARY"]))
    assert workshops == [datetime.date.min, datetime.date.max]


def test_the_api_parses_with_extreme_dates(extremes):
    listed = json.loads(get(reverse("boards_api:meetings", args=["shire"])))
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert len(rows) == 2
    assert {row["starts_at"][:4] for row in rows} == {"9999", "0001"}
    assert {row["board"] for row in rows} == {hostile("Board")}
    for meeting in extremes["meetings"]:
        detail = json.loads(get(reverse("boards_api:meeting", args=["shire", meeting.pk])))
        assert detail["id"] == meeting.pk
    decisions = json.loads(get(reverse("boards_api:decisions", args=["shire"])))
    rows = decisions["results"] if isinstance(decisions, dict) else decisions
    assert {row["meeting_date"][:4] for row in rows} == {"9999", "0001"}


def test_a_normal_meeting_still_reads_in_london_time(extremes):
    summer = datetime.datetime(2030, 7, 3, 10, 0, tzinfo=timezone.get_current_timezone())
    meeting = published_meeting(extremes["board"], days=-10, starts_at=summer, ends_at=None)
    assert meeting.status == Meeting.Status.HELD
    board = extremes["board"]
    found = events(get(reverse("boards_public:board_calendar", args=["shire", board.pk])))
    (event,) = [e for e in found if str(e["UID"]).startswith(f"meeting-{meeting.pk}@")]
    assert event.decoded("DTSTART") == summer
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTEND") == summer + datetime.timedelta(hours=2)
