"""Participation blocks for board reports (issue 14, point 8): events and reach for a period,
and "You said, We did" for a theme; offered in the report editor beside the pledge and survey
blocks, rendered live, frozen on publication ("Figures as at") and printed in the pack."""

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.papers.live_blocks import (
    PARTICIPATION_EVENTS,
    UNAVAILABLE,
    YOU_SAID_WE_DID,
    freeze_live_blocks,
    placeholder,
    render_live_blocks,
)
from boards.papers.models import Report, ReportSection
from boards.papers.sanitise import clean_html
from participation.models import Feedback
from participation.outputs import recent_quarters

from ..access import client_for
from ..factories import (
    AgendaItemFactory,
    BoardFactory,
    DistrictFactory,
    MeetingFactory,
    ReportFactory,
    ReportTemplateFactory,
    TemplateSectionFactory,
)
from ..papers.test_reports import edit_data, make_report
from .factories import AttendanceFactory, EventFactory, ThemeFactory
from .test_outputs import approved, recent, respond, unapproved

pytestmark = pytest.mark.django_db


def events_block(start, end):
    return placeholder(PARTICIPATION_EVENTS, start=start, end=end)


def ysd_block(theme_id):
    return placeholder(YOU_SAID_WE_DID, theme_id=theme_id)


def _events(world):
    north = DistrictFactory(organisation=world.organisation, name="North")
    event = EventFactory(organisation=world.organisation, date=recent())
    event.districts.set([north])
    AttendanceFactory(event=event, district=north, count=23)
    return event


def test_the_events_block_shows_events_and_reach_by_district_for_its_period(world):
    _events(world)
    start, end = recent(60).isoformat(), timezone.localdate().isoformat()

    rendered = render_live_blocks(events_block(start, end), organisation=world.organisation)

    assert "data-live-block=" not in rendered
    assert "Participation events and reach" in rendered
    assert '<th scope="row" class="govuk-table__header">North</th>' in rendered
    assert ">1<" in rendered and ">23<" in rendered
    assert "Figures as at" not in rendered

    before = render_live_blocks(
        events_block("2020-01-01", "2020-12-31"), organisation=world.organisation
    )
    assert "No events in this period." in before and ">23<" not in before


def test_an_events_block_with_dates_that_are_not_dates_is_no_longer_available(world):
    for start, end in (("x", "2026-01-01"), ("2026-06-01", "2026-01-01"), ("", "")):
        rendered = render_live_blocks(events_block(start, end), organisation=world.organisation)
        assert UNAVAILABLE in rendered


def test_the_you_said_block_shows_approved_items_of_its_theme_in_checked_words(world):
    org = world.organisation
    theme = ThemeFactory(organisation=org, name="Family time")
    item = approved(org, "Say family time", text="As written down", themes=[theme])
    respond([item], "Letters now say family time", reason="Changed in every template")
    unapproved(org, "Not yet checked", themes=[theme])
    approved(org, "Another theme's item", themes=[ThemeFactory(organisation=org)])

    rendered = render_live_blocks(ysd_block(theme.pk), organisation=org)

    assert "You said, We did: Family time" in rendered
    assert "Say family time" in rendered
    assert "Done: Letters now say family time Why: Changed in every template" in rendered
    assert "As written down" not in rendered and "Not yet checked" not in rendered
    assert "Another theme" not in rendered
    assert "1 item approved for publication, 1 answered." in rendered


def test_another_councils_or_a_missing_theme_is_no_longer_available(world):
    theirs = ThemeFactory(organisation=world.other_organisation)
    approved(world.other_organisation, "Their words", themes=[theirs])
    for pk in (theirs.pk, 99999, "x"):
        rendered = render_live_blocks(ysd_block(pk), organisation=world.organisation)
        assert UNAVAILABLE in rendered and "Their words" not in rendered


def test_hostile_text_is_escaped_in_the_blocks(world):
    org = world.organisation
    theme = ThemeFactory(organisation=org, name="<script>t()</script>")
    item = approved(org, "<script>alert(1)</script>", themes=[theme])
    respond([item], "<img src=x onerror=alert(2)>", reason="<b>why</b>")
    DistrictFactory(organisation=org, name="<i>North</i>")

    rendered = render_live_blocks(ysd_block(theme.pk), organisation=org)

    assert "<script>" not in rendered and "<img" not in rendered and "<b>why" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered


def test_the_sanitiser_keeps_the_placeholders_as_they_are():
    for block in (events_block("2026-04-01", "2026-06-30"), ysd_block(3)):
        assert clean_html(f"<p>Text</p>{block}") == f"<p>Text</p>{block}"
    hostile = (
        '<div data-live-block="you-said-we-did" data-theme-id="3" onclick="x()" style="y">'
        "<script>alert(1)</script>inside</div>"
    )
    assert clean_html(hostile) == ysd_block(3)


def test_frozen_blocks_keep_their_figures_with_the_note(world):
    org = world.organisation
    _events(world)
    theme = ThemeFactory(organisation=org, name="Health")
    approved(org, "Dentist at weekends", themes=[theme])
    html = events_block(recent(60).isoformat(), timezone.localdate().isoformat()) + ysd_block(
        theme.pk
    )

    frozen = freeze_live_blocks(html, organisation=org)

    assert "data-live-block=" not in frozen
    assert frozen.count("Figures as at") == 2
    assert ">23<" in frozen and "Dentist at weekends" in frozen


def test_the_editor_offers_both_blocks_and_inserts_them(world):
    org = world.organisation
    ours = ThemeFactory(organisation=org, name="Where you live")
    theirs = ThemeFactory(organisation=world.other_organisation, name="Their theme")
    report = make_report(world, author=world.officer)
    summary = ReportSection.objects.get(report=report, section__heading="Summary").section
    client = client_for(world.officer)
    url = reverse("papers:report_edit", args=[report.pk])
    quarter_start, quarter_end = recent_quarters(4)[1]

    page = client.get(url).content.decode()
    events_value = f"events:{quarter_start:%Y-%m-%d}:{quarter_end:%Y-%m-%d}"
    assert f'value="{events_value}"' in page
    assert f'value="you-said:{ours.pk}"' in page and "You said, We did: Where you live" in page
    assert f'value="you-said:{theirs.pk}"' not in page

    for value, message in (
        (events_value, "The participation events table is added"),
        (f"you-said:{ours.pk}", "The You said, We did table is added"),
    ):
        report.refresh_from_db()
        response = client.post(
            url,
            edit_data(
                report,
                save=None,
                insert_live_block="1",
                live_block_section=str(summary.pk),
                live_block_theme=value,
            ),
            follow=True,
        )
        assert message in response.content.decode()
    html = ReportSection.objects.get(report=report, section=summary).html
    assert events_block(f"{quarter_start:%Y-%m-%d}", f"{quarter_end:%Y-%m-%d}") in html
    assert ysd_block(ours.pk) in html


def published_report(world, html):
    """A cleared report holding `html`, published by the clerk on an agenda item."""
    board = BoardFactory(organisation=world.organisation, name="Corporate Parenting Board")
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting, position=1, number="1", title="Participation")
    template = ReportTemplateFactory(organisation=world.organisation)
    report = ReportFactory(
        template=template,
        board=board,
        author=world.officer,
        status=Report.Status.CLEARED,
        title="Participation update",
        young_people_summary="What you told us.",
    )
    section = TemplateSectionFactory(template=template, heading="Summary", required=True)
    ReportSection.objects.create(
        organisation=world.organisation, report=report, section=section, html=html
    )
    response = client_for(world.clerk).post(
        reverse("papers:report_publish", args=[report.pk]), {"place": f"item-{item.pk}"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    return meeting, report


def test_publishing_freezes_the_blocks_a_later_change_does_not_reach_the_report(world):
    org = world.organisation
    theme = ThemeFactory(organisation=org, name="Health")
    item = approved(org, "Dentist at weekends", themes=[theme])
    _meeting, report = published_report(world, f"<p>Update.</p>{ysd_block(theme.pk)}")
    Feedback.objects.filter(pk=item.pk).update(public_text="Changed after publication")

    page = client_for(world.councillor).get(report.get_absolute_url()).content.decode()

    assert "Dentist at weekends" in page and "Changed after publication" not in page
    assert "Figures as at" in page
