"""Closing the loop with young people (issue 14, point 6): the public "You said, We did" page,
each district's and group's page with its one-page sheet, and the quarterly newsletter, the
PDFs made by the Celery task through the one PDF pipeline and read back with pypdf."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from participation.models import Attendance, Feedback, LoopSheet, Response
from participation.outputs import events_reach, quarter_of, you_said_we_did

from ..access import client_for
from ..factories import DistrictFactory
from .factories import (
    AttendanceFactory,
    EventFactory,
    FeedbackFactory,
    ResponseFactory,
    ResponseStatusFactory,
    ThemeFactory,
    YouthGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager():
    """Tasks run in this process, even when REDIS_URL has turned eager mode off."""
    from corporate_parenting.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def recent(days=20) -> date:
    return timezone.localdate() - timedelta(days=days)


def approved(organisation, public_text, *, text=None, themes=(), said_on=None, **fields):
    """An item approved for publication: its checked words in `public_text`."""
    item = FeedbackFactory(
        organisation=organisation,
        text=text or public_text,
        public_text=public_text,
        approved_at=timezone.now(),
        said_on=said_on or recent(),
        **fields,
    )
    item.themes.set(themes)
    return item


def unapproved(organisation, text, *, themes=(), **fields):
    item = FeedbackFactory(organisation=organisation, text=text, said_on=recent(), **fields)
    item.themes.set(themes)
    return item


def respond(items, text, *, status=Response.Status.DONE, reason="", by_whom="Virtual School"):
    organisation = items[0].organisation
    response = ResponseFactory(
        organisation=organisation,
        text=text,
        status=status,
        by_whom=by_whom,
        responded_on=recent(5),
    )
    response.items.set(items)
    if reason:
        ResponseStatusFactory(response=response, status=status, reason=reason, changed_on=recent(3))
    return response


def pdf_text(sheet) -> tuple[int, str]:
    with sheet.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


# The reading every output shares ---------------------------------------------------------------


def test_only_approved_items_in_their_checked_words_by_theme_with_what_was_done(world):
    org = world.organisation
    health = ThemeFactory(organisation=org, name="Health", position=2)
    school = ThemeFactory(organisation=org, name="School", position=1)
    answered = approved(org, "More help with homework", themes=[school, health])
    respond([answered], "Homework clubs in every district", reason="Agreed with the Virtual School")
    waiting = approved(org, "Dentist visits at weekends", themes=[health])
    approved(org, "Nothing to do in the holidays")  # no theme
    unapproved(org, "Not checked yet", themes=[school])
    approved(world.other_organisation, "Another council's words", themes=[])

    loop = you_said_we_did(org)

    assert [t.name for t in loop.themes] == ["School", "Health", "Other things you said"]
    assert loop.item_count == 3 and loop.answered_count == 1
    health_items = loop.themes[1].items
    assert [i.words for i in health_items] == ["More help with homework", waiting.public_text]
    done = health_items[0].responses[0]
    assert (done.text, done.status_label, done.reason) == (
        "Homework clubs in every district",
        "Done",
        "Agreed with the Virtual School",
    )


def test_events_and_reach_by_district_are_summed_from_the_rows(world):
    org = world.organisation
    north, south = (
        DistrictFactory(organisation=org, name="North"),
        DistrictFactory(organisation=org, name="South"),
    )
    both = EventFactory(organisation=org, date=recent())
    both.districts.set([north, south])
    AttendanceFactory(event=both, district=north, count=7)
    AttendanceFactory(event=both, district=south, count=4, group=Attendance.Group.CARE_LEAVERS)
    AttendanceFactory(event=both, district=south, count=3, group=Attendance.Group.STAFF)
    AttendanceFactory(event=both, district=None, count=2)
    old = EventFactory(organisation=org, date=recent(400))
    old.districts.set([north])
    AttendanceFactory(event=old, district=north, count=50)

    reach = events_reach(org, start=recent(100), end=timezone.localdate())

    assert reach.events == 1 and reach.young_people == 13  # staff are not young people
    assert [(r.name, r.events, r.young_people) for r in reach.rows] == [
        ("North", 1, 7),
        ("South", 1, 4),
        ("District not recorded", 0, 2),
    ]


# The public page -------------------------------------------------------------------------------


def test_the_public_page_shows_approved_items_by_theme_signed_out_and_is_cached(client, world):
    org = world.organisation
    theme = ThemeFactory(organisation=org, name="Where you live")
    item = approved(
        org, "More say in where I live", text="Written down before checking", themes=[theme]
    )
    respond([item], "You meet your new carers first", reason="Started in June", by_whom="J. Smith")
    unapproved(org, "An unchecked worry", themes=[theme])

    response = client.get(reverse("participation_public:you_said_we_did", args=[org.slug]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Where you live" in page
    assert "More say in where I live" in page
    assert "You meet your new carers first" in page and "Started in June" in page
    assert "Done" in page
    assert "Written down before checking" not in page
    assert "An unchecked worry" not in page
    assert "J. Smith" not in page  # no staff names, not even as "by whom"
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]

    home = client.get(reverse("public_home", args=[org.slug])).content.decode()
    assert reverse("participation_public:you_said_we_did", args=[org.slug]) in home


def test_the_public_page_filters_by_district_of_its_own_organisation_only(client, world):
    org = world.organisation
    north, south = (
        DistrictFactory(organisation=org, name="North"),
        DistrictFactory(organisation=org, name="South"),
    )
    theirs = DistrictFactory(organisation=world.other_organisation, name="Elsewhere")
    approved(org, "Said in the north", district=north)
    event = EventFactory(organisation=org)
    event.districts.set([south])
    approved(org, "Said at a southern event", event=event)
    url = reverse("participation_public:you_said_we_did", args=[org.slug])

    north_page = client.get(url, {"district": north.pk}).content.decode()
    assert "Said in the north" in north_page and "Said at a southern event" not in north_page
    south_page = client.get(url, {"district": south.pk}).content.decode()
    assert "Said at a southern event" in south_page and "Said in the north" not in south_page
    for odd in (theirs.pk, "x", "99999"):
        page = client.get(url, {"district": odd})
        assert page.status_code == 200
        assert "Said in the north" in page.content.decode()  # all areas


def test_the_public_page_of_an_unknown_council_is_404(client):
    assert (
        client.get(reverse("participation_public:you_said_we_did", args=["nowhere"])).status_code
        == 404
    )


def test_hostile_text_is_escaped_on_the_public_page(client, world):
    org = world.organisation
    theme = ThemeFactory(organisation=org, name="<b>Theme</b>")
    item = approved(org, "<script>alert(1)</script>", themes=[theme])
    respond([item], "<img src=x onerror=alert(2)>", reason="<script>alert(3)</script>")

    page = client.get(reverse("participation_public:you_said_we_did", args=[org.slug]))
    html = page.content.decode()

    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Theme" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# A district's and a group's page --------------------------------------------------------------


def test_a_districts_page_shows_its_items_to_councillors_in_checked_words(world):
    org = world.organisation
    north, south = (
        DistrictFactory(organisation=org, name="North"),
        DistrictFactory(organisation=org, name="South"),
    )
    item = approved(org, "Checked words", text="As written down", district=north)
    respond([item], "We changed the rota")
    approved(org, "From the south", district=south)
    url = reverse("participation:you_said_district", args=[north.pk])

    for member in (world.councillor, world.young_member, world.participation_officer):
        page = client_for(member).get(url).content.decode()
        assert "Checked words" in page and "We changed the rota" in page
        assert "As written down" not in page and "From the south" not in page


def test_a_groups_page_shows_the_items_from_its_events(world):
    org = world.organisation
    group = YouthGroupFactory(organisation=org, name="Children in Care Council")
    ours = EventFactory(organisation=org, group=group)
    approved(org, "Said at the council", event=ours)
    approved(org, "Said elsewhere", event=EventFactory(organisation=org))

    page = (
        client_for(world.councillor)
        .get(reverse("participation:you_said_group", args=[group.pk]))
        .content.decode()
    )

    assert "Said at the council" in page and "Said elsewhere" not in page


def test_a_period_that_is_not_a_period_is_told_and_nothing_is_lost(world):
    district = DistrictFactory(organisation=world.organisation)
    client = client_for(world.participation_officer)
    url = reverse("participation:you_said_district", args=[district.pk])

    bad = client.get(url, {"start": "2026-10-01", "end": "2026-01-01"})
    assert bad.status_code == 200
    assert "The end date must be the same as or after the start date" in bad.content.decode()

    refused = client.post(
        reverse("participation:you_said_district_pdf", args=[district.pk]),
        {"start": "31/02/2026", "end": "2026-03-01"},
    )
    assert refused.status_code == 400
    assert "Enter the start date as a real date" in refused.content.decode()
    assert not LoopSheet.objects.exists()


# The one-page sheets ---------------------------------------------------------------------------


def _request_sheet(client, url, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, data)


def test_a_districts_sheet_is_one_page_made_by_the_task_and_downloaded(
    world, eager, django_capture_on_commit_callbacks
):
    org = world.organisation
    north = DistrictFactory(organisation=org, name="North")
    theme = ThemeFactory(organisation=org, name="Family time")
    item = approved(org, "Call it family time, not contact", district=north, themes=[theme])
    respond([item], "Our letters now say family time", reason="Every letter is changed")
    client = client_for(world.participation_officer)
    period = {"start": recent(60).isoformat(), "end": timezone.localdate().isoformat()}

    response = _request_sheet(
        client,
        reverse("participation:you_said_district_pdf", args=[north.pk]),
        period,
        django_capture_on_commit_callbacks,
    )

    sheet = LoopSheet.objects.get()
    assert response.url == reverse("participation:loop_sheet_status", args=[sheet.pk])
    assert sheet.state == LoopSheet.State.READY, sheet.error
    assert (sheet.kind, sheet.district) == (LoopSheet.Kind.DISTRICT, north)
    status = client.get(response.url).content.decode()
    assert "The PDF is ready" in status
    download = client.get(reverse("participation:loop_sheet_download", args=[sheet.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"

    pages, text = pdf_text(sheet)
    assert pages == 1
    text = flat(text)
    assert "You said, We did" in text and "North" in text
    assert "Call it family time, not contact" in text
    assert "Our letters now say family time" in text and "Every letter is changed" in text
    assert f"/p/{org.slug}/you-said-we-did/?district={north.pk}" in text


def test_a_full_sheet_stays_on_one_page_and_says_how_many_more_and_where(
    world, eager, django_capture_on_commit_callbacks
):
    org = world.organisation
    group = YouthGroupFactory(organisation=org, name="Care Ambassadors")
    event = EventFactory(organisation=org, group=group, date=recent())
    long_words = "We want to be asked before anything changes where we live " * 7
    for n in range(9):
        item = approved(org, f"Item {n}: {long_words}"[:500], event=event)
        respond([item], f"Answer {n}: " + "We agreed this at the board and it is now done. " * 8)
    client = client_for(world.councillor)
    period = {"start": recent(60).isoformat(), "end": timezone.localdate().isoformat()}

    _request_sheet(
        client,
        reverse("participation:you_said_group_pdf", args=[group.pk]),
        period,
        django_capture_on_commit_callbacks,
    )

    sheet = LoopSheet.objects.get()
    assert sheet.state == LoopSheet.State.READY, sheet.error
    pages, text = pdf_text(sheet)
    assert pages == 1
    text = flat(text)
    shown = sum(1 for n in range(9) if f"Item {n}:" in text)
    assert 1 <= shown < 9
    assert f"And {9 - shown} more at" in text
    assert f"you-said-we-did/?group={group.pk}" in text


def test_two_clicks_make_one_sheet(world, django_capture_on_commit_callbacks, monkeypatch):
    from participation import tasks

    sent = []
    monkeypatch.setattr(tasks.render_loop_sheet, "delay", lambda pk: sent.append(pk))
    district = DistrictFactory(organisation=world.organisation)
    client = client_for(world.participation_officer)
    url = reverse("participation:you_said_district_pdf", args=[district.pk])
    data = {"start": "2026-01-01", "end": "2026-06-30"}

    first = _request_sheet(client, url, data, django_capture_on_commit_callbacks)
    second = _request_sheet(client, url, data, django_capture_on_commit_callbacks)

    assert first.url == second.url
    assert LoopSheet.objects.count() == 1 and len(sent) == 1
    page = client.get(first.url).content.decode()
    assert 'http-equiv="refresh"' in page and "waiting its turn" in page


# The quarterly newsletter ----------------------------------------------------------------------


def test_the_quarterly_newsletter_prints_items_by_theme_and_reach_by_district(
    world, eager, django_capture_on_commit_callbacks
):
    org = world.organisation
    start, end = quarter_of(timezone.localdate())
    north = DistrictFactory(organisation=org, name="North")
    event = EventFactory(organisation=org, date=start)
    event.districts.set([north])
    AttendanceFactory(event=event, district=north, count=17)
    theme = ThemeFactory(organisation=org, name="Health")
    item = approved(org, "Shorter waits for the dentist", themes=[theme], said_on=start)
    respond([item], "A dentist keeps slots for you", status=Response.Status.IN_PROGRESS)
    approved(org, "From last year", said_on=start - timedelta(days=200))
    client = client_for(world.officer)

    page = client.get(reverse("participation:newsletter")).content.decode()
    assert "1 item of feedback, 1 answered; 1 event, 17 young people reached" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("participation:newsletter_request"), {"quarter": start.isoformat()}
        )
    sheet = LoopSheet.objects.get(kind=LoopSheet.Kind.NEWSLETTER)
    assert response.url == reverse("participation:loop_sheet_status", args=[sheet.pk])
    assert sheet.state == LoopSheet.State.READY, sheet.error
    assert (sheet.period_start, sheet.period_end) == (start, end)
    _pages, text = pdf_text(sheet)
    text = flat(text)
    assert "Health" in text and "Shorter waits for the dentist" in text
    assert "A dentist keeps slots for you" in text and "Under way" in text
    assert "North 1 17" in text
    assert "From last year" not in text


def test_a_quarter_not_offered_is_refused_with_a_message(world):
    response = client_for(world.officer).post(
        reverse("participation:newsletter_request"), {"quarter": "1999-01-01"}
    )
    assert response.status_code == 400
    assert "Choose one of the quarters in the list" in response.content.decode()
    assert not LoopSheet.objects.exists()


def test_a_failed_sheet_says_why_and_offers_to_try_again(
    world, eager, monkeypatch, django_capture_on_commit_callbacks
):
    from participation import outputs

    def broken(sheet):
        raise RuntimeError("No fonts found on the worker")

    monkeypatch.setattr(outputs, "render_sheet_pdf", broken)
    district = DistrictFactory(organisation=world.organisation)
    client = client_for(world.participation_officer)
    response = _request_sheet(
        client,
        reverse("participation:you_said_district_pdf", args=[district.pk]),
        {"start": "2026-01-01", "end": "2026-06-30"},
        django_capture_on_commit_callbacks,
    )
    sheet = LoopSheet.objects.get()
    assert sheet.state == LoopSheet.State.FAILED
    page = client.get(response.url).content.decode()
    assert "No fonts found on the worker" in page and "Try again" in page
    assert (
        client.get(reverse("participation:loop_sheet_download", args=[sheet.pk])).status_code == 404
    )


def test_feedback_kinds_are_named_in_plain_words(world):
    item = approved(world.organisation, "Please knock first", kind=Feedback.Kind.NO_MORE)
    loop = you_said_we_did(world.organisation)
    assert loop.themes[0].items[0].kind_label == "No more"
    assert item.public_text == "Please knock first"
