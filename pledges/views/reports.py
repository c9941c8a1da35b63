"""The progress report: a page for a chosen period, and the same report as a PDF for board
papers, rendered by a Celery task (pledges.tasks.render_progress_report) while the status
page polls."""

import calendar
import logging
from datetime import date, timedelta

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.roles import Capability
from corporate_parenting.uploads import file_download

from ..models import ProgressReport
from ..reports import report_context, report_filename
from ..selectors import adopted_version
from ..tasks import render_progress_report

logger = logging.getLogger(__name__)

DATE_FORMAT = "%Y-%m-%d"  # what a date input sends, and what links to the page carry
# Typed by hand where a browser shows a text box instead of a date picker.
INPUT_FORMATS = [DATE_FORMAT, "%d/%m/%Y", "%d/%m/%y"]
DEFAULT_MONTHS = 6


def stalled_after() -> timedelta:
    """A report still queued or rendering this long after it was asked for will not finish:
    its worker was lost (the hard time limit kills a render; a redelivered task finds it
    claimed). The status page stops polling and offers to try again."""
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 5 * 60)


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or the month's last day if it is shorter."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_period(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    return months_before(today, DEFAULT_MONTHS), today


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format=DATE_FORMAT, attrs={"class": "govuk-input govuk-input--width-10"})


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From",
        input_formats=INPUT_FORMATS,
        widget=DateInput(),
        help_text="For example, 1/4/2025",
        error_messages={
            "required": "Enter the date the period starts",
            "invalid": "Enter the start date as a real date, for example 1/4/2025",
        },
    )
    end = forms.DateField(
        label="To",
        input_formats=INPUT_FORMATS,
        widget=DateInput(),
        help_text="For example, 30/9/2025",
        error_messages={
            "required": "Enter the date the period ends",
            "invalid": "Enter the end date as a real date, for example 30/9/2025",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The templates own the <form> and its button, so a GET query holds only the dates.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # a GET form: no token in the address
        self.helper.layout = Layout(Field.text("start"), Field.text("end"))

    def is_valid(self):
        valid = super().is_valid()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} govuk-input--error"
        return valid

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date must be the same as or after the start date")
        return cleaned


def _period_form(data) -> PeriodForm:
    """Bound to the query when it names a date, else unbound with the default period."""
    if "start" in data or "end" in data:
        return PeriodForm(data)
    start, end = default_period()
    return PeriodForm(
        initial={"start": start.strftime(DATE_FORMAT), "end": end.strftime(DATE_FORMAT)}
    )


def _period(form: PeriodForm) -> tuple[date, date] | None:
    if form.is_bound:
        if not form.is_valid():
            return None
        return form.cleaned_data["start"], form.cleaned_data["end"]
    return default_period()


def _render_page(request, form, *, status=200):
    version = adopted_version(request.organisation)
    period = _period(form)
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
    return _render_page(request, _period_form(request.GET))


def _queue(report_id: int):
    """Queue the render; if the broker cannot take it, say so on the report, not in a 500.

    In eager mode (no REDIS_URL) the render runs here and its error arrives here too: the
    report is FAILED with its reason already, so the update below changes nothing."""
    try:
        render_progress_report.delay(report_id)
    except Exception:
        logger.exception("Progress report %s: not queued, or (run in-process) failed", report_id)
        ProgressReport.objects.filter(pk=report_id, state=ProgressReport.State.QUEUED).update(
            state=ProgressReport.State.FAILED,
            error="The report could not be queued for rendering. Try again in a few minutes.",
            finished_at=timezone.now(),
        )


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
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    # Asked twice (a double click, a second tab)? Follow the one already on its way.
    in_progress = (
        ProgressReport.objects.for_organisation(request.organisation)
        .filter(
            version=version,
            period_start=start,
            period_end=end,
            state__in=[ProgressReport.State.QUEUED, ProgressReport.State.RENDERING],
            created__gte=timezone.now() - stalled_after(),
        )
        .first()
    )
    if in_progress is not None:
        return redirect("pledges:report_status", pk=in_progress.pk)
    report = ProgressReport.objects.create(
        organisation=request.organisation,
        version=version,
        period_start=start,
        period_end=end,
        requested_by=request.user,
    )
    # Only once the report row is committed can a worker (another process) find it.
    transaction.on_commit(lambda: _queue(report.pk), robust=True)
    return redirect("pledges:report_status", pk=report.pk)


@require_GET
def report_status(request, pk):
    report = get_for_organisation(
        request,
        ProgressReport.objects.select_related("version", "requested_by"),
        Capability.VIEW_PLEDGE_NARRATIVES,
        pk=pk,
    )
    in_progress = report.state in (ProgressReport.State.QUEUED, ProgressReport.State.RENDERING)
    stalled = in_progress and timezone.now() - report.created > stalled_after()
    return render(
        request,
        "pledges/report_status.html",
        {
            "report": report,
            "in_progress": in_progress and not stalled,
            "stalled": stalled,
            "filename": report_filename(report),
            "page_url": (
                f"{reverse('pledges:report')}?start={report.period_start:%Y-%m-%d}"
                f"&end={report.period_end:%Y-%m-%d}"
            ),
        },
    )


@require_GET
def report_download(request, pk):
    report = get_for_organisation(request, ProgressReport, Capability.VIEW_PLEDGE_NARRATIVES, pk=pk)
    if report.state != ProgressReport.State.READY or not report.pdf:
        raise Http404("This report is not ready.")
    return file_download(
        report.pdf, filename=report_filename(report), content_type="application/pdf"
    )
