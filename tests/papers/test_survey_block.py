"""A survey result as a live block in a board report (issue 13, point 9): offered in the editor
next to the pledge progress table, drawn through surveys.published (chart and table), frozen
on publication with its "Figures as at" note, and printed in the agenda pack with its chart
and table. Acceptance: "A survey block in a report renders in the agenda pack with its chart
and table"."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from boards.papers.live_blocks import (
    SURVEY_INDICATOR,
    UNAVAILABLE,
    freeze_live_blocks,
    placeholder,
    render_live_blocks,
)
from boards.papers.models import AgendaPack, Report, ReportSection
from boards.papers.sanitise import clean_html
from surveys.models import Indicator

from ..access import client_for
from ..factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    ReportFactory,
    ReportTemplateFactory,
    TemplateSectionFactory,
)
from ..surveys.factories import ComparatorFactory, IndicatorFactory, InstrumentFactory, WaveFactory
from .test_reports import edit_data, make_report

pytestmark = pytest.mark.django_db

QUESTION = "Felt settled where they live"


@pytest.fixture(autouse=True)
def _render_in_this_process():
    """The pack is read back here, so its task runs in this process (as tests/papers/test_packs)."""
    from corporate_parenting.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def _indicator(organisation, *, count=60, denominator=80):
    instrument = InstrumentFactory(organisation=organisation, name="Your Life, Your Care")
    wave = WaveFactory(instrument=instrument, label="2018")
    indicator = IndicatorFactory(wave=wave, question=QUESTION, count=count, denominator=denominator)
    ComparatorFactory(indicator=indicator, percentage="52.0", label="16 other councils")
    return indicator


def _block(indicator_id):
    return placeholder(SURVEY_INDICATOR, indicator=indicator_id)


def test_the_block_shows_the_published_result_with_its_chart_and_table(world):
    indicator = _indicator(world.organisation)

    rendered = render_live_blocks(
        f"<p>What children said:</p>{_block(indicator.pk)}", organisation=world.organisation
    )

    assert "data-live-block=" not in rendered
    assert f'<h3 class="govuk-heading-s">{QUESTION}</h3>' in rendered
    assert '<img class="cp-chart__image" src="data:image/svg+xml' in rendered
    assert "<table" in rendered and "75%" in rendered and "52%" in rendered
    assert "Figures as at" not in rendered


def test_another_councils_or_a_deleted_indicator_is_no_longer_available(world):
    theirs = _indicator(world.other_organisation)
    gone = _indicator(world.organisation)
    gone_pk = gone.pk
    gone.delete()

    for pk in (theirs.pk, gone_pk, "not-a-number"):
        rendered = render_live_blocks(_block(pk), organisation=world.organisation)
        assert UNAVAILABLE in rendered
        assert QUESTION not in rendered


def test_the_sanitiser_keeps_the_placeholder_as_it_is(world):
    block = _block(12)
    assert block == '<div data-live-block="survey-indicator" data-indicator="12"></div>'
    assert clean_html(f"<p>Text</p>{block}") == f"<p>Text</p>{block}"
    hostile = (
        '<div data-live-block="survey-indicator" data-indicator="12" onclick="x()" class="y">'
        "<img src=x onerror=alert(1)>inside</div>"
    )
    assert clean_html(hostile) == block


def test_the_editor_offers_the_councils_survey_results_and_inserts_one(world):
    ours = _indicator(world.organisation)
    theirs = _indicator(world.other_organisation)
    report = make_report(world, author=world.officer)
    summary = ReportSection.objects.get(report=report, section__heading="Summary").section
    client = client_for(world.officer)
    url = reverse("papers:report_edit", args=[report.pk])

    page = client.get(url).content.decode()
    assert f'value="indicator:{ours.pk}"' in page
    assert f"Survey result: {QUESTION} (Your Life, Your Care, 2018)" in page
    assert f'value="indicator:{theirs.pk}"' not in page

    refused = client.post(
        url,
        edit_data(
            report,
            save=None,
            insert_live_block="1",
            live_block_section=str(summary.pk),
            live_block_theme=f"indicator:{theirs.pk}",
        ),
    )
    assert refused.status_code == 200
    assert "data-indicator" not in ReportSection.objects.get(report=report, section=summary).html

    response = client.post(
        url,
        edit_data(
            report,
            sections={summary.pk: "<p>What children said:</p>"},
            save=None,
            insert_live_block="1",
            live_block_section=str(summary.pk),
            live_block_theme=f"indicator:{ours.pk}",
        ),
        follow=True,
    )
    assert (
        "The survey result is added at the end of the section, and saved."
        in response.content.decode()
    )
    assert ReportSection.objects.get(report=report, section=summary).html == (
        "<p>What children said:</p>"
        f'<div data-live-block="survey-indicator" data-indicator="{ours.pk}"></div>'
    )
    shown = client.get(report.get_absolute_url()).content.decode()
    assert QUESTION in shown and "data:image/svg+xml" in shown


def _published_report(world, indicator):
    """A cleared report holding the survey block, published by the clerk on an agenda item."""
    board = BoardFactory(organisation=world.organisation, name="Corporate Parenting Board")
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, position=1, number="1", title="Bright Spots survey")
    template = ReportTemplateFactory(organisation=world.organisation)
    report = ReportFactory(
        template=template,
        board=board,
        author=world.officer,
        status=Report.Status.CLEARED,
        title="Bright Spots survey of children in care",
        young_people_summary="What you told us.",
    )
    section = TemplateSectionFactory(template=template, heading="Summary", required=True)
    ReportSection.objects.create(
        organisation=world.organisation,
        report=report,
        section=section,
        html=f"<p>What children said.</p>{_block(indicator.pk)}",
    )
    response = client_for(world.clerk).post(
        reverse("papers:report_publish", args=[report.pk]), {"place": f"item-{item.pk}"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    return meeting, report


def test_publishing_freezes_the_figures_a_later_change_does_not_reach_the_report(world):
    indicator = _indicator(world.organisation)
    _meeting, report = _published_report(world, indicator)
    Indicator.objects.filter(pk=indicator.pk).update(count=20)  # 25% now

    page = client_for(world.councillor).get(report.get_absolute_url()).content.decode()
    assert "75%" in page and "25%" not in page
    assert "Figures as at" in page

    live = render_live_blocks(_block(indicator.pk), organisation=world.organisation)
    assert "25%" in live and "75%" not in live  # a draft would show today's figure


def test_frozen_html_carries_no_placeholder_and_the_note(world):
    indicator = _indicator(world.organisation)
    frozen = freeze_live_blocks(_block(indicator.pk), organisation=world.organisation)
    assert "data-live-block=" not in frozen
    assert "Figures as at" in frozen and "75%" in frozen


def _drawings(resources):
    """The XObjects a page draws besides the pack's own stamps (page numbers, "Agenda Item"):
    images, and the forms WeasyPrint draws an SVG chart into; nested ones too."""
    found = []
    xobjects = (resources or {}).get("/XObject") or {}
    for name in xobjects:
        if str(name).startswith("/CPStamp"):
            continue
        obj = xobjects[name].get_object()
        found.append((str(name), obj.get("/Subtype")))
        found += _drawings(obj.get("/Resources"))
    return found


def test_the_pack_prints_the_survey_block_with_its_chart_and_table(
    world, django_capture_on_commit_callbacks
):
    indicator = _indicator(world.organisation)
    meeting, _report = _published_report(world, indicator)
    Indicator.objects.filter(pk=indicator.pk).update(count=20)  # after publication: not printed

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.clerk).post(
            reverse("papers:pack_request", args=[meeting.pk]), {"kind": "public"}
        )
    assert response.status_code == 302
    pack = AgendaPack.objects.filter(meeting=meeting, kind="public").latest("edition")
    assert pack.state == AgendaPack.State.READY, pack.__dict__
    with pack.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    pages = [(page, page.extract_text() or "") for page in reader.pages]
    with_block = [(page, text) for page, text in pages if QUESTION in text]

    assert with_block, "the survey block's question is printed"
    text = "\n".join(text for _page, text in with_block)
    assert "16 other councils" in text and "75%" in text and "52%" in text  # the table
    assert "25%" not in text  # the frozen figure, not today's
    assert "Figures as at" in "\n".join(text for _page, text in pages)  # under the block
    drawn = [found for page, _text in with_block for found in _drawings(page.get("/Resources"))]
    images = [image for page, _text in with_block for image in page.images]
    assert images or drawn, "the chart is drawn on the page"
    plain = [page for page, text in pages if "AGENDA" in text]  # a page with no chart
    assert plain and not any(_drawings(page.get("/Resources")) for page in plain)


def test_a_small_number_is_hidden_in_the_block_and_in_the_pack(
    world, django_capture_on_commit_callbacks
):
    # 37 of 40 said yes, so 3 did not: both hidden, and the percentage with them.
    indicator = _indicator(world.organisation, count=37, denominator=40)
    rendered = render_live_blocks(_block(indicator.pk), organisation=world.organisation)
    assert "37 of 40" not in rendered and "93%" not in rendered
    assert "c: not published" in rendered
    assert "cp-chart__image" not in rendered  # nothing to draw of the council's own figure

    meeting, _report = _published_report(world, indicator)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.clerk).post(
            reverse("papers:pack_request", args=[meeting.pk]), {"kind": "public"}
        )
    pack = AgendaPack.objects.filter(meeting=meeting, kind="public").latest("edition")
    with pack.pdf.open("rb") as f:
        text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(f.read())).pages)
    assert QUESTION in text
    assert "37" not in text.split(QUESTION, 1)[1][:400] and "93%" not in text
    assert "c: not published" in text
