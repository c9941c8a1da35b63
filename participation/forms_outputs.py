"""Forms of the "You said, We did" outputs: the period of a district's or group's page and
sheet, and the quarter of a newsletter. Both are read from a query (GET) or a request (POST)."""

from __future__ import annotations

from datetime import date

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError

from corporate_parenting.dates import meeting_date_range
from corporate_parenting.forms import PeriodForm as BasePeriodForm

from .outputs import default_period, quarter_label, recent_quarters


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


class PeriodForm(BasePeriodForm):
    """The period of a district's or group's page and sheet: by default the last twelve
    months; both dates within the dates the app takes."""

    default_period = staticmethod(default_period)

    def clean(self):
        cleaned = super().clean()  # the end not before the start
        first, last = meeting_date_range()
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day and not first <= day <= last:
                self.add_error(name, f"Enter a date between {_long(first)} and {_long(last)}")
        return cleaned


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
