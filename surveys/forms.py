"""Forms to record a wave and its cohorts by hand (imports come later: issue 13, point 7)."""

from crispy_forms_gds.layout import Field, Fixed, Fluid
from django import forms

from corporate_parenting.concurrency import EditGuardMixin
from corporate_parenting.forms import DateInput, form_helper, number_limits

from .models import Cohort, Wave

DATE_HELP = "For example, 31/3/2026"
BIG = 10_000_000  # more children than any council looks after: a typing slip


class WaveForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Wave
        fields = ["label", "period_start", "period_end", "method", "run_by", "notes"]
        labels = {
            "label": "Name of the wave",
            "period_start": "First day of the survey",
            "period_end": "Last day of the survey",
            "method": "How it was run",
            "run_by": "Who ran it",
        }
        widgets = {"period_start": DateInput, "period_end": DateInput}
        error_messages = {
            "label": {"required": 'Enter the name of the wave, like "2018"'},
            "period_start": {
                "required": "Enter the first day of the survey",
                "invalid": "Enter the first day of the survey as a date, like 1/10/2017",
            },
            "period_end": {
                "required": "Enter the last day of the survey",
                "invalid": "Enter the last day of the survey as a date, like 31/3/2018",
            },
        }

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.helper = form_helper(
            Field.text("label", field_width=Fixed.TEN),
            Field.text("period_start", field_width=Fixed.TEN),
            Field.text("period_end", field_width=Fixed.TEN),
            Field.text("method", field_width=Fluid.TWO_THIRDS),
            Field.text("run_by", field_width=Fluid.TWO_THIRDS),
            Field.textarea("notes", rows=3),
            submit="Save wave",
        )

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        clash = Wave.objects.filter(instrument=self.instrument, label__iexact=label)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"{self.instrument} already has a wave called {label}.")
        return label

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The last day must be on or after the first day")
        return cleaned

    def save(self, commit=True):
        self.instance.organisation = self.instrument.organisation
        self.instance.instrument = self.instrument
        return super().save(commit)


@number_limits(
    eligible=(0, BIG, "number who could have answered"),
    responses=(0, BIG, "number of responses"),
    position=(0, 999),
)
class CohortForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["label", "eligible", "responses", "position"]
        labels = {
            "label": "Cohort (age band or group)",
            "eligible": "How many could have answered",
            "responses": "How many answered",
        }
        help_texts = {"position": "Cohorts are listed in this order (lowest first)."}
        error_messages = {"label": {"required": 'Enter the cohort, like "8-11 years"'}}

    def __init__(self, *args, wave, **kwargs):
        super().__init__(*args, **kwargs)
        self.wave = wave
        self.helper = form_helper(
            Field.text("label", field_width=Fluid.ONE_HALF),
            Field.text("eligible", field_width=Fixed.TEN),
            Field.text("responses", field_width=Fixed.TEN),
            Field.text("position", field_width=Fixed.FIVE),
            submit="Save cohort",
        )

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        clash = Cohort.objects.filter(wave=self.wave, label__iexact=label)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                f"This wave already has a cohort called {label}. Change that one instead."
            )
        return label

    def clean(self):
        cleaned = super().clean()
        eligible, responses = cleaned.get("eligible"), cleaned.get("responses")
        if eligible is not None and responses is not None and responses > eligible:
            self.add_error(
                "responses",
                f"There cannot be more responses ({responses:,}) than children and young "
                f"people who could have answered ({eligible:,})",
            )
        return cleaned

    def save(self, commit=True):
        self.instance.organisation = self.wave.organisation
        self.instance.wave = self.wave
        return super().save(commit)
