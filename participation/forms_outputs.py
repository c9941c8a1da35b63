"""Forms of the "You said, We did" outputs: the period of a district's or group's page and
sheet, and the quarter of a newsletter. Both are read from a query (GET) or a request (POST)."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError

from corporate_parenting.dates import meeting_date_range
from corporate_parenting.forms import DateInput

from .outputs import default_period, quarter_label, recent_quarters

DATE_FORMAT = "%Y-%m-%d"
INPUT_FORMATS = [DATE_FORMAT, "%d/%m/%Y", "%d/%m/%y"]


def _date_input():
    return DateInput(attrs={"class": "govuk-input govuk-input--width-10"}, format=DATE_FORMAT)


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From",
        input_formats=INPUT_FORMATS,
        widget=_date_input(),
        help_text="For example, 1/4/2026",
        error_messages={
            "required": "Enter the date the period starts",
            "invalid": "Enter the start date as a real date, for example 1/4/2026",
        },
    )
    end = forms.DateField(
        label="To",
        input_formats=INPUT_FORMATS,
        widget=_date_input(),
        help_text="For example, 31/3/2027",
        error_messages={
            "required": "Enter the date the period ends",
            "invalid": "Enter the end date as a real date, for example 31/3/2027",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template owns the form (GET, or POST with a token)
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
        first, last = meeting_date_range()
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day and not first <= day <= last:
                self.add_error(name, f"Enter a date between {_long(first)} and {_long(last)}")
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date must be the same as or after the start date")
        return cleaned

    @classmethod
    def from_query(cls, data) -> PeriodForm:
        """Bound to the query when it names a date, else unbound with the default period."""
        if "start" in data or "end" in data:
            return cls(data)
        start, end = default_period()
        return cls(initial={"start": start.strftime(DATE_FORMAT), "end": end.strftime(DATE_FORMAT)})

    def period(self) -> tuple[date, date] | None:
        if self.is_bound:
            if not self.is_valid():
                return None
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return default_period()


class QuarterForm(forms.Form):
    quarter = forms.TypedChoiceField(
        label="Quarter",
        coerce=date.fromisoformat,
        error_messages={
            "required": "Choose the quarter the newsletter is for",
            "invalid_choice": "Choose one of the quarters in the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [
            (start.isoformat(), quarter_label(start)) for start, _end in recent_quarters()
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field.select("quarter"))

    def clean_quarter(self):
        start = self.cleaned_data["quarter"]
        for first, last in recent_quarters():
            if first == start:
                return first, last
        raise ValidationError("Choose one of the quarters in the list")
