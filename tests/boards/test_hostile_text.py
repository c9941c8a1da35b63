"""Whatever people type reaches the feeds, calendars, the API and emails as text, never as markup:
each output is read back with a real parser (an XML parser for Atom, icalendar for iCalendar,
json for the API) and must carry the text exactly as typed. All names here are invented."""

import html
import json
from datetime import timedelta
from html.parser import HTMLParser

import icalendar
import pytest
from defusedxml import ElementTree
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards.models import Declaration, WorkProgrammeEntry
from boards.papers.models import AgendaPack
from boards.papers.services.packs import pack_notify_members
from boards.reminders import send_due_reminders

from ..factories import (
    ActionFactory,
    BoardFactory,
    BoardMemberFactory,
    OrganisationFactory,
    WorkProgrammeEntryFactory,
)
from .test_public import item, published_meeting

ATOM = "{http://www.w3.org/2005/Atom}"


def hostile(field):
    """A title that runs script if any output treats it as markup, named after its field."""
    return f'{field} X<script>alert(1)</script><img src=x onerror=alert(2)> & "it\'s"; a,b'


BOARD = hostile("Board")
VENUE = hostile("Venue")
ORGANISATION = hostile("Council")


@pytest.fixture
def board(db):
    organisation = OrganisationFactory(name=ORGANISATION, slug="shire")
    return BoardFactory(
        organisation=organisation,
        name=BOARD,
        usual_venue=hostile("Usual venue"),
        parent_body=hostile("Parent body"),
        enquiries_contact=hostile("Contact"),
    )


@pytest.fixture
def meeting(board):
    meeting = published_meeting(board, minutes=True, venue=VENUE)
    agenda_item = item(
        meeting,
        hostile("Item title"),
        minute_text=hostile("Minute"),
        resolution=hostile("Resolution"),
        purpose=hostile("Purpose"),
        presenter=hostile("Presenter"),
        number="1",
        position=1,
    )
    member = BoardMemberFactory(board=board, name=hostile("Member"))
    Declaration.objects.create(
        organisation=board.organisation,
        meeting=meeting,
        item=agenda_item,
        member=member,
        kind=Declaration.Kind.OTHER,
        words=hostile("Declaration"),
    )
    return meeting


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def html_tags(text):
    parser = _Tags()
    parser.feed(text)
    parser.close()
    return parser.tags


def test_the_atom_feed_carries_titles_as_text(meeting):
    response = Client().get(reverse("boards_public:feed", args=["shire"]))
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)

    title = feed.find(f"{ATOM}title")
    assert len(title) == 0
    assert title.text == f"{ORGANISATION}: board papers"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2  # the agenda and the minutes
    when = f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"
    titles = set()
    for entry in entries:
        entry_title = entry.find(f"{ATOM}title")
        assert len(entry_title) == 0, "the title holds XML elements"
        assert entry_title.get("type", "text") == "text"
        titles.add(entry_title.text)
        summary = entry.find(f"{ATOM}summary")
        assert len(summary) == 0, "the summary holds XML elements"
        # An HTML summary is read by the feed reader as HTML: it must hold no tag at all, and
        # read as the words typed.
        assert summary.get("type") == "html"
        assert html_tags(summary.text) == [], f"live markup in the summary: {summary.text}"
        assert f"of the {BOARD} on {when}" in html.unescape(summary.text)
    assert titles == {f"Agenda: {BOARD}, {when}", f"Draft minutes: {BOARD}, {when}"}


def events_of(response):
    assert response.status_code == 200, response.status_code
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_the_board_calendar_carries_names_as_text(meeting, board):
    url = reverse("boards_public:board_calendar", args=["shire", board.pk])
    calendar, events = events_of(Client().get(url))

    assert str(calendar["X-WR-CALNAME"]) == f"{BOARD}, {ORGANISATION}"
    (event,) = events
    assert str(event["SUMMARY"]) == BOARD
    assert str(event["LOCATION"]) == VENUE


def test_the_member_calendar_carries_workshops_as_text(meeting, board):
    member = BoardMemberFactory(board=board, start_date=timezone.localdate() - timedelta(days=90))
    injection = "Line one\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected"
    WorkProgrammeEntryFactory(
        board=board,
        kind=WorkProgrammeEntry.Kind.WORKSHOP,
        title=hostile("Workshop"),
        who=hostile("Who"),
        purpose=injection,
        workshop_date=timezone.localdate() + timedelta(days=5),
    )
    url = reverse("boards_public:member_calendar", args=["shire", member.feed_token])
    calendar, events = events_of(Client().get(url))

    assert str(calendar["X-WR-CALNAME"]) == f"{BOARD}: meetings and workshops"
    assert len(events) == 2, "a line break in a text made a new event"
    summaries = {str(event["SUMMARY"]) for event in events}
    assert summaries == {BOARD, f"Workshop: {hostile('Workshop')}"}
    workshop = next(e for e in events if str(e["SUMMARY"]).startswith("Workshop"))
    # iCalendar text has one kind of line break; the break is kept, as text.
    purpose = injection.replace("\r\n", "\n")
    assert str(workshop["DESCRIPTION"]) == f"Who: {hostile('Who')}\nPurpose: {purpose}"


def test_the_api_carries_every_text_as_typed(meeting, board):
    client = Client()
    listed = json.loads(client.get(reverse("boards_api:meetings", args=["shire"])).content)
    (row,) = listed["results"] if isinstance(listed, dict) else listed
    assert (row["board"], row["venue"]) == (BOARD, VENUE)

    detail = json.loads(
        client.get(reverse("boards_api:meeting", args=["shire", meeting.pk])).content
    )
    assert detail["parent_body"] == hostile("Parent body")
    assert detail["enquiries_contact"] == hostile("Contact")
    (agenda_item,) = detail["items"]
    assert agenda_item["title"] == hostile("Item title")
    assert agenda_item["purpose"] == hostile("Purpose")
    assert agenda_item["presenter"] == hostile("Presenter")
    assert agenda_item["minute"]["text"] == hostile("Minute")
    assert agenda_item["minute"]["resolutions"] == [hostile("Resolution")]
    (declaration,) = agenda_item["declarations"]
    assert (declaration["member"], declaration["words"]) == (
        hostile("Member"),
        hostile("Declaration"),
    )

    decisions = json.loads(client.get(reverse("boards_api:decisions", args=["shire"])).content)
    (decision,) = decisions["results"] if isinstance(decisions, dict) else decisions
    assert decision["text"] == hostile("Resolution")
    assert decision["item_title"] == hostile("Item title")
    assert decision["board"] == BOARD


# --- Emails: plain text carries the text as typed, never &lt; or &amp; ----------------------

PLAIN = 'Children & Young People\'s <Board> "Shire"'


def test_the_pack_email_subject_and_body_carry_the_board_as_typed(world):
    board = BoardFactory(organisation=world.organisation, name=PLAIN)
    meeting = published_meeting(board, days=7)
    BoardMemberFactory(board=board, name="Chair", user=world.councillor)
    pack = AgendaPack.objects.create(
        organisation=world.organisation,
        meeting=meeting,
        kind=AgendaPack.Kind.PUBLIC,
        state=AgendaPack.State.READY,
        page_count=12,
    )

    assert pack_notify_members(pack=pack) == 1
    (message,) = mail.outbox
    assert PLAIN in message.subject, message.subject
    assert PLAIN in message.body
    assert "&amp;" not in message.subject + message.body
    assert "&lt;" not in message.subject + message.body


def test_the_action_reminder_carries_the_action_as_typed(world):
    board = BoardFactory(organisation=world.organisation, name=PLAIN)
    meeting = published_meeting(board, days=-7)
    ActionFactory(
        meeting=meeting,
        board=board,
        owner=world.officer,
        description=hostile("Action"),
        due_date=timezone.localdate(),
    )

    assert send_due_reminders() == 1
    (message,) = mail.outbox
    assert PLAIN in message.subject
    assert hostile("Action") in message.body
    assert PLAIN in message.body
    assert "&amp;" not in message.subject + message.body


# A line break in a name must not break, or add to, an email's headers.
BROKEN = "Shire Board\r\nBcc: someone@example.org"


def test_a_line_break_in_the_board_name_stays_out_of_the_email_headers(world):
    board = BoardFactory(organisation=world.organisation, name=BROKEN)
    meeting = published_meeting(board, days=7)
    BoardMemberFactory(board=board, name="Chair", user=world.councillor)
    pack = AgendaPack.objects.create(
        organisation=world.organisation,
        meeting=meeting,
        kind=AgendaPack.Kind.PUBLIC,
        state=AgendaPack.State.READY,
        page_count=12,
    )
    ActionFactory(meeting=meeting, board=board, owner=world.officer, due_date=timezone.localdate())

    assert pack_notify_members(pack=pack) == 1
    assert send_due_reminders() == 1
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Shire Board Bcc: someone@example.org" in message.subject
        headers = message.message().as_string().split("\n\n", 1)[0]
        assert "\nBcc:" not in headers
        assert message.recipients() == [message.to[0]]
