"""The progress report: for a period, "what we committed to, what we did, what is still to do".

`report_context()` builds it (a page and the PDF share it) in a fixed number of queries,
whatever the size of the pledge; `render_report()` renders a queued `ProgressReport` to a
tagged PDF with WeasyPrint. It runs in a Celery task (`pledges.tasks.render_progress_report`).
"""

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone

from .models import CommitmentAction, PledgeVersion, ProgressReport, ProgressUpdate, Status
from .selectors import CommitmentRow, pledge_summary
from .status import RULES, combine, counts_in_order

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


def report_filename(report: ProgressReport) -> str:
    return f"pledge-progress-{report.period_start:%Y-%m-%d}-{report.period_end:%Y-%m-%d}.pdf"


def render_pdf(context: dict) -> bytes:
    """The report as a tagged PDF (PDF/UA-1: structure tree, title and language)."""
    from weasyprint import HTML  # imported here: loading Pango costs most of a second
    from weasyprint.urls import URLFetcher

    html = render_to_string(PDF_TEMPLATE, context)
    # The report is made only of its own HTML and CSS: nothing is fetched, from the network
    # or from disk, whatever text a narrative holds.
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def render_report(report_id: int) -> ProgressReport | None:
    """Render a queued report to PDF. Claims it first, so running twice does nothing.

    On success the report is READY with its file; on any error it is FAILED with the reason,
    and the error is raised again for the task's own record.
    """
    claimed = ProgressReport.objects.filter(pk=report_id, state=ProgressReport.State.QUEUED).update(
        state=ProgressReport.State.RENDERING
    )
    if not claimed:
        logger.info("Progress report %s is not queued (gone, or claimed already)", report_id)
        return None

    report = ProgressReport.objects.select_related("version__organisation").get(pk=report_id)
    report.state = ProgressReport.State.RENDERING
    try:
        started = time.monotonic()
        context = report_context(
            version=report.version, start=report.period_start, end=report.period_end
        )
        pdf = render_pdf(context)
        report.pdf.save(report_filename(report), ContentFile(pdf), save=False)
        report.state = ProgressReport.State.READY
        report.error = ""
        report.finished_at = timezone.now()
        report.save(update_fields=["pdf", "state", "error", "finished_at"])
        logger.info(
            "Progress report %s rendered: %d bytes in %.1f s",
            report_id,
            len(pdf),
            time.monotonic() - started,
        )
    except Exception as exc:
        report.state = ProgressReport.State.FAILED
        report.error = str(exc) or exc.__class__.__name__
        report.finished_at = timezone.now()
        report.save(update_fields=["state", "error", "finished_at"])
        raise
    return report
