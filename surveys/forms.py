"""Forms to record a wave, its cohorts, indicators with comparators, and findings by hand
(imports come later: issue 13, point 7)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from crispy_forms_gds.layout import Field, Fixed, Fluid, Size
from django import forms
from django.utils.text import slugify

from corporate_parenting.concurrency import EditGuardMixin
from corporate_parenting.forms import DateInput, form_helper, number_limits, taken
from corporate_parenting.models import Organisation

from .models import Cohort, Comparator, DemographicCount, Finding, Indicator, Instrument, Wave

DATE_HELP = "For example, 31/3/2026"
BIG = 10_000_000  # more children than any council looks after: a typing slip


class WaveForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Wave
        fields = ["label", "period_start", "period_end", "method", "run_by", "notes", "public"]
        labels = {
            "public": "Publish on the public pages",
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
            Field.checkbox("public"),
            submit="Save wave",
        )

    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        if taken(
            Wave.objects.filter(instrument=self.instrument, label__iexact=label), self.instance
        ):
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
        if taken(Cohort.objects.filter(wave=self.wave, label__iexact=label), self.instance):
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


class _WaveCohortChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def _cohort_field(wave, help_text):
    return _WaveCohortChoice(
        queryset=Cohort.objects.filter(wave=wave),
        required=False,
        empty_label="All respondents",
        label="Cohort",
        help_text=help_text,
        error_messages={"invalid_choice": "Select one of this wave's cohorts"},
    )


@number_limits(
    count=(0, BIG, "number who answered this way"),
    denominator=(1, BIG, "number who answered the question"),
    position=(0, 999),
)
class IndicatorForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "domain",
            "question",
            "key",
            "cohort",
            "count",
            "denominator",
            "higher_is_better",
            "position",
        ]
        labels = {
            "question": "What the percentage says",
            "key": "Short name for trends",
            "count": "How many answered this way",
            "denominator": "How many answered the question",
            "higher_is_better": "A higher percentage is better",
        }
        help_texts = {
            "question": 'For example, "Felt settled where they live all or most of the time"',
            "key": "The same question in other waves has the same short name, so the trend "
            "joins them. Leave empty to make one from the question.",
        }
        widgets = {"domain": forms.RadioSelect}
        error_messages = {
            "domain": {"required": "Select the domain the question belongs to"},
            "question": {"required": "Enter what the percentage says"},
        }

    def __init__(self, *args, wave, **kwargs):
        super().__init__(*args, **kwargs)
        self.wave = wave
        self.fields["key"].required = False
        self.fields["cohort"] = _cohort_field(wave, "Leave as all respondents for the wave.")
        self.helper = form_helper(
            Field.radios("domain", legend_size=Size.SMALL, inline=True),
            Field.text("question", field_width=Fluid.FULL),
            Field.text("key", field_width=Fluid.ONE_HALF),
            Field.select("cohort"),
            Field.text("count", field_width=Fixed.TEN),
            Field.text("denominator", field_width=Fixed.TEN),
            Field.checkbox("higher_is_better"),
            Field.text("position", field_width=Fixed.FIVE),
            submit="Save indicator",
        )

    def clean(self):
        cleaned = super().clean()
        count, denominator = cleaned.get("count"), cleaned.get("denominator")
        if count is not None and denominator is not None and count > denominator:
            self.add_error(
                "count",
                f"The number who answered this way ({count:,}) cannot be more than the number "
                f"who answered the question ({denominator:,})",
            )
        cohort = cleaned.get("cohort")
        responded = cohort.responses if cohort else self.wave.totals()[1]
        answered_by = f"the {responded:,} who responded" + (f" in {cohort}" if cohort else "")
        if denominator is not None and (cohort or responded) and denominator > responded:
            self.add_error(
                "denominator",
                f"The number who answered the question ({denominator:,}) cannot be more than "
                f"{answered_by}",
            )
        if not cleaned.get("key") and cleaned.get("question"):
            cleaned["key"] = slugify(cleaned["question"])[:80].strip("-") or "question"
        key = cleaned.get("key")
        if (
            key
            and "cohort" in cleaned
            and taken(
                Indicator.objects.filter(wave=self.wave, cohort=cleaned["cohort"], key=key),
                self.instance,
            )
        ):
            self.add_error(
                "key",
                "This wave already has an indicator with this short name for this cohort. "
                "Change that one, or give this one another short name.",
            )
        return cleaned

    def save(self, commit=True):
        self.instance.organisation = self.wave.organisation
        self.instance.wave = self.wave
        self.instance.key = self.cleaned_data["key"]
        return super().save(commit)


PERCENT_MESSAGE = "Enter the percentage as a number from 0 to 100, like 66 or 79.5"


@number_limits(
    count=(0, BIG, "comparator's count"),
    denominator=(1, BIG, "comparator's number who answered"),
)
class ComparatorForm(EditGuardMixin, forms.ModelForm):
    # Typed as text: a percentage such as 79.5 is not a whole number, and GOV.UK asks for a
    # text input rather than type="number".
    percentage = forms.CharField(
        label="Their percentage",
        required=False,
        help_text="Leave empty if you give their counts: it is worked out from them.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )

    class Meta:
        model = Comparator
        fields = ["kind", "label", "percentage", "count", "denominator"]
        labels = {
            "kind": "Compared with",
            "label": "As the source words it",
            "count": "Their count (if known)",
            "denominator": "How many of them answered (if known)",
        }
        help_texts = {
            "label": 'For example, "16 other councils"',
            "count": "With both counts, the difference is tested for significance.",
        }
        widgets = {"kind": forms.RadioSelect}
        error_messages = {"kind": {"required": "Select what the indicator is compared with"}}

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["count"].required = self.fields["denominator"].required = False
        if self.instance.pk and not self.is_bound:
            self.initial["percentage"] = f"{self.instance.percentage.normalize():f}"
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("label", field_width=Fluid.TWO_THIRDS),
            Field.text("percentage", field_width=Fixed.FIVE),
            Field.text("count", field_width=Fixed.TEN),
            Field.text("denominator", field_width=Fixed.TEN),
            submit="Save comparator",
        )

    def clean_percentage(self):
        text = self.cleaned_data["percentage"].strip().removesuffix("%").strip()
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(PERCENT_MESSAGE) from None
        if not value.is_finite() or not 0 <= value <= 100:
            raise forms.ValidationError(PERCENT_MESSAGE)
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        if taken(Comparator.objects.filter(indicator=self.indicator, kind=kind), self.instance):
            raise forms.ValidationError(
                "This indicator is already compared with this. Change that comparator instead."
            )
        return kind

    def clean(self):
        cleaned = super().clean()
        count, denominator = cleaned.get("count"), cleaned.get("denominator")
        if (count is None) != (denominator is None):
            if not self.has_error("count") and not self.has_error("denominator"):
                self.add_error(
                    "count" if count is None else "denominator",
                    "Give both their count and how many of them answered, or neither",
                )
        elif count is not None and count > denominator:
            self.add_error(
                "count",
                f"Their count ({count:,}) cannot be more than how many of them answered "
                f"({denominator:,})",
            )
        if "percentage" in cleaned and cleaned["percentage"] is None:
            if count is not None and denominator and count <= denominator:
                cleaned["percentage"] = (Decimal(count) * 100 / denominator).quantize(
                    Decimal("0.1"), rounding=ROUND_HALF_UP
                )
            elif not self.has_error("percentage"):
                self.add_error("percentage", "Enter their percentage, or their counts")
        return cleaned

    def save(self, commit=True):
        self.instance.organisation = self.indicator.organisation
        self.instance.indicator = self.indicator
        self.instance.percentage = self.cleaned_data["percentage"]
        return super().save(commit)

    def state_of(self, obj):
        state = super().state_of(obj)
        state["percentage"] = f"{obj.percentage.normalize():f}"
        return state


@number_limits(count=(0, BIG, "number who said it"), position=(0, 999))
class FindingForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["kind", "summary", "cohort", "count", "response", "position"]
        labels = {
            "kind": "What it is",
            "summary": "What they said, in a few words",
            "count": "How many said it (if counted)",
            "response": "The council's response",
        }
        help_texts = {
            "summary": 'For example, "Fewer changes of social worker"',
            "response": 'What the council will do, starting "We will ...". Leave empty until '
            "it is agreed.",
        }
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "kind": {"required": "Select whether it is a wish or a theme"},
            "summary": {"required": "Enter what they said, in a few words"},
        }

    def __init__(self, *args, wave, **kwargs):
        super().__init__(*args, **kwargs)
        self.wave = wave
        self.fields["count"].required = False
        self.fields["cohort"] = _cohort_field(wave, "Leave as all respondents for the wave.")
        self.helper = form_helper(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("summary", field_width=Fluid.FULL),
            Field.select("cohort"),
            Field.text("count", field_width=Fixed.TEN),
            Field.textarea("response", rows=4),
            Field.text("position", field_width=Fixed.FIVE),
            submit="Save finding",
        )

    def save(self, commit=True):
        self.instance.organisation = self.wave.organisation
        self.instance.wave = self.wave
        return super().save(commit)


class InstrumentForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["name", "audience", "provider", "description"]
        labels = {"name": "Name of the survey", "audience": "Who it asks"}
        widgets = {"audience": forms.RadioSelect}
        error_messages = {
            "name": {"required": 'Enter the name of the survey, like "Your Life, Your Care"'},
            "audience": {"required": "Select who the survey asks"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.helper = form_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("audience", legend_size=Size.SMALL),
            Field.text("provider", field_width=Fluid.TWO_THIRDS),
            Field.textarea("description", rows=3),
            submit="Save survey",
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if taken(
            Instrument.objects.for_organisation(self.organisation).filter(name__iexact=name),
            self.instance,
        ):
            raise forms.ValidationError(f"There is already a survey called {name}.")
        return name

    def save(self, commit=True):
        self.instance.organisation = self.organisation
        return super().save(commit)


@number_limits(
    count=(0, BIG, "number of respondents"),
    care_population=(0, BIG, "number in the care population"),
    position=(0, 999),
)
class DemographicForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = DemographicCount
        fields = ["dimension", "category", "cohort", "count", "care_population", "position"]
        labels = {
            "dimension": "What it describes",
            "category": "Category",
            "count": "How many respondents",
            "care_population": "How many in the care population (if known)",
        }
        help_texts = {"category": 'For example, "Girls", "Foster care", "Mixed"'}
        widgets = {"dimension": forms.RadioSelect}
        error_messages = {
            "dimension": {"required": "Select what the count describes"},
            "category": {"required": 'Enter the category, like "Girls"'},
        }

    def __init__(self, *args, wave, **kwargs):
        super().__init__(*args, **kwargs)
        self.wave = wave
        self.fields["care_population"].required = False
        self.fields["cohort"] = _cohort_field(wave, "Leave as all respondents for the wave.")
        self.helper = form_helper(
            Field.radios("dimension", legend_size=Size.SMALL, inline=True),
            Field.text("category", field_width=Fluid.ONE_HALF),
            Field.select("cohort"),
            Field.text("count", field_width=Fixed.TEN),
            Field.text("care_population", field_width=Fixed.TEN),
            Field.text("position", field_width=Fixed.FIVE),
            submit="Save count",
        )

    def clean(self):
        cleaned = super().clean()
        cohort, count = cleaned.get("cohort"), cleaned.get("count")
        responded = cohort.responses if cohort else self.wave.totals()[1]
        if count is not None and (cohort or responded) and count > responded:
            where = f" in {cohort}" if cohort else ""
            self.add_error(
                "count",
                f"The number of respondents ({count:,}) cannot be more than the "
                f"{responded:,} who responded{where}",
            )
        category, dimension = (cleaned.get("category") or "").strip(), cleaned.get("dimension")
        if (
            category
            and dimension
            and "cohort" in cleaned
            and taken(
                DemographicCount.objects.filter(
                    wave=self.wave, cohort=cohort, dimension=dimension, category__iexact=category
                ),
                self.instance,
            )
        ):
            self.add_error(
                "category",
                f"There is already a count for {category} here. Change that one instead.",
            )
        return cleaned

    def save(self, commit=True):
        self.instance.organisation = self.wave.organisation
        self.instance.wave = self.wave
        return super().save(commit)


@number_limits(disclosure_threshold=(2, 50, "threshold"))
class DisclosureForm(EditGuardMixin, forms.ModelForm):
    """The organisation's disclosure rule for everything it publishes of survey results."""

    class Meta:
        model = Organisation
        fields = ["disclosure_rule", "disclosure_threshold", "disclosure_hide_zeros"]
        labels = {
            "disclosure_rule": "How small numbers are protected",
            "disclosure_threshold": "Hide counts below",
            "disclosure_hide_zeros": "Hide zeros too",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.radios("disclosure_rule", legend_size=Size.SMALL),
            Field.text("disclosure_threshold", field_width=Fixed.TWO),
            Field.checkbox("disclosure_hide_zeros"),
            submit="Save the rule",
        )
