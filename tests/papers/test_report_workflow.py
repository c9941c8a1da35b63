"""The report workflow: draft, sent for clearance, changes requested, cleared, published on an
agenda item with its live figures frozen; comments; every version kept and two compared."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from boards.models import AgendaItem
from boards.papers.live_blocks import placeholder, render_live_blocks
from boards.papers.models import Report, ReportComment, ReportSection, ReportVersion
from boards.papers.services.report_workflow import SUMMARY_MISSING
from boards.papers.views.report_workflow import SESSION_KEY, workflow_context
from corporate_parenting.models import Membership
from pledges.models import Status

from ..access import client_for
from ..factories import (
    AgendaItemFactory,
    BoardFactory,
    CommitmentFactory,
    MeetingFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ReportFactory,
    ReportTemplateFactory,
    TemplateSectionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

S = Report.Status


def _report(world, *, status=S.DRAFT, author=None, summary="In plain words.", **kwargs):
    """A report with two written sections: Recommendation (required) and Summary."""
    template = kwargs.pop("template", None) or ReportTemplateFactory(
        organisation=world.organisation
    )
    board = kwargs.pop("board", None) or BoardFactory(organisation=world.organisation)
    report = ReportFactory(
        template=template,
        board=board,
        author=author or world.officer,
        status=status,
        young_people_summary=summary,
        **kwargs,
    )
    for heading, html in (
        ("Recommendation", "<p>That the Board notes the report.</p>"),
        ("Summary", "<p>Progress is good.</p>"),
    ):
        section = TemplateSectionFactory(template=template, heading=heading, required=True)
        ReportSection.objects.create(
            organisation=world.organisation, report=report, section=section, html=html
        )
    return report


def _version(report, number, sections, by=None):
    return ReportVersion.objects.create(
        organisation=report.organisation,
        report=report,
        number=number,
        saved_by=by,
        snapshot={
            "header": {"title": report.title},
            "sections": [{"heading": h, "html": html} for h, html in sections],
            "young_people_summary": report.young_people_summary,
        },
    )


def _post(user, name, report, data=None):
    return client_for(user).post(reverse(f"papers:{name}", args=[report.pk]), data or {})


def _kept(client, report):
    return client.session.get(SESSION_KEY.format(pk=report.pk))


def _panel(user, report, session=None):
    """The panel as the report page shows it to `user`."""
    request = RequestFactory().get(report.get_absolute_url())
    request.user = user
    request.membership = Membership.objects.get(user=user)
    request.session = session if session is not None else SessionStore()
    context = {"report": report, "request": request, **workflow_context(request, report)}
    return render_to_string("papers/_report_workflow_panel.html", context, request=request)


def _reload(report):
    return Report.objects.get(pk=report.pk)


# The whole journey ---------------------------------------------------------------------------


def test_a_report_goes_from_draft_through_changes_and_clearance_to_a_new_agenda_item(world):
    pledge = PledgeVersionFactory(organisation=world.organisation, adopted=True)
    commitment = CommitmentFactory(
        theme=ThemeFactory(version=pledge), wording="We will reply within 3 working days"
    )
    ProgressUpdateFactory(
        commitment=commitment,
        status=Status.ON_TRACK,
        as_of=timezone.localdate() - timezone.timedelta(days=10),
    )
    template = ReportTemplateFactory(
        organisation=world.organisation, requires_young_people_summary=True
    )
    report = _report(
        world,
        template=template,
        exempt=True,
        exempt_paragraph=AgendaItem.ExemptParagraph.P2,
    )
    performance = TemplateSectionFactory(template=template, heading="Performance")
    ReportSection.objects.create(
        organisation=world.organisation,
        report=report,
        section=performance,
        html=f"<p>The figures today:</p>{placeholder(theme='all')}",
    )
    _version(report, 1, [("Summary", "<p>Progress is good.</p>")], by=world.officer)
    meeting = MeetingFactory(board=report.board)
    apologies = AgendaItemFactory(meeting=meeting, kind=AgendaItem.Kind.APOLOGIES, position=1)

    # The author sends it for clearance.
    response = _post(world.officer, "report_submit", report, {"submit-note": "Ready."})
    assert response.status_code == 302
    assert _reload(report).status == S.SUBMITTED

    # A reviewer asks for changes, saying what.
    response = _post(
        world.clerk, "report_request_changes", report, {"changes-note": "Add the 2023 figures."}
    )
    assert response.status_code == 302
    assert _reload(report).status == S.CHANGES_REQUESTED
    comment = ReportComment.objects.get(report=report, text="Add the 2023 figures.")
    assert comment.author == world.clerk and comment.version_number == 1

    # The author sends it again; the author cannot clear it; someone else does.
    _post(world.officer, "report_submit", report)
    assert _reload(report).status == S.SUBMITTED
    assert _post(world.officer, "report_clear", report).status_code == 403
    assert _reload(report).status == S.SUBMITTED
    _post(world.administrator, "report_clear", report, {"clear-note": "Cleared, thank you."})
    assert _reload(report).status == S.CLEARED

    # The clerk publishes it on a new item at the end of the meeting's agenda.
    clerk = client_for(world.clerk)
    page = clerk.get(reverse("papers:report_publish", args=[report.pk]))
    assert page.status_code == 200
    assert f'value="meeting-{meeting.pk}"' in page.content.decode()
    response = clerk.post(
        reverse("papers:report_publish", args=[report.pk]), {"place": f"meeting-{meeting.pk}"}
    )
    assert response.status_code == 302
    report = _reload(report)
    item = report.agenda_item
    assert report.status == S.PUBLISHED
    assert item.meeting == meeting and item.kind == AgendaItem.Kind.REPORT
    assert item.position > apologies.position
    assert item.title == report.title
    assert item.purpose == "To receive a report from Director of Children's Services"
    assert item.exempt and item.exempt_paragraph == AgendaItem.ExemptParagraph.P2
    agenda = list(meeting.items.order_by("position", "pk"))  # issue 12: the law's resolution
    assert agenda[agenda.index(item) - 1].kind == AgendaItem.Kind.EXCLUSION

    final = report.versions.get(frozen=True)
    assert final.number == 2
    frozen_html = next(
        s["html"] for s in final.snapshot["sections"] if s["heading"] == "Performance"
    )
    assert "On track" in frozen_html and "Figures as at" in frozen_html
    assert "data-live-block=" not in frozen_html

    # Later figures change: the live block shows them, the published version does not.
    ProgressUpdateFactory(commitment=commitment, status=Status.OFF_TRACK)
    live_now = render_live_blocks(
        ReportSection.objects.get(report=report, section=performance).html,
        organisation=world.organisation,
    )
    assert "Off track" in live_now
    final.refresh_from_db()
    again = next(s["html"] for s in final.snapshot["sections"] if s["heading"] == "Performance")
    assert again == frozen_html and "Off track" not in again


def test_a_report_can_go_on_an_existing_item_without_a_report(world):
    report = _report(world, status=S.CLEARED)
    meeting = MeetingFactory(board=report.board)
    taken = AgendaItemFactory(meeting=meeting, title="Taken")
    _report(world, status=S.PUBLISHED, board=report.board, agenda_item=taken)
    free = AgendaItemFactory(meeting=meeting, title="Pledge progress", exempt=False)
    page = client_for(world.clerk).get(reverse("papers:report_publish", args=[report.pk]))
    content = page.content.decode()
    assert f'value="item-{free.pk}"' in content
    assert f'value="item-{taken.pk}"' not in content

    response = _post(world.clerk, "report_publish", report, {"place": f"item-{free.pk}"})
    assert response.status_code == 302
    report = _reload(report)
    assert report.agenda_item == free and report.status == S.PUBLISHED
    assert AgendaItem.objects.filter(meeting=meeting).count() == 2  # no new item


def test_publishing_needs_a_place_and_a_cleared_report(world):
    report = _report(world, status=S.CLEARED)
    MeetingFactory(board=report.board)
    response = _post(world.clerk, "report_publish", report, {})
    assert response.status_code == 200
    assert "Select where the report goes on the agenda" in response.content.decode()
    assert _reload(report).status == S.CLEARED

    submitted = _report(world, status=S.SUBMITTED)
    meeting = MeetingFactory(board=submitted.board)
    response = _post(world.clerk, "report_publish", submitted, {"place": f"meeting-{meeting.pk}"})
    assert "Only a cleared report can be published" in response.content.decode()
    assert _reload(submitted).status == S.SUBMITTED


def test_a_past_or_another_boards_meeting_is_not_offered(world):
    report = _report(world, status=S.CLEARED)
    past = MeetingFactory(board=report.board, starts_at=timezone.now() - timezone.timedelta(days=3))
    other_board = MeetingFactory(board=BoardFactory(organisation=world.organisation))
    page = client_for(world.clerk).get(reverse("papers:report_publish", args=[report.pk]))
    content = page.content.decode()
    assert f"meeting-{past.pk}" not in content and f"meeting-{other_board.pk}" not in content
    assert "There is no upcoming meeting" in content
    response = _post(world.clerk, "report_publish", report, {"place": f"meeting-{past.pk}"})
    assert response.status_code == 200 and _reload(report).status == S.CLEARED


# Refusals ------------------------------------------------------------------------------------


def test_submit_is_refused_without_the_young_peoples_summary_when_the_template_needs_it(world):
    template = ReportTemplateFactory(
        organisation=world.organisation, requires_young_people_summary=True
    )
    report = _report(world, template=template, summary="  ")
    client = client_for(world.officer)
    response = client.post(
        reverse("papers:report_submit", args=[report.pk]), {"submit-note": "Please clear"}
    )
    assert response.status_code == 302
    assert _reload(report).status == S.DRAFT
    assert _kept(client, report)["errors"] == [SUMMARY_MISSING]
    # The page shows the message beside the form, and the note is still there.
    html = _panel(world.officer, report, session=client.session)
    assert SUMMARY_MISSING in html and "Please clear" in html


def test_submit_is_refused_while_required_sections_are_empty(world):
    report = _report(world)
    ReportSection.objects.filter(report=report).update(html="<p>&nbsp;</p>")
    client = client_for(world.officer)
    client.post(reverse("papers:report_submit", args=[report.pk]))
    assert _reload(report).status == S.DRAFT
    assert _kept(client, report)["errors"] == [
        "Write the Recommendation and Summary sections before sending the report for clearance"
    ]


def test_the_author_cannot_clear_or_send_back_their_own_report(world):
    report = _report(world, status=S.SUBMITTED, author=world.clerk)
    assert _post(world.clerk, "report_clear", report).status_code == 403
    response = _post(world.clerk, "report_request_changes", report, {"changes-note": "Hmm."})
    assert response.status_code == 403
    assert _reload(report).status == S.SUBMITTED
    assert "Someone else must clear your own report" in _panel(world.clerk, report)


def test_an_author_without_the_drafting_role_may_still_send_their_own_report(world):
    report = _report(world, author=world.councillor)
    assert _post(world.councillor, "report_submit", report).status_code == 302
    assert _reload(report).status == S.SUBMITTED


def test_a_step_from_the_wrong_status_is_refused(world):
    draft = _report(world)
    client = client_for(world.clerk)
    client.post(reverse("papers:report_clear", args=[draft.pk]))
    assert _reload(draft).status == S.DRAFT
    assert _kept(client, draft)["errors"] == ["Only a report sent for clearance can be reviewed."]


def test_request_changes_needs_a_comment_and_keeps_nothing_lost(world):
    report = _report(world, status=S.SUBMITTED)
    client = client_for(world.clerk)
    client.post(reverse("papers:report_request_changes", args=[report.pk]), {"changes-note": ""})
    assert _reload(report).status == S.SUBMITTED
    html = _panel(world.clerk, report, session=client.session)
    assert "Say what needs to change before the report can be cleared" in html


def test_a_comment_needs_text_and_joins_the_thread(world):
    report = _report(world, status=S.SUBMITTED)
    client = client_for(world.clerk)
    client.post(reverse("papers:report_comment", args=[report.pk]), {"comment-text": " "})
    assert not ReportComment.objects.filter(report=report).exists()
    assert "Enter your comment" in _panel(world.clerk, report, session=client.session)

    client.post(
        reverse("papers:report_comment", args=[report.pk]), {"comment-text": "Check 3.2 please."}
    )
    html = _panel(world.officer, report)
    assert "Check 3.2 please." in html
    assert escape(world.clerk.full_name) in html


# The panel -----------------------------------------------------------------------------------


def test_the_panel_offers_each_viewer_only_the_steps_they_may_take(world):
    draft = _report(world)
    assert 'data-testid="submit-form"' in _panel(world.officer, draft)
    assert 'data-testid="comment-form"' in _panel(world.participation_officer, draft)

    submitted = _report(world, status=S.SUBMITTED)
    as_clerk = _panel(world.clerk, submitted)
    assert 'data-testid="clear-form"' in as_clerk and 'data-testid="changes-form"' in as_clerk
    as_author = _panel(world.officer, submitted)
    assert 'data-testid="clear-form"' not in as_author
    as_councillor = _panel(world.councillor, submitted)
    assert "comment-form" not in as_councillor and "clear-form" not in as_councillor

    cleared = _report(world, status=S.CLEARED)
    assert 'data-testid="publish-link"' in _panel(world.clerk, cleared)
    assert 'data-testid="publish-link"' not in _panel(world.officer, cleared)


# Versions ------------------------------------------------------------------------------------


def test_versions_are_listed_and_two_compared_with_the_differences_marked(world):
    report = _report(world)
    _version(
        report,
        1,
        [("Summary", "<p>Children say the pledge is good. Visits are monthly.</p>")],
        by=world.officer,
    )
    _version(
        report,
        2,
        [
            ("Summary", "<p>Children say the pledge is good. Visits are weekly.</p>"),
            ("Conclusion", "<p>Keep going.</p>"),
        ],
        by=world.clerk,
    )
    client = client_for(world.officer)
    listing = client.get(reverse("papers:report_versions", args=[report.pk])).content.decode()
    assert listing.count('data-testid="version-row"') == 2
    assert escape(world.clerk.full_name) in listing and escape(world.officer.full_name) in listing

    response = client.get(reverse("papers:report_compare", args=[report.pk]), {"a": 1, "b": 2})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Children say the pledge is good." in html
    assert '<del><span class="govuk-visually-hidden">Removed: </span>Visits are monthly.</del>' in (
        html
    )
    assert '<ins><span class="govuk-visually-hidden">Added: </span>Visits are weekly.</ins>' in (
        html
    )
    assert '<ins><span class="govuk-visually-hidden">Added: </span>Keep going.</ins>' in html
    assert '<del><span class="govuk-visually-hidden">Removed: </span>Children' not in html


def test_compare_escapes_the_text_it_shows(world):
    report = _report(world)
    _version(report, 1, [("Summary", "<p>a &lt;script&gt;alert(1)&lt;/script&gt;</p>")])
    _version(report, 2, [("Summary", "<p>b</p>")])
    html = (
        client_for(world.officer)
        .get(reverse("papers:report_compare", args=[report.pk]), {"a": 2, "b": 1})
        .content.decode()
    )
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)" in html


def test_compare_with_a_version_of_another_report_is_404(world):
    report, other = _report(world), _report(world)
    _version(report, 1, [("Summary", "<p>One.</p>")])
    _version(other, 1, [("Summary", "<p>One.</p>")])
    _version(other, 2, [("Summary", "<p>Two.</p>")])
    client = client_for(world.officer)
    url = reverse("papers:report_compare", args=[report.pk])
    assert client.get(url, {"a": 1, "b": 2}).status_code == 404
    assert client.get(url, {"a": 1, "b": "x"}).status_code == 404
    assert client.get(url).status_code == 404


def test_another_organisation_gets_404_everywhere(world):
    report = _report(world, status=S.SUBMITTED)
    _version(report, 1, [("Summary", "<p>One.</p>")])
    outsider = world.outsiders["administrator"]
    client = client_for(outsider)
    for name in ("report_versions", "report_publish"):
        assert client.get(reverse(f"papers:{name}", args=[report.pk])).status_code == 404
    compare = reverse("papers:report_compare", args=[report.pk])
    assert client.get(compare, {"a": 1, "b": 1}).status_code == 404
    for name in ("report_clear", "report_comment", "report_submit", "report_request_changes"):
        assert (
            _post(outsider, name, report, {"comment-text": "x", "changes-note": "x"}).status_code
            == 404
        )
    assert _reload(report).status == S.SUBMITTED


def test_an_exempt_report_is_404_for_those_who_may_not_read_it(world):
    report = _report(world, exempt=True, exempt_paragraph=1)
    _version(report, 1, [("Summary", "<p>One.</p>")])
    url = reverse("papers:report_versions", args=[report.pk])
    assert client_for(world.participation_officer).get(url).status_code == 404
    assert _post(world.participation_officer, "report_submit", report).status_code == 404
    assert client_for(world.officer).get(url).status_code == 200

    no_board = _report(world, exempt=True, exempt_paragraph=1)
    no_board.board = None
    no_board.save()
    url = reverse("papers:report_versions", args=[no_board.pk])
    assert client_for(world.participation_officer).get(url).status_code == 404


def test_the_author_of_an_exempt_report_may_still_send_it(world):
    report = _report(world, author=world.participation_officer, exempt=True, exempt_paragraph=1)
    assert _post(world.participation_officer, "report_submit", report).status_code == 302
    assert _reload(report).status == S.SUBMITTED


# Through the report page ---------------------------------------------------------------------


def test_the_report_page_shows_the_panel_and_a_refused_step_with_its_reason(world):
    template = ReportTemplateFactory(
        organisation=world.organisation, requires_young_people_summary=True
    )
    report = _report(world, template=template, summary="")
    client = client_for(world.officer)
    page = client.get(report.get_absolute_url()).content.decode()
    assert 'data-testid="report-workflow"' in page and 'data-testid="submit-form"' in page

    response = client.post(
        reverse("papers:report_submit", args=[report.pk]), {"submit-note": "Please clear"}
    )
    assert response.url.startswith(report.get_absolute_url())
    page = client.get(report.get_absolute_url()).content.decode()
    assert SUMMARY_MISSING in page and "Please clear" in page
    # Shown once: the next visit starts afresh.
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Please clear" not in page


def test_readers_who_do_not_clear_reports_see_neither_comments_nor_forms(world):
    report = _report(world, status=S.SUBMITTED)
    ReportComment.objects.create(
        organisation=world.organisation, report=report, author=world.clerk, text="Internal note."
    )
    page = client_for(world.councillor).get(report.get_absolute_url()).content.decode()
    assert "Internal note." not in page and "clear-form" not in page
    page = client_for(world.clerk).get(report.get_absolute_url()).content.decode()
    assert "Internal note." in page and 'data-testid="clear-form"' in page
