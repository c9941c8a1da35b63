from crispy_forms_gds.layout import HTML, Field, Fixed, Fluid, Size, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator

from corporate_parenting.concurrency import EditGuardMixin
from corporate_parenting.dates import validate_progress_date
from corporate_parenting.forms import DateInput, form_helper, number_limits
from corporate_parenting.models import Membership
from corporate_parenting.uploads import DOCUMENTS, UploadField

from .models import (
    Commitment,
    CommitmentAction,
    PledgeSettings,
    PledgeVersion,
    ProgressUpdate,
    Status,
    Theme,
)

DATE_HELP = "For example, 31/3/2026"


class VersionForm(EditGuardMixin, forms.ModelForm):
    state = forms.ChoiceField(
        choices=[
            (PledgeVersion.State.DRAFT, "Draft"),
            (PledgeVersion.State.CONSULTATION, "In consultation with young people"),
        ],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = PledgeVersion
        fields = ["title", "label", "state", "introduction", "numbered", "review_date"]
        widgets = {"review_date": DateInput}
        error_messages = {
            "title": {"required": "Enter the pledge's title"},
            "label": {"required": 'Enter a label for this version, like "2026 review"'},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("title", field_width=Fluid.FULL),
            Field.text("label", field_width=Fixed.TWENTY),
            Field.radios("state", legend_size=Size.SMALL),
            Field.textarea("introduction", rows=3),
            Field.checkbox("numbered"),
            Field("review_date"),
            submit="Save",
        )


class CopyVersionForm(forms.Form):
    label = forms.CharField(
        label="Label for the new version",
        max_length=60,
        error_messages={"required": 'Enter a label for the new version, like "2026 review"'},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("label", field_width=Fixed.TWENTY), submit="Start a new version"
        )


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(
        label="Date adopted or endorsed",
        widget=DateInput,
        error_messages={
            "required": "Enter the date it was adopted",
            "invalid": "Enter a real date",
        },
    )
    adopted_by = forms.CharField(
        label="Adopted or endorsed by",
        max_length=200,
        help_text='For example, "Full Council" or "Corporate Parenting Board"',
        error_messages={"required": "Say who adopted or endorsed it"},
    )
    review_date = forms.DateField(
        label="Review date", required=False, widget=DateInput, help_text="When it will be reviewed"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("adopted_on"),
            Field.text("adopted_by", field_width=Fluid.TWO_THIRDS),
            Field("review_date"),
            submit="Adopt this version",
        )

    def clean(self):
        cleaned = super().clean()
        adopted, review = cleaned.get("adopted_on"), cleaned.get("review_date")
        if adopted and review and review <= adopted:
            self.add_error("review_date", "The review date must be after the adoption date")
        return cleaned


@number_limits(position=(0, 999))
class ThemeForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["title", "lead_in", "position"]
        error_messages = {
            "title": {"required": 'Enter the theme, like "Your Voice"'},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True
        self.helper = form_helper(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.text("lead_in", field_width=Fluid.TWO_THIRDS),
            Field.text("position", field_width=Fixed.FIVE),
            submit="Save theme",
        )


@number_limits(position=(0, 999))
class CommitmentForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = [
            "wording",
            "young_people_wording",
            "lead",
            "partners",
            "target",
            "due_date",
            "position",
        ]
        labels = {
            "wording": "The promise, as the board reads it",
            "young_people_wording": "The promise in young people's words",
            "lead": "Lead officer",
        }
        widgets = {"due_date": DateInput}
        error_messages = {
            "wording": {"required": 'Enter the promise, like "We will ..."'},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = (
            get_user_model()
            .objects.filter(
                pk__in=Membership.objects.for_organisation(organisation).active().values("user_id")
            )
            .order_by("full_name")
        )
        self.fields["lead"].empty_label = "No lead yet"
        self.helper = form_helper(
            Field.textarea("wording", rows=3),
            Field.textarea("young_people_wording", rows=2),
            Field("lead"),
            Field.text("partners", field_width=Fluid.TWO_THIRDS),
            Field.text("target", field_width=Fluid.TWO_THIRDS),
            Field("due_date"),
            Field.text("position", field_width=Fixed.FIVE),
            submit="Save promise",
        )


@number_limits(position=(0, 999))
class ActionForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = CommitmentAction
        fields = ["description", "owner", "timeline", "links", "expected_outcome", "position"]
        labels = {"description": "What will be done"}
        error_messages = {"description": {"required": "Say what will be done"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("description", rows=2),
            Field.text("owner", field_width=Fluid.TWO_THIRDS),
            Field.text("timeline", field_width=Fluid.TWO_THIRDS),
            Field.text("links", field_width=Fluid.TWO_THIRDS),
            Field.textarea("expected_outcome", rows=2),
            Field.text("position", field_width=Fixed.FIVE),
            submit="Save action",
        )


class ProgressUpdateForm(EditGuardMixin, forms.ModelForm):
    status = forms.ChoiceField(
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status"},
    )
    evidence_title = forms.CharField(label="Evidence: title", max_length=200, required=False)
    evidence_url = forms.URLField(
        label="Evidence: web address",
        assume_scheme="https",
        required=False,
        error_messages={"invalid": "Enter a full web address, starting https://"},
    )
    evidence_file = UploadField(label="Evidence: a file", required=False, allowed=DOCUMENTS)

    class Meta:
        model = ProgressUpdate
        fields = ["as_of", "status", "narrative", "public_summary"]
        labels = {
            "as_of": "Date this update describes",
            "narrative": "Progress for the board",
            "public_summary": "What we did, in plain words for young people",
        }
        widgets = {"as_of": DateInput}
        error_messages = {
            "as_of": {"required": "Enter the date", "invalid": "Enter a real date"},
            "narrative": {"required": "Describe the progress for the board"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("as_of"),
            Field.radios("status", legend_size=Size.SMALL),
            Field.textarea("narrative", rows=5),
            Field.textarea("public_summary", rows=3),
            HTML('<h2 class="govuk-heading-s">Evidence (optional)</h2>'),
            Field.text("evidence_title", field_width=Fluid.TWO_THIRDS),
            Field.text("evidence_url", field_width=Fluid.TWO_THIRDS),
            Field("evidence_file"),
            submit="Save draft",
        )
        self.helper.layout.append(
            Submit("send", "Save and send for approval", css_class="govuk-button--secondary")
        )

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        validate_progress_date(as_of)
        return as_of

    def clean(self):
        cleaned = super().clean()
        if "evidence_file" in self.errors or "evidence_url" in self.errors:
            return cleaned  # the file or address itself is wrong: that is the one message
        has_evidence = cleaned.get("evidence_url") or cleaned.get("evidence_file")
        if has_evidence and not cleaned.get("evidence_title"):
            self.add_error("evidence_title", "Give the evidence a title")
        if cleaned.get("evidence_title") and not has_evidence:
            self.add_error("evidence_url", "Enter a web address or choose a file for the evidence")
        return cleaned


@number_limits(update_interval_weeks=(1, 52, "number of weeks"))
class PledgeSettingsForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = PledgeSettings
        fields = ["update_interval_weeks", "show_action_owners"]
        labels = {"update_interval_weeks": "Weeks between progress updates"}
        help_texts = {
            "update_interval_weeks": "A promise with no approved update for this long is listed "
            "as needing one, and its lead is reminded by email (at most once in that time)."
        }
        error_messages = {
            "update_interval_weeks": {
                "required": "Enter the number of weeks",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["update_interval_weeks"].min_value = 1
        self.fields["update_interval_weeks"].validators.append(MinValueValidator(1))
        self.fields["update_interval_weeks"].validators.append(MaxValueValidator(52))
        self.helper = form_helper(
            Field.text("update_interval_weeks", field_width=Fixed.FIVE),
            Field.checkbox("show_action_owners"),
            submit="Save settings",
        )


class RequestChangesForm(forms.Form):
    note = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what needs to change"},
    )
