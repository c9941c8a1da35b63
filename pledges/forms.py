from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fixed, Fluid, Layout, Size, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator

from corporate_parenting.concurrency import FIELD as LOADED_STATE
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
from .services import ACTION_FIELDS

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
        # The page (pledges/promise_form.html) puts its actions and its buttons after these.
        self.helper = fields_helper(
            Field.textarea("wording", rows=3),
            Field.textarea("young_people_wording", rows=2),
            Field("lead"),
            Field.text("partners", field_width=Fluid.TWO_THIRDS),
            Field.text("target", field_width=Fluid.TWO_THIRDS),
            Field("due_date"),
            Field.text("position", field_width=Fixed.FIVE),
        )


def fields_helper(*fields) -> FormHelper:
    """A crispy layout of fields only: the template owns the form tag and the buttons."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


def action_fields():
    return (
        Field.textarea("description", rows=2),
        Field.text("owner", field_width=Fluid.TWO_THIRDS),
        Field.text("timeline", field_width=Fluid.TWO_THIRDS),
        Field.text("links", field_width=Fluid.TWO_THIRDS),
        Field.textarea("expected_outcome", rows=2),
    )


ACTION_LABELS = {"description": "What will be done"}
ACTION_ERRORS = {"description": {"required": "Say what will be done"}}


@number_limits(position=(0, 999))
class ActionForm(EditGuardMixin, forms.ModelForm):
    """One action on its own page. On an adopted version the change goes on the record, so
    the form asks why (`on_record`)."""

    guard_exclude = ("reason",)
    reason = forms.CharField(
        label="Why is this changing?",
        help_text="For the record: the adopted pledge's history shows who changed it, when "
        "and why.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = CommitmentAction
        fields = [*ACTION_FIELDS, "position"]
        labels = ACTION_LABELS
        error_messages = ACTION_ERRORS

    def __init__(self, *args, on_record=False, **kwargs):
        super().__init__(*args, **kwargs)
        layout = [*action_fields(), Field.text("position", field_width=Fixed.FIVE)]
        if on_record:
            layout.append(Field.textarea("reason", rows=2))
        else:
            del self.fields["reason"]
        self.helper = form_helper(*layout, submit="Save action")


class ActionRowForm(EditGuardMixin, forms.ModelForm):
    """One action among several on the page of its promise (ActionFormSet). Its position is
    its place on the page. A blank row is ignored; a row with anything typed must say what
    will be done."""

    guard_exclude = ("id", "DELETE", "commitment")

    class Meta:
        model = CommitmentAction
        fields = list(ACTION_FIELDS)
        labels = ACTION_LABELS
        error_messages = ACTION_ERRORS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = fields_helper(*action_fields())

    vanished = False  # set by the formset: the row was of an action that is gone

    def has_changed(self):
        # The guard's token is signed afresh at each rendering: it is not something typed.
        return bool(set(self.changed_data) - {LOADED_STATE})

    def clean(self):
        if self.vanished:
            raise forms.ValidationError(
                "Someone else removed this action while you were editing. Copy what you "
                "typed, then open the page again."
            )
        return super().clean()


class BaseActionFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # A row of an existing action whose action is no longer the promise's (removed by
        # someone else meanwhile, or a posted id of another promise's): never saved as new.
        form.vanished = self.is_bound and i < self.initial_form_count() and not form.instance.pk
        return form


ActionFormSet = forms.inlineformset_factory(
    Commitment,
    CommitmentAction,
    form=ActionRowForm,
    formset=BaseActionFormSet,
    fields=list(ACTION_FIELDS),
    extra=1,
    can_delete=True,
    can_delete_extra=False,
)


class ActionRemoveForm(forms.Form):
    """Removing an action. On an adopted version it goes on the record with its reason
    (services.commitment_action_delete refuses without one)."""

    reason = forms.CharField(
        label="Why is this action removed?",
        help_text="For the record: the adopted pledge's history shows who removed it, when "
        "and why. Its progress updates are removed with it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the action is removed"},
    )

    def __init__(self, *args, on_record=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not on_record:
            del self.fields["reason"]
        self.helper = fields_helper(*([Field.textarea("reason", rows=3)] if on_record else []))
        self.helper.layout.append(
            Submit("submit", "Remove action", css_class="govuk-button--warning")
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
