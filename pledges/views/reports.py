"""The progress report: a page for a chosen period, and the same report as a PDF for board
papers, made by the PDF pipeline (corporate_parenting.pdf; asked for through
pledges.reports.progress_report_request) while the status page polls."""

import calendar
from datetime import date

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.forms import PeriodForm as BasePeriodForm
from corporate_parenting.pdf.jobs import render_job_download
from corporate_parenting.roles import Capability

from ..models import ProgressReport
from ..reports import progress_report_request, report_context
from ..selectors import adopted_version

# Typed by hand where a browser shows a text box instead of a date picker.
DEFAULT_MONTHS = 6


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or the month's last day if it is shorter."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return months_before(today, DEFAULT_MONTHS), today


class PeriodForm(BasePeriodForm):
    """The progress report's period: by default the last DEFAULT_MONTHS months."""

    default_period = staticmethod(default_period)


def _render_page(request, form, *, status=200):
    version = adopted_version(request.organisation)
    period = form.period()
    context = {"form": form, "version": version, "period": period}
    if version is not None and period is not None:
        context.update(report_context(version=version, start=period[0], end=period[1]))
    context["recent_reports"] = (
        list(ProgressReport.objects.for_organisation(request.organisation)[:5])
        if version is not None
        else []
    )
    return render(request, "pledges/report.html", context, status=status)


@require_GET
@capability_required(Capability.VIEW_PLEDGE_NARRATIVES)
def report(request):
    return _render_page(request, PeriodForm.from_query(request.GET))


@require_POST
@capability_required(Capability.VIEW_PLEDGE_NARRATIVES)
def report_request(request):
    form = PeriodForm(request.POST)
    if not form.is_valid():
        return _render_page(request, form, status=400)
    version = adopted_version(request.organisation)
    if version is None:
        messages.error(request, "There is no adopted pledge yet, so there is nothing to report.")
        return redirect("pledges:report")
    report = progress_report_request(
        version=version,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        by=request.user,
    )
    return redirect("pledges:report_status", pk=report.pk)


@require_GET
def report_status(request, pk):
    report = get_for_organisation(
        request,
        ProgressReport.objects.select_related("version", "requested_by"),
        Capability.VIEW_PLEDGE_NARRATIVES,
        pk=pk,
    )
    return render(
        request,
        "pledges/report_status.html",
        {
            "report": report,
            "in_progress": report.in_progress,
            "stalled": report.is_stalled(),
            "filename": report.download_filename(),
            "page_url": (
                f"{reverse('pledges:report')}?start={report.period_start:%Y-%m-%d}"
                f"&end={report.period_end:%Y-%m-%d}"
            ),
        },
    )


@require_GET
def report_download(request, pk):
    return render_job_download(request, ProgressReport, Capability.VIEW_PLEDGE_NARRATIVES, pk=pk)
