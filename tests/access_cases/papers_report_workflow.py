"""Access cases for the report workflow (boards/papers/views/report_workflow.py).

Each visitor gets a fresh report in the status the step needs. Its author is someone who is
none of the personas, so reviewers are never refused as the report's own author here (that
rule has its own tests in tests/papers/test_report_workflow.py).
"""

from django.urls import reverse

from boards.papers.models import Report, ReportCorrection, ReportVersion
from corporate_parenting.roles import Capability

from ..access import AccessCase
from ..factories import (
    BoardFactory,
    MeetingFactory,
    MembershipFactory,
    ReportFactory,
    ReportTemplateFactory,
)

DRAFT, CLEAR, CLERK = (
    Capability.DRAFT_REPORTS,
    Capability.CLEAR_REPORTS,
    Capability.CLERK_MEETINGS,
)


def _report(status):
    def make(w):
        board = BoardFactory(organisation=w.organisation)
        author = MembershipFactory(organisation=w.organisation).user
        report = ReportFactory(
            template=ReportTemplateFactory(organisation=w.organisation),
            board=board,
            author=author,
            status=status,
            young_people_summary="What this report says, in plain words.",
        )
        for number, text in ((1, "<p>First words.</p>"), (2, "<p>Second words.</p>")):
            ReportVersion.objects.create(
                organisation=w.organisation,
                report=report,
                number=number,
                saved_by=author,
                snapshot={
                    "header": {"title": report.title},
                    "sections": [{"heading": "Summary", "html": text}],
                    "young_people_summary": report.young_people_summary,
                },
            )
        return report

    return make


def _cleared_with_meeting(w):
    """The report for the URL; its board's upcoming meeting is kept on the world for the POST
    data (the URL is made before the data for each visitor)."""
    report = _report(Report.Status.CLEARED)(w)
    w.__dict__["_publish_meeting"] = MeetingFactory(board=report.board)
    return report


def _corrected(status=None):
    """A published report; with `status`, its correction in that status (started by its
    author, who is none of the personas)."""

    def make(w):
        report = _report(Report.Status.PUBLISHED)(w)
        if status is not None:
            ReportCorrection.objects.create(
                organisation=w.organisation,
                report=report,
                reason="The figure in 2.3 was last year's.",
                summary="paragraph 2.3 corrected",
                status=status,
                started_by=report.author,
            )
        return report

    return make


def url(name, make, query=""):
    return lambda w: reverse(f"papers:{name}", args=[make(w).pk]) + query


CASES = [
    AccessCase(
        "papers:report_submit",
        url("report_submit", _report(Report.Status.DRAFT)),
        # Someone else's draft is read by its clearers only (boards.papers.rules), and every
        # clearer also drafts; its own author too: tests/papers/test_report_workflow.py
        CLEAR,
        method="post",
        data={"submit-note": "Ready for clearance."},
        object_view=True,
    ),
    AccessCase(
        "papers:report_comment",
        url("report_comment", _report(Report.Status.SUBMITTED)),
        CLEAR,  # someone else's draft: its clearers (the author: test_report_workflow.py)
        method="post",
        data={"comment-text": "Please check the figures in 3.2."},
        object_view=True,
    ),
    AccessCase(
        "papers:report_request_changes",
        url("report_request_changes", _report(Report.Status.SUBMITTED)),
        CLEAR,
        method="post",
        data={"changes-note": "Add the latest placement stability figures."},
        object_view=True,
    ),
    AccessCase(
        "papers:report_clear",
        url("report_clear", _report(Report.Status.SUBMITTED)),
        CLEAR,
        method="post",
        data={"clear-note": ""},
        object_view=True,
    ),
    AccessCase(
        "papers:report_publish",
        url("report_publish", _cleared_with_meeting),
        CLERK,
        object_view=True,
    ),
    AccessCase(
        "papers:report_publish (save)",
        url("report_publish", _cleared_with_meeting),
        CLERK,
        method="post",
        data=lambda w: {"place": f"meeting-{w.__dict__['_publish_meeting'].pk}"},
        object_view=True,
    ),
    AccessCase(
        "papers:report_versions",
        url("report_versions", _report(Report.Status.DRAFT)),
        CLEAR,
        object_view=True,
    ),
    AccessCase(
        "papers:report_compare",
        url("report_compare", _report(Report.Status.DRAFT), "?a=1&b=2"),
        CLEAR,
        object_view=True,
    ),
    # A correction: as for sending a report for clearance, those who write reports.
    AccessCase(
        "papers:report_correction_start",
        url("report_correction_start", _corrected()),
        DRAFT,
        method="post",
        data={"correct-reason": "The figure was wrong.", "correct-summary": "table 1 corrected"},
        object_view=True,
    ),
    AccessCase(
        "papers:report_correction_withdraw",
        url("report_correction_withdraw", _corrected(ReportCorrection.Status.DRAFT)),
        DRAFT,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "papers:report_correction_publish",
        url("report_correction_publish", _corrected(ReportCorrection.Status.CLEARED)),
        CLERK,
        method="post",
        data={"republish-note": ""},
        object_view=True,
    ),
]
