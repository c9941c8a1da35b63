"""The progress report: a page for a chosen period, and the same report as a PDF for board
papers, made by the PDF pipeline (corporate_parenting.pdf; asked for through
pledges.reports.progress_report_request) while the status page polls."""

import calendar
from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.forms import DateInput
from corporate_parenting.pdf.jobs import render_job_download
from corporate_parenting.roles import Capability

from ..models import ProgressReport
from ..reports import progress_report_request, report_context
from ..selectors import adopted_version

DATE_FORMAT = "%Y-%m-%d"  # what a date input sends, and what links to the page carry
# Typed by hand where a browser shows a text box instead of a date picker.
INPUT_FORMATS = [DATE_FORMAT, "%d/%m/%Y", "%d/%m/%y"]
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


def date_input():
    return DateInput(attrs={"class": "govuk-input govuk-input--width-10"}, format=DATE_FORMAT)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From",
        input_formats=INPUT_FORMATS,
        widget=date_input(),
        help_text="For example, 1/4/2025",
        error_messages={
            "required": "Enter the date the period starts",
            "invalid": "Enter the start date as a real date, for example 1/4/2025",
        },
    )
    end = forms.DateField(
        label="To",
        input_formats=INPUT_FORMATS,
        widget=date_input(),
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
