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

from .glossary import WORDS
from .models import PledgeVersion, ProgressReport, ProgressUpdate, Status
from .selectors import ActionRow, CommitmentRow, ThemeSummary, pledge_summary
from .status import RULES
from .tasks import render_progress_report

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "pledges/pdf/progress_report.html"


@dataclass
class ReportAction:
    """One action of a promise: its own status, and its approved updates in the period."""

    row: ActionRow  # from pledge_summary: the action, its latest approved update, its number
    updates: list = field(default_factory=list)  # approved, as_of in the period, oldest first

    @property
    def action(self):
        return self.row.action

    @property
    def number(self) -> str:
        return self.row.number

    @property
    def status(self) -> Status:
        return self.row.status

    @property
    def latest(self):
        return self.row.latest

    @property
    def is_achieved(self) -> bool:
        return self.status == Status.ACHIEVED


@dataclass
class ReportRow:
    """One promise: its wording, its approved updates in the period (its own, and each
    action's under that action), and what remains."""

    row: CommitmentRow  # from pledge_summary: the promise, its actions and latest updates
    updates: list = field(default_factory=list)  # its own: approved, in the period, oldest first
    actions: list = field(default_factory=list)  # ReportAction, in order

    @property
    def commitment(self):
        return self.row.commitment

    @property
    def number(self) -> str:
        return self.row.number

    @property
    def status(self) -> Status:
        """The status now, by status.RULES (from its actions once any has progress)."""
        return self.row.status

    @property
    def coverage(self):
        """How many of its actions have progress (None without actions)."""
        return self.row.coverage

    @property
    def latest(self):
        return self.row.last_update

    @property
    def is_withdrawn(self) -> bool:
        return self.row.is_withdrawn

    @property
    def is_stale(self) -> bool:
        return self.row.is_stale

    @property
    def is_achieved(self) -> bool:
        return self.status == Status.ACHIEVED

    @property
    def still_to_do(self) -> bool:
        return not self.is_achieved and not self.is_withdrawn

    @property
    def update_count(self) -> int:
        return len(self.updates) + sum(len(a.updates) for a in self.actions)

    @property
    def updated(self) -> bool:
        """Any approved update in the period, on the promise or one of its actions."""
        return self.update_count > 0

    @property
    def open_actions(self) -> int:
        return sum(1 for a in self.actions if not a.is_achieved)


@dataclass
class ReportTheme:
    summary: ThemeSummary  # from pledge_summary: its status and coverage leave out withdrawn
    rows: list = field(default_factory=list)  # ReportRow, withdrawn ones too

    @property
    def theme(self):
        return self.summary.theme

    @property
    def counted(self):
        return [row for row in self.rows if not row.is_withdrawn]

    @property
    def status(self) -> Status:
        return self.summary.status

    @property
    def coverage(self):
        return self.summary.coverage

    @property
    def counts(self):
        return self.summary.counts

    @property
    def withdrawn_count(self) -> int:
        return sum(1 for row in self.rows if row.is_withdrawn)

    @property
    def updated_count(self) -> int:
        return sum(1 for row in self.counted if row.updated)


def report_context(*, version: PledgeVersion, start: date, end: date, today=None) -> dict:
    """Everything the page and the PDF show, for the promises of `version`.

    "What we did" is the approved updates whose `as_of` falls in [start, end], each under the
    promise or the action it is on; the status now and what is still to do come from the
    latest approved updates (the rules in `status.RULES`). Withdrawn promises are listed as
    withdrawn and counted nowhere. Queries: those of `pledge_summary` plus one.
    """
    today = today or timezone.localdate()
    summary = pledge_summary(version, today=today)
    organisation = version.organisation

    in_period = defaultdict(list)  # (promise id, action id or None) -> updates
    updates = (
        ProgressUpdate.objects.for_organisation(organisation)
        .approved()
        .filter(commitment__theme__version=version, as_of__gte=start, as_of__lte=end)
        .order_by("as_of", "approved_at", "pk")
    )
    for update in updates:
        in_period[(update.commitment_id, update.action_id)].append(update)

    themes = []
    for theme_summary in summary.themes:
        theme = ReportTheme(summary=theme_summary)
        for row in theme_summary.rows:
            pk = row.commitment.pk
            actions = [
                ReportAction(row=action_row, updates=in_period[(pk, action_row.action.pk)])
                for action_row in row.actions
            ]
            theme.rows.append(ReportRow(row=row, updates=in_period[(pk, None)], actions=actions))
        themes.append(theme)

    counted = [row for theme in themes for row in theme.counted]
    withdrawn = [row for theme in themes for row in theme.rows if row.is_withdrawn]
    return {
        "organisation": organisation,
        "version": version,
        "period_start": start,
        "period_end": end,
        "today": today,
        "themes": themes,
        "untitled": summary.untitled,
        "status": summary.status,
        "coverage": summary.coverage,
        "counts": summary.counts,
        "commitment_count": len(counted),
        "withdrawn": withdrawn,
        "update_count": sum(row.update_count for row in counted),
        "updated_count": sum(1 for row in counted if row.updated),
        "not_updated_count": sum(1 for row in counted if not row.updated),
        "still_to_do_count": sum(1 for row in counted if row.still_to_do),
        "rules": RULES,
    }


def render_pdf(context: dict) -> bytes:
    """The report as a tagged PDF, through the one PDF pipeline (corporate_parenting.pdf):
    nothing is fetched from the network or the disk, whatever text a narrative holds."""
    # No request, so no context processors: the glossary is given here.
    return pdf.render_pdf(render_to_string(PDF_TEMPLATE, {"words": WORDS, **context}))


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
