"""The progress report: "what we committed to, what we did, what is still to do" for a period,
as a page and as a tagged PDF made by a Celery task."""

import io
import os
import re
import time
from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from corporate_parenting.pdf.jobs import stalled_after
from pledges import reports, services
from pledges.models import ProgressReport, ProgressUpdate, Status
from pledges.tasks import render_progress_report
from pledges.views import reports as report_views

from ..access import client_for
from ..factories import (
    CommitmentActionFactory,
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)
from .test_dashboard import texts

START, END = date(2025, 4, 1), date(2025, 9, 30)
PERIOD = {"start": "2025-04-01", "end": "2025-09-30"}


@pytest.fixture
def eager():
    """Tasks run in this process, even when REDIS_URL has turned eager mode off."""
    from corporate_parenting.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


class Pledge:
    """An adopted pledge of world.organisation with a history around the period."""

    def __init__(self, organisation):
        self.version = PledgeVersionFactory(organisation=organisation, adopted=True)
        self.voice = ThemeFactory(version=self.version, title="Your Voice", position=0)
        self.home = ThemeFactory(version=self.version, title="Your Home", position=1)
        self.listen = CommitmentFactory(
            theme=self.voice, wording="We will listen to you and act on what you tell us"
        )
        self.match = CommitmentFactory(
            theme=self.home,
            wording="We will match you to a home on what you need, not on what is free",
        )
        self.visit = CommitmentFactory(
            theme=self.home, wording="We will visit you in your home at least every six weeks"
        )
        self.quiet = CommitmentFactory(
            theme=self.voice, wording="We will tell you who your independent visitor is"
        )
        CommitmentActionFactory(
            commitment=self.match, description="Rewrite the matching form with the Care Council"
        )
        CommitmentActionFactory(
            commitment=self.visit, description="This action is done: the promise is achieved"
        )
        update = ProgressUpdateFactory
        update(
            commitment=self.listen,
            as_of=START - timedelta(days=1),
            status=Status.AT_RISK,
            narrative="Narrative from before the period.",
        )
        update(
            commitment=self.listen,
            as_of=START,
            status=Status.ON_TRACK,
            narrative="Held four Care Council meetings; 31 young people came.",
            public_summary="We met you four times and changed three things.",
        )
        update(
            commitment=self.listen,
            as_of=END + timedelta(days=1),
            status=Status.ON_TRACK,
            narrative="Narrative from after the period.",
        )
        update(
            commitment=self.listen,
            as_of=START + timedelta(days=30),
            status=Status.OFF_TRACK,
            narrative="Narrative still waiting for approval.",
            state=ProgressUpdate.State.SUBMITTED,
            approved_at=None,
        )
        update(
            commitment=self.listen,
            as_of=START + timedelta(days=40),
            status=Status.OFF_TRACK,
            narrative="Narrative in draft.",
            state=ProgressUpdate.State.DRAFT,
            approved_at=None,
        )
        update(
            commitment=self.match,
            as_of=END,
            status=Status.AT_RISK,
            narrative="Only 12 of 20 matches used the new form.",
        )
        update(
            commitment=self.visit,
            as_of=date(2025, 6, 15),
            status=Status.ACHIEVED,
            narrative="Every child was visited within six weeks: 212 of 212.",
        )


@pytest.fixture
def pledge(world):
    return Pledge(world.organisation)


def _text(response):
    return " ".join(response.content.decode().split())


def _pdf_text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# The page ---------------------------------------------------------------------------------


def test_the_page_shows_what_we_committed_to_did_and_still_have_to_do(world, pledge):
    response = client_for(world.councillor).get(reverse("pledges:report"), PERIOD)
    assert response.status_code == 200
    text = _text(response)
    for part in ("What we committed to", "What we did in the period", "What is still to do"):
        assert part in text
    assert "1 April 2025 to 30 September 2025" in text
    for title in ("Your Voice", "Your Home"):
        assert title in text
    # What we committed to
    for commitment in (pledge.listen, pledge.match, pledge.visit, pledge.quiet):
        assert commitment.wording in text
    # What we did: approved updates in the period, with their public summary
    assert "Held four Care Council meetings; 31 young people came." in text
    assert "We met you four times and changed three things." in text
    assert "Only 12 of 20 matches used the new form." in text
    assert "No approved update in this period." in text  # pledge.quiet
    # ... and nothing outside the period, nor anything not approved
    assert "before the period" not in text
    assert "after the period" not in text
    assert "waiting for approval" not in text
    assert "in draft" not in text
    # What is still to do: each promise's actions are listed with their own status; an
    # achieved promise has nothing left to do, even on an action that never had progress.
    assert "Rewrite the matching form with the Care Council" in text
    assert "This action is done: the promise is achieved" in text
    assert "Nothing: its promise is achieved." in text
    assert "Nothing: achieved." in text
    # The status now, with its words, and the rules behind it
    rows = {row.commitment.pk: row for t in response.context["themes"] for row in t.rows}
    assert rows[pledge.listen.pk].status == Status.ON_TRACK  # the after-period update
    assert rows[pledge.match.pk].status == Status.AT_RISK
    assert rows[pledge.visit.pk].status == Status.ACHIEVED
    assert rows[pledge.quiet.pk].status == Status.NOT_STARTED
    for label in ("On track", "At risk", "Achieved", "Not started"):
        assert label in text
    assert "How statuses are worked out" in text
    assert response.context["update_count"] == 3
    assert response.context["updated_count"] == 3
    assert response.context["not_updated_count"] == 1


def test_the_period_defaults_to_the_last_six_months(world, pledge):
    today = timezone.localdate()
    ProgressUpdateFactory(
        commitment=pledge.quiet, as_of=today - timedelta(days=20), narrative="Recent news."
    )
    ProgressUpdateFactory(
        commitment=pledge.quiet, as_of=today - timedelta(days=200), narrative="Old news."
    )
    response = client_for(world.officer).get(reverse("pledges:report"))
    assert response.status_code == 200
    start, end = response.context["period"]
    assert end == today
    assert start == report_views.months_before(today, 6)
    assert 181 <= (end - start).days <= 184
    text = _text(response)
    assert "Recent news." in text
    assert "Old news." not in text


def test_a_date_typed_the_british_way_is_understood(world, pledge):
    response = client_for(world.councillor).get(
        reverse("pledges:report"), {"start": "1/4/2025", "end": "30/09/2025"}
    )
    assert response.context["period"] == (START, END)


def test_months_before_keeps_to_the_end_of_a_shorter_month():
    assert report_views.months_before(date(2025, 8, 31), 6) == date(2025, 2, 28)
    assert report_views.months_before(date(2025, 3, 15), 6) == date(2024, 9, 15)


@pytest.mark.parametrize(
    "query, message",
    [
        ({"start": "2025-13-01", "end": "2025-09-30"}, "Enter the start date as a real date"),
        ({"start": "2025-04-01", "end": "31/09/2025"}, "Enter the end date as a real date"),
        ({"start": "2025-04-01"}, "Enter the date the period ends"),
        ({"start": "", "end": "2025-09-30"}, "Enter the date the period starts"),
        (
            {"start": "2025-09-30", "end": "2025-04-01"},
            "The end date must be the same as or after the start date",
        ),
    ],
)
def test_a_bad_period_gets_a_clear_message_and_no_report(world, pledge, query, message):
    response = client_for(world.councillor).get(reverse("pledges:report"), query)
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert message in text
    assert 'data-testid="report-theme"' not in text


def test_without_an_adopted_pledge_the_page_says_so(world):
    PledgeVersionFactory(organisation=world.organisation)  # a draft only
    response = client_for(world.councillor).get(reverse("pledges:report"), PERIOD)
    assert response.status_code == 200
    assert "has no adopted pledge yet" in _text(response)
    assert 'data-testid="request-pdf"' not in response.content.decode()


def test_the_page_shows_only_the_members_organisation(world, pledge):
    other = Pledge(world.other_organisation)
    other.voice.title = "Elsewhere's own theme"
    other.voice.save()
    text = _text(client_for(world.councillor).get(reverse("pledges:report"), PERIOD))
    assert "Elsewhere's own theme" not in text


# Numbers, coverage, actions and withdrawn promises (issue 11) -------------------------------


class NumberedPlan:
    """An adopted plan of numbered pledges with no themes (one untitled theme): the first
    promise has two actions, one with progress in the period; the second has its own
    progress; the third is withdrawn."""

    def __init__(self, organisation, officer):
        self.version = PledgeVersionFactory(organisation=organisation, adopted=True, numbered=True)
        theme = ThemeFactory(version=self.version, title="", lead_in="")
        self.first = CommitmentFactory(
            theme=theme, position=1, wording="We will find you a home near your school"
        )
        self.second = CommitmentFactory(
            theme=theme, position=2, wording="We will help you stay in touch with your family"
        )
        self.third = CommitmentFactory(
            theme=theme, position=3, wording="We will run a summer camp every year"
        )
        self.matching = CommitmentActionFactory(
            commitment=self.first,
            position=1,
            description="Match placements by school catchment",
            owner="Team Manager: Family Placement",
            timeline="By March 2026",
            links="Sufficiency Strategy 2025-2028",
        )
        self.transport = CommitmentActionFactory(
            commitment=self.first,
            position=2,
            description="Pay for taxis to school after a move",
            timeline="By September 2026",
            expected_outcome="No child changes school because of a move",
        )
        ProgressUpdateFactory(
            commitment=self.first,
            action=self.matching,
            as_of=START + timedelta(days=10),
            status=Status.ON_TRACK,
            narrative="Eleven of twelve placements matched by catchment ACTION-NARRATIVE.",
        )
        ProgressUpdateFactory(
            commitment=self.second,
            as_of=START + timedelta(days=20),
            status=Status.ACHIEVED,
            narrative="Every child has a contact plan.",
        )
        ProgressUpdateFactory(
            commitment=self.third, as_of=START + timedelta(days=5), status=Status.OFF_TRACK
        )
        services.commitment_withdraw(
            commitment=self.third, reason="The camp is now run by the county's partners", by=officer
        )


def _visible(html: str) -> str:
    """The page's words without its markup (links' addresses are not words people read)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_report_numbers_promises_and_actions_with_their_own_status_and_coverage(world):
    NumberedPlan(world.organisation, world.officer)
    response = client_for(world.councillor).get(reverse("pledges:report"), PERIOD)
    html = response.content.decode()
    text = _visible(html)
    # Numbers, as the council says them.
    assert "Pledge 1: We will find you a home near your school" in text
    assert "Pledge 2: We will help you stay in touch with your family" in text
    assert "Action 1.1: Match placements by school catchment" in text
    assert "Action 1.2: Pay for taxis to school after a move" in text
    assert "Responsible: Team Manager: Family Placement" in text
    assert "Links to other plans: Sufficiency Strategy 2025-2028" in text
    # Each action with its own status; the update in the period under its action.
    action_rows = texts(html, "report-action-row")
    assert len(action_rows) == 2
    assert "ACTION-NARRATIVE" in action_rows[0] and "On track" in action_rows[0]
    assert "Not started" in action_rows[1] and "ACTION-NARRATIVE" not in action_rows[1]
    assert "Expected outcome: No child changes school because of a move" in action_rows[1]
    # The promise takes its status from its actions, with its coverage beside it.
    rows = texts(html, "report-row")
    assert "At risk" in rows[0] and "1 of 2 actions have progress" in rows[0]
    assert "ACTION-NARRATIVE" not in rows[0]  # under the action, not the promise
    assert "See its actions below." in rows[0]
    assert "Every child has a contact plan." in rows[1] and "Achieved" in rows[1]
    # The whole pledge: its coverage beside its status; the withdrawn promise not counted.
    (overall,) = texts(html, "report-overall")
    assert "The pledge has 2 promises." in overall
    assert "At risk" in overall and "All 2 promises have progress" in overall
    assert response.context["coverage"].total == 2
    assert response.context["commitment_count"] == 2
    assert response.context["update_count"] == 2  # not the withdrawn promise's
    assert sum(count for _status, count in response.context["counts"]) == 2
    assert "1 promise withdrawn" in texts(html, "report-withdrawn-count")[0]
    # ... but listed, as withdrawn, with its reason.
    assert "Pledge 3: We will run a summer camp every year" in rows[2]
    assert "Withdrawn" in rows[2]
    assert "The camp is now run by the county's partners" in rows[2]
    assert texts(html, "status-now")[2].startswith("Withdrawn On ")  # no status of its own
    # A plan with no themes shows no theme heading.
    assert texts(html, "theme-status") == []
    assert "in 1 theme" not in text
    assert "commitment" not in text.lower()


def test_the_report_gives_each_themes_coverage_beside_its_status(world, pledge):
    html = client_for(world.councillor).get(reverse("pledges:report"), PERIOD).content.decode()
    voice, home = texts(html, "theme-status")
    # Your Voice: one on track, one with no progress at all: at best at risk.
    assert "At risk" in voice and "1 of 2 promises have progress" in voice
    assert "At risk" in home and "All 2 promises have progress" in home
    (overall,) = texts(html, "report-coverage")
    assert overall == "3 of 4 promises have progress"
    assert "commitment" not in _visible(html).lower()


def test_the_pdf_reads_back_with_numbers_actions_coverage_and_withdrawn_promises(world):
    plan = NumberedPlan(world.organisation, world.officer)
    context = reports.report_context(version=plan.version, start=START, end=END)
    text = _pdf_text(PdfReader(io.BytesIO(reports.render_pdf(context))))
    for words in (
        "Pledge 1: We will find you a home near your school",
        "Pledge 2: We will help you stay in touch with your family",
        "Action 1.1: Match placements by school catchment",
        "Action 1.2: Pay for taxis to school after a move",
        "ACTION-NARRATIVE",
        "Every child has a contact plan.",
        "1 of 2 actions have progress",
        "All 2 promises have progress",
        "1 promise withdrawn",
        "The camp is now run by the county's partners",
        "Withdrawn",
        "Progress on each promise",
    ):
        assert words in text, words
    assert "Themes" not in text  # no table of themes for a plan without them
    assert "commitment" not in text.lower()


def test_the_pdf_of_a_themed_pledge_gives_each_themes_coverage(world, pledge):
    context = reports.report_context(version=pledge.version, start=START, end=END)
    text = _pdf_text(PdfReader(io.BytesIO(reports.render_pdf(context))))
    assert "Overall status: At risk (3 of 4 promises have progress)" in text
    assert "1 of 2 promises have progress" in text  # Your Voice
    assert "Coverage" in text
    assert "commitment" not in text.lower()


def _queries(version):
    with CaptureQueriesContext(connection) as captured:
        reports.report_context(version=version, start=START, end=END)
    return len(captured)


def test_the_report_runs_a_fixed_number_of_queries(world, pledge):
    _queries(pledge.version)  # the first creates the organisation's pledge settings
    small = _queries(pledge.version)
    for theme_number in range(3):
        theme = ThemeFactory(version=pledge.version, title=f"Extra theme {theme_number}")
        for _ in range(4):
            commitment = CommitmentFactory(theme=theme)
            CommitmentActionFactory(commitment=commitment)
            ProgressUpdateFactory(commitment=commitment, as_of=START + timedelta(days=5))
            ProgressUpdateFactory(commitment=commitment, as_of=START + timedelta(days=50))
    assert _queries(pledge.version) == small


# The PDF ----------------------------------------------------------------------------------


def _request_pdf(client, django_capture_on_commit_callbacks, data=PERIOD):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pledges:report_request"), data)
    return response


def test_requesting_a_pdf_makes_a_ready_tagged_report(
    world, pledge, eager, django_capture_on_commit_callbacks
):
    client = client_for(world.clerk)
    response = _request_pdf(client, django_capture_on_commit_callbacks)
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("pledges:report_status", args=[report.pk])
    assert report.state == ProgressReport.State.READY, report.error
    assert report.organisation == world.organisation
    assert report.version == pledge.version
    assert report.requested_by == world.clerk
    assert report.finished_at is not None
    assert report.pdf.name.endswith(".pdf")
    assert "pledge-progress-2025-04-01-2025-09-30" in report.pdf.name

    with report.pdf.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    text = _pdf_text(reader)
    assert "Shire County Council" in text
    assert "Progress against the Pledge" in text
    assert "1 April 2025 to 30 September 2025" in text
    for title in ("Your Voice", "Your Home"):
        assert title in text
    for commitment in (pledge.listen, pledge.match, pledge.visit, pledge.quiet):
        assert commitment.wording in text
    for part in ("What we committed to", "What we did in the period", "What is still to do"):
        assert part in text
    for label in ("On track", "At risk", "Achieved", "Not started"):
        assert label in text
    assert "Held four Care Council meetings; 31 young people came." in text
    assert "Rewrite the matching form with the Care Council" in text
    assert "before the period" not in text
    assert "waiting for approval" not in text
    pages = len(reader.pages)
    assert f"Page 1 of {pages}" in " ".join(reader.pages[0].extract_text().split())
    # A title, a language and a structure tree: the PDF is tagged for screen readers.
    assert reader.metadata.title.startswith("Progress against the Pledge: Shire County Council")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]

    status = client.get(response.url)
    assert 'http-equiv="refresh"' not in status.content.decode()
    download = reverse("pledges:report_download", args=[report.pk])
    assert download in status.content.decode()
    pdf_response = client.get(download)
    assert pdf_response.status_code == 200
    assert pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response["Content-Disposition"] == (
        'attachment; filename="pledge-progress-2025-04-01-2025-09-30.pdf"'
    )
    assert b"".join(pdf_response.streaming_content).startswith(b"%PDF-")


def _queued(world, pledge, **fields):
    return ProgressReport.objects.create(
        organisation=world.organisation,
        version=pledge.version,
        period_start=START,
        period_end=END,
        **fields,
    )


def test_running_the_task_again_for_the_same_report_does_nothing(world, pledge, monkeypatch):
    report = _queued(world, pledge)
    render_progress_report(report.pk)
    report.refresh_from_db()
    assert report.state == ProgressReport.State.READY
    first = (report.pdf.name, report.finished_at)

    def must_not_render(context):
        raise AssertionError("rendered twice")

    monkeypatch.setattr(reports, "render_pdf", must_not_render)
    render_progress_report(report.pk)  # a redelivered task, say
    report.refresh_from_db()
    assert (report.pdf.name, report.finished_at) == first
    assert report.state == ProgressReport.State.READY

    # One another worker is rendering is not taken either.
    rendering = _queued(world, pledge, state=ProgressReport.State.RENDERING)
    assert reports.render_report(rendering.pk) is None
    rendering.refresh_from_db()
    assert rendering.state == ProgressReport.State.RENDERING


def test_a_rendering_error_is_recorded_and_raised(world, pledge, monkeypatch):
    def broken(context):
        raise RuntimeError("No fonts found on the worker")

    monkeypatch.setattr(reports, "render_pdf", broken)
    report = _queued(world, pledge)
    with pytest.raises(RuntimeError, match="No fonts"):
        render_progress_report(report.pk)
    report.refresh_from_db()
    assert report.state == ProgressReport.State.FAILED
    assert report.error == "No fonts found on the worker"
    assert report.finished_at is not None
    assert not report.pdf


def test_a_failed_report_shows_the_reason_and_a_try_again_button(
    world, pledge, eager, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(context):
        raise RuntimeError("No fonts found on the worker")

    monkeypatch.setattr(reports, "render_pdf", broken)
    client = client_for(world.councillor)
    response = _request_pdf(client, django_capture_on_commit_callbacks)
    report = ProgressReport.objects.get()
    assert report.state == ProgressReport.State.FAILED
    assert response.url == reverse("pledges:report_status", args=[report.pk])

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "The PDF could not be made" in html
    assert "No fonts found on the worker" in html
    assert 'data-testid="try-again"' in html
    assert f'action="{reverse("pledges:report_request")}"' in html
    assert 'name="start" value="2025-04-01"' in html
    assert 'name="end" value="2025-09-30"' in html
    assert 'http-equiv="refresh"' not in html
    assert client.get(reverse("pledges:report_download", args=[report.pk])).status_code == 404

    # Trying again (fonts now installed) makes a new report that works.
    monkeypatch.undo()
    again = _request_pdf(client, django_capture_on_commit_callbacks)
    latest = ProgressReport.objects.latest("pk")
    assert latest.pk != report.pk
    assert again.url == reverse("pledges:report_status", args=[latest.pk])
    assert latest.state == ProgressReport.State.READY, latest.error


def test_if_the_broker_refuses_the_task_the_report_says_so(
    world, pledge, monkeypatch, django_capture_on_commit_callbacks
):
    class Unreachable:
        def delay(self, report_id):
            raise ConnectionError("Redis is down")

    monkeypatch.setattr(reports, "render_progress_report", Unreachable())
    response = _request_pdf(client_for(world.officer), django_capture_on_commit_callbacks)
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert report.state == ProgressReport.State.FAILED
    assert "could not be queued" in report.error


@pytest.mark.parametrize("state", [ProgressReport.State.QUEUED, ProgressReport.State.RENDERING])
def test_the_status_page_polls_while_the_pdf_is_made(world, pledge, state):
    report = _queued(world, pledge, state=state)
    client = client_for(world.councillor)
    html = client.get(reverse("pledges:report_status", args=[report.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in html
    assert "<script>" not in html
    assert "being made" in html
    assert reverse("pledges:report_download", args=[report.pk]) not in html
    assert client.get(reverse("pledges:report_download", args=[report.pk])).status_code == 404


def test_a_report_that_never_finishes_stops_polling_and_offers_to_try_again(world, pledge):
    """A worker killed mid-render leaves the report claimed: it must not poll for ever."""
    report = _queued(world, pledge, state=ProgressReport.State.RENDERING)
    long_ago = timezone.now() - stalled_after() - timedelta(minutes=1)
    ProgressReport.objects.filter(pk=report.pk).update(created=long_ago)
    client = client_for(world.councillor)
    html = client.get(reverse("pledges:report_status", args=[report.pk])).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert "has not finished" in html
    assert 'data-testid="try-again"' in html
    response = client.post(reverse("pledges:report_request"), PERIOD)
    new = ProgressReport.objects.latest("pk")
    assert new.pk != report.pk
    assert response.url == reverse("pledges:report_status", args=[new.pk])


def test_asking_twice_follows_the_report_already_on_its_way(world, pledge):
    client = client_for(world.councillor)
    first = client.post(reverse("pledges:report_request"), PERIOD)  # callbacks not run: queued
    second = client.post(reverse("pledges:report_request"), PERIOD)
    report = ProgressReport.objects.get()
    assert report.state == ProgressReport.State.QUEUED
    assert first.url == second.url == reverse("pledges:report_status", args=[report.pk])
    other = client.post(reverse("pledges:report_request"), {**PERIOD, "end": "2025-10-31"})
    assert other.url != first.url
    assert ProgressReport.objects.count() == 2


def test_download_is_404_until_the_report_is_ready(world, pledge):
    report = _queued(world, pledge)
    client = client_for(world.councillor)
    url = reverse("pledges:report_download", args=[report.pk])
    for state in ProgressReport.State:
        if state != ProgressReport.State.READY:
            ProgressReport.objects.filter(pk=report.pk).update(state=state)
            assert client.get(url).status_code == 404, state
    ProgressReport.objects.filter(pk=report.pk).update(state=ProgressReport.State.READY)
    assert client.get(url).status_code == 404  # ready, but no file: still nothing to give
    report.refresh_from_db()
    report.pdf.name = "pledge-reports/gone.pdf"  # ready, but the file has been lost
    report.save()
    assert client.get(url).status_code == 404
    report.pdf.save("small.pdf", ContentFile(b"%PDF-1.7 small"), save=True)
    assert client.get(url).status_code == 200


def test_a_bad_period_for_a_pdf_gets_a_clear_message_and_no_report(
    world, pledge, eager, django_capture_on_commit_callbacks
):
    response = _request_pdf(
        client_for(world.councillor),
        django_capture_on_commit_callbacks,
        {"start": "2025-09-30", "end": "2025-04-01"},
    )
    assert response.status_code == 400
    assert "The end date must be the same as or after the start date" in _text(response)
    assert not ProgressReport.objects.exists()


def test_without_an_adopted_pledge_no_pdf_is_queued(
    world, eager, django_capture_on_commit_callbacks
):
    client = client_for(world.councillor)
    response = _request_pdf(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == reverse("pledges:report")
    assert not ProgressReport.objects.exists()
    assert "no adopted pledge" in _text(client.get(response.url))


# Through Redis to a real worker ------------------------------------------------------------


def _worker_media_root(celery_worker):
    """Where the worker process saves files: the MEDIA_ROOT it started with."""
    return getattr(celery_worker, "media_root", None) or os.environ.get(
        "MEDIA_ROOT", str(django_settings.BASE_DIR / "media")
    )


@pytest.mark.services
def test_a_real_worker_makes_the_pdf(transactional_db, celery_worker, world, monkeypatch, settings):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    settings.MEDIA_ROOT = _worker_media_root(celery_worker)  # to read back what it wrote
    pledge = Pledge(world.organisation)

    class ToTheTestWorker:
        """The worker consumes only its own queue: send the task there."""

        def delay(self, report_id):
            return render_progress_report.apply_async(args=[report_id], queue=celery_worker.queue)

    def not_here(context):
        raise AssertionError("The PDF was rendered in the test process, not by the worker")

    monkeypatch.setattr(reports, "render_progress_report", ToTheTestWorker())
    monkeypatch.setattr(reports, "render_pdf", not_here)

    response = client_for(world.officer).post(reverse("pledges:report_request"), PERIOD)
    assert response.status_code == 302
    report = ProgressReport.objects.get(version=pledge.version)
    deadline = time.monotonic() + 60
    while report.state in (ProgressReport.State.QUEUED, ProgressReport.State.RENDERING):
        if time.monotonic() > deadline:
            pytest.fail(f"The report was still {report.state} after 60 s")
        time.sleep(0.25)
        report.refresh_from_db()
    try:
        assert report.state == ProgressReport.State.READY, report.error
        with report.pdf.open("rb") as pdf:
            reader = PdfReader(io.BytesIO(pdf.read()))
        text = _pdf_text(reader)
        assert "Shire County Council" in text
        assert pledge.listen.wording in text
        assert "/StructTreeRoot" in reader.trailer["/Root"]
    finally:
        if report.pdf:
            report.pdf.delete(save=False)
