"""The public meeting pages (/p/<org_slug>/meetings/): signed out, only published meetings,
minutes only once published, exempt items reduced to one line, co-opted members unnamed, and
nothing of another organisation."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards.models import AgendaItem, Attendance, BoardMember, Meeting

from ..factories import (
    AgendaItemFactory,
    BoardFactory,
    BoardMemberFactory,
    MeetingFactory,
    MinuteFactory,
    OrganisationFactory,
    ResolutionFactory,
)

# --- Builders shared by the public-output tests ---------------------------------------------


def published_meeting(board, *, days=-10, minutes=False, approved=False, **fields):
    """A meeting of `board` whose agenda is published; `minutes` publishes its minutes too."""
    now = timezone.now()
    status = Meeting.Status.AGENDA_PUBLISHED
    if days < 0:
        status = Meeting.Status.MINUTES_APPROVED if approved else Meeting.Status.HELD
    defaults = {
        "board": board,
        "starts_at": now + timedelta(days=days),
        "ends_at": now + timedelta(days=days, hours=2),
        "status": status,
        "agenda_published_at": now + timedelta(days=days - 7),
        "minutes_published_at": now + timedelta(days=days + 3) if minutes else None,
    }
    defaults.update(fields)
    return MeetingFactory(**defaults)


def item(meeting, title, *, minute_text=None, resolution=None, **fields):
    agenda_item = AgendaItemFactory(meeting=meeting, title=title, **fields)
    if minute_text is not None:
        minute = MinuteFactory(item=agenda_item, text=minute_text, number=fields.get("position"))
        if resolution:
            ResolutionFactory(minute=minute, text=resolution)
    return agenda_item


def meetings_url(organisation):
    return reverse("boards_public:meetings", args=[organisation.slug])


def meeting_url(meeting):
    return reverse("boards_public:meeting", args=[meeting.organisation.slug, meeting.pk])


@pytest.fixture
def board(db):
    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    return BoardFactory(organisation=organisation, name="Corporate Parenting Board")


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- The list of meetings ---------------------------------------------------------------


def test_the_list_shows_published_meetings_and_hides_the_rest(board):
    past = published_meeting(board, days=-30, minutes=True, approved=True)
    upcoming = published_meeting(board, days=20)
    scheduled = MeetingFactory(
        board=board, starts_at=timezone.now() + timedelta(days=60), venue="SECRET-VENUE"
    )
    never_published_cancel = MeetingFactory(
        board=board, status=Meeting.Status.CANCELLED, venue="CANCELLED-UNPUBLISHED"
    )
    cancelled = published_meeting(board, days=40, status=Meeting.Status.CANCELLED)

    html = text_of(Client().get(meetings_url(board.organisation)))

    assert meeting_url(past) in html
    assert meeting_url(upcoming) in html
    assert meeting_url(cancelled) in html and "Cancelled" in html
    assert meeting_url(scheduled) not in html and "SECRET-VENUE" not in html
    assert meeting_url(never_published_cancel) not in html
    assert "CANCELLED-UNPUBLISHED" not in html


def test_signed_out_pages_may_be_cached_by_shared_caches(board):
    response = Client().get(meetings_url(board.organisation))
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


def test_an_unknown_organisation_is_not_found(db):
    assert Client().get(reverse("boards_public:meetings", args=["nowhere"])).status_code == 404


def test_the_list_leaves_out_another_organisations_meetings(board):
    other_board = BoardFactory(organisation=OrganisationFactory(slug="elsewhere"))
    theirs = published_meeting(other_board, venue="ELSEWHERE-HALL")
    html = text_of(Client().get(meetings_url(board.organisation)))
    assert "ELSEWHERE-HALL" not in html and meeting_url(theirs) not in html


# --- One meeting ------------------------------------------------------------------------


def test_the_page_shows_the_notice_and_agenda_of_a_published_meeting(board):
    meeting = published_meeting(board, days=14, venue="Elizabeth II Court")
    item(meeting, "Children in care performance", number="6a", purpose="To note the figures.")
    html = text_of(Client().get(meeting_url(meeting)))
    assert "Elizabeth II Court" in html
    assert "6a. Children in care performance" in html
    assert "To note the figures." in html
    assert "The minutes are not published yet." in html


def test_an_unpublished_meeting_is_not_found(board):
    meeting = MeetingFactory(board=board)  # scheduled: agenda not published
    assert Client().get(meeting_url(meeting)).status_code == 404


def test_another_organisations_meeting_is_not_found_under_this_slug(board):
    theirs = published_meeting(BoardFactory(organisation=OrganisationFactory(slug="elsewhere")))
    url = reverse("boards_public:meeting", args=[board.organisation.slug, theirs.pk])
    assert Client().get(url).status_code == 404


def test_minutes_appear_only_once_published(board):
    meeting = published_meeting(board, days=-5)
    item(meeting, "Virtual School report", minute_text="MINUTE-TEXT", resolution="RESOLVED-TEXT")

    html = text_of(Client().get(meeting_url(meeting)))
    assert "MINUTE-TEXT" not in html and "RESOLVED-TEXT" not in html

    meeting.minutes_published_at = timezone.now()
    meeting.save()
    html = text_of(Client().get(meeting_url(meeting)))
    assert "MINUTE-TEXT" in html
    assert "Resolved:</strong> RESOLVED-TEXT" in html
    assert "Draft minutes, not yet approved" in html

    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.save()
    html = text_of(Client().get(meeting_url(meeting)))
    assert "MINUTE-TEXT" in html and "Draft minutes, not yet approved" not in html


def test_minute_numbers_are_printed_with_the_minutes(board):
    meeting = published_meeting(board, days=-5, minutes=True, approved=True)
    item(meeting, "Care leavers update", minute_text="Noted.", position=31)
    assert "31. Care leavers update" in text_of(Client().get(meeting_url(meeting)))


def test_an_exempt_item_shows_only_that_the_public_were_excluded(board):
    meeting = published_meeting(board, days=-5, minutes=True)
    item(
        meeting,
        "Placement of a named child",
        number="9",
        purpose="PRIVATE-PURPOSE",
        exempt=True,
        exempt_paragraph=AgendaItem.ExemptParagraph.P2,
        minute_text="PRIVATE-MINUTE",
        resolution="PRIVATE-RESOLUTION",
    )
    html = text_of(Client().get(meeting_url(meeting)))
    assert "Placement of a named child" not in html
    assert "PRIVATE-PURPOSE" not in html and "PRIVATE-MINUTE" not in html
    assert "PRIVATE-RESOLUTION" not in html
    assert "Exempt item: the public were excluded (Schedule 12A, paragraph 2)" in html
    # The agenda lists it in the words of the public pack's agenda, never its title.
    assert "Exempt item (paragraph 2): not for publication" in html


def test_attendance_names_councillors_but_not_coopted_members(board):
    meeting = published_meeting(board, days=-5, minutes=True)
    councillor = BoardMemberFactory(board=board, name="Councillor Ada Lovelace")
    young = BoardMemberFactory(board=board, name="Jordan Example", kind=BoardMember.Kind.COOPTED)
    Attendance.objects.create(
        organisation=board.organisation,
        meeting=meeting,
        member=councillor,
        status=Attendance.Status.PRESENT,
    )
    Attendance.objects.create(
        organisation=board.organisation,
        meeting=meeting,
        member=young,
        status=Attendance.Status.APOLOGIES,
    )
    html = text_of(Client().get(meeting_url(meeting)))
    assert "Councillor Ada Lovelace" in html
    assert "Jordan Example" not in html
    assert "A co-opted member" in html  # the board's wording, at the start of a row


def test_attendance_waits_for_the_minutes(board):
    meeting = published_meeting(board, days=-5)
    councillor = BoardMemberFactory(board=board, name="Councillor Ada Lovelace")
    Attendance.objects.create(
        organisation=board.organisation,
        meeting=meeting,
        member=councillor,
        status=Attendance.Status.PRESENT,
    )
    assert "Councillor Ada Lovelace" not in text_of(Client().get(meeting_url(meeting)))


def test_a_signed_in_visitor_gets_a_private_page(world):
    board = BoardFactory(organisation=world.organisation)
    meeting = published_meeting(board)
    client = Client()
    client.force_login(world.councillor, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(meeting_url(meeting))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
