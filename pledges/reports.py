"""The progress report: for a period, "what we committed to, what we did, what is still to do".

`report_context()` builds it (a page and the PDF share it) in a fixed number of queries,
whatever the size of the pledge. The PDF goes through the one PDF pipeline
(corporate_parenting.pdf): `progress_report_request()` asks for it (the request view calls
it), and `render_report()`, run by the Celery task `pledges.tasks.render_progress_report`,
claims and renders it.
"""

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from corporate_parenting import pdf
from corporate_parenting.pdf.jobs import render_job_request, render_job_run

from .models import CommitmentAction, PledgeVersion, ProgressReport, ProgressUpdate, Status
from .selectors import CommitmentRow, pledge_summary
from .status import RULES, combine, counts_in_order
from .tasks import render_progress_report

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "pledges/pdf/progress_report.html"


@dataclass
class ReportRow:
    """One commitment: its wording, its approved updates in the period, and what remains."""

    row: CommitmentRow  # from pledge_summary: the commitment and its latest approved update
    updates: list = field(default_factory=list)  # approved, as_of in the period, oldest first
    actions: list = field(default_factory=list)

    @property
    def commitment(self):
        return self.row.commitment

    @property
    def status(self) -> Status:
        """The status now: from its latest approved update, whenever that was."""
        return self.row.status

    @property
    def latest(self):
        return self.row.latest

    @property
    def is_stale(self) -> bool:
        return self.row.is_stale

    @property
    def is_achieved(self) -> bool:
        return self.status == Status.ACHIEVED

    @property
    def still_to_do(self) -> bool:
        return not self.is_achieved


@dataclass
class ReportTheme:
    theme: object
    rows: list = field(default_factory=list)

    @property
    def status(self) -> Status:
        return combine(row.status for row in self.rows)

    @property
    def counts(self):
        return counts_in_order(row.status for row in self.rows)

    @property
    def updated_count(self) -> int:
        return sum(1 for row in self.rows if row.updates)


def report_context(*, version: PledgeVersion, start: date, end: date, today=None) -> dict:
    """Everything the page and the PDF show, for the commitments of `version`.

    "What we did" is the approved updates whose `as_of` falls in [start, end]; the status now
    and what is still to do come from each commitment's latest approved update (the rules in
    `status.RULES`). Queries: those of `pledge_summary` plus two.
    """
    today = today or timezone.localdate()
    summary = pledge_summary(version, today=today)
    organisation = version.organisation

    in_period = defaultdict(list)
    updates = (
        ProgressUpdate.objects.for_organisation(organisation)
        .approved()
        .filter(commitment__theme__version=version, as_of__gte=start, as_of__lte=end)
        .order_by("as_of", "approved_at", "pk")
    )
    for update in updates:
        in_period[update.commitment_id].append(update)

    actions = defaultdict(list)
    for action in CommitmentAction.objects.for_organisation(organisation).filter(
        commitment__theme__version=version
    ):
        actions[action.commitment_id].append(action)

    themes = []
    for theme_summary in summary.themes:
        theme = ReportTheme(theme=theme_summary.theme)
        for row in theme_summary.rows:
            pk = row.commitment.pk
            theme.rows.append(ReportRow(row=row, updates=in_period[pk], actions=actions[pk]))
        themes.append(theme)

    rows = [row for theme in themes for row in theme.rows]
    return {
        "organisation": organisation,
        "version": version,
        "period_start": start,
        "period_end": end,
        "today": today,
        "themes": themes,
        "status": summary.status,
        "counts": summary.counts,
        "commitment_count": len(rows),
        "update_count": sum(len(row.updates) for row in rows),
        "updated_count": sum(1 for row in rows if row.updates),
        "not_updated_count": sum(1 for row in rows if not row.updates),
        "still_to_do_count": sum(1 for row in rows if row.still_to_do),
        "rules": RULES,
    }


def render_pdf(context: dict) -> bytes:
    """The report as a tagged PDF, through the one PDF pipeline (corporate_parenting.pdf):
    nothing is fetched from the network or the disk, whatever text a narrative holds."""
    return pdf.render_pdf(render_to_string(PDF_TEMPLATE, context))


def _render(report: ProgressReport) -> tuple[bytes, str]:
    started = time.monotonic()
    context = report_context(
        version=report.version, start=report.period_start, end=report.period_end
    )
    rendered = render_pdf(context)
    logger.info(
        "Progress report %s rendered: %d bytes in %.1f s",
        report.pk,
        len(rendered),
        time.monotonic() - started,
    )
    return rendered, report.download_filename()


def render_report(report_id: int) -> ProgressReport | None:
    """Render a queued report to PDF. Claims it first, so running twice does nothing.

    On success the report is READY with its file; on any error it is FAILED with the reason,
    and the error is raised again for the task's own record."""
    return render_job_run(
        ProgressReport,
        report_id,
        render=_render,
        queryset=ProgressReport.objects.select_related("version__organisation"),
    )


def progress_report_request(
    *, version: PledgeVersion, start: date, end: date, by
) -> ProgressReport:
    """The PDF of the report on `version` for [start, end]: the one already on its way (a
    double click, a second tab), or a new one queued for `render_progress_report`."""
    return render_job_request(
        subject=PledgeVersion.objects.filter(pk=version.pk),
        jobs=ProgressReport.objects.for_organisation(version.organisation).filter(
            version=version, period_start=start, period_end=end
        ),
        new=lambda: ProgressReport(
            organisation=version.organisation,
            version=version,
            period_start=start,
            period_end=end,
            requested_by=by,
        ),
        task=render_progress_report,
    )
