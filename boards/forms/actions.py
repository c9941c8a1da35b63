"""Forms of the action log: recording an action, updating one, filtering the log."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms
from django.contrib.auth import get_user_model

from corporate_parenting.concurrency import EditGuardMixin
from corporate_parenting.forms import DateInput, form_helper

from ..models import Action, AgendaItem, Board


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.full_name} ({user.email})" if user.full_name else user.email


def organisation_users(organisation):
    """People who may own an action and get its reminders: active members."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__is_active=True,
        )
        .order_by("full_name", "email")
    )


class ActionForm(forms.Form):
    item = forms.ModelChoiceField(
        label="Agenda item it arose from",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="The meeting generally, not one item",
        help_text="Leave it as the meeting generally for an action that arose from no one item.",
        error_messages={"invalid_choice": "Select one of this meeting's agenda items"},
    )
    description = forms.CharField(
        label="What will be done",
        widget=forms.Textarea,
        help_text=(
            "As minuted, for example: The Chairman to write to the young people to thank them "
            "and update them on how their ideas informed future work."
        ),
        error_messages={"required": "Enter what will be done"},
    )
    owner_name = forms.CharField(
        label="Who will do it",
        max_length=200,
        required=False,
        help_text='As minuted, for example "The Chairman" or "Director of Children\'s Services". '
        "Leave blank to use the name of the account chosen below.",
    )
    owner = OwnerChoiceField(
        label="Their account (optional)",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="No account: no email reminders",
        help_text="The owner of an action can update it and gets email reminders before and on "
        "the due date.",
        error_messages={"invalid_choice": "Select one of the organisation's members"},
    )
    due_date = forms.DateField(
        label="Due date (optional)",
        required=False,
        widget=DateInput,
        help_text="For example, 2026-03-31",
        error_messages={"invalid": "Enter the due date as a real date, like 2026-03-31"},
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        self.fields["owner"].queryset = organisation_users(meeting.organisation_id)
        self.helper = form_helper(
            Field.select("item"),
            Field.textarea("description", rows=4),
            Field.text("owner_name", field_width=Fluid.TWO_THIRDS),
            Field.select("owner"),
            Field("due_date"),
            submit="Record action",
        )

    def clean(self):
        cleaned = super().clean()
        name = (cleaned.get("owner_name") or "").strip()
        owner = cleaned.get("owner")
        if not name and owner is not None:
            name = owner.full_name or owner.email
        if not name and "owner" not in self.errors:
            self.add_error("owner_name", "Enter who will do it")
        cleaned["owner_name"] = name
        return cleaned


class ActionUpdateForm(EditGuardMixin, forms.Form):
    text = forms.CharField(
        label="Update",
        widget=forms.Textarea,
        help_text="What has been done, or why it has changed.",
        error_messages={"required": "Enter the update"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the action's status",
            "invalid_choice": "Select one of the statuses",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("text", rows=3),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            submit="Add update",
        )

    def state_of(self, action) -> dict:
        return {"status": action.status}  # the text is a new update, never an overwrite


STATUS_FILTERS = [
    ("current", "Open or in progress"),
    *Action.Status.choices,
    ("all", "All"),
]


class ActionFilterForm(forms.Form):
    """The log's filters (GET). Unknown values are reported and the default is used."""

    board = forms.ModelChoiceField(
        label="Board",
        queryset=Board.objects.none(),
        required=False,
        empty_label="All boards",
        error_messages={"invalid_choice": "Select one of the boards"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=STATUS_FILTERS,
        required=False,
        error_messages={"invalid_choice": "Select one of the statuses"},
    )
    owner = forms.ChoiceField(
        label="Owner",
        required=False,
        error_messages={"invalid_choice": "Select one of the owners"},
    )
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def __init__(self, *args, organisation, owner_names, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = Board.objects.for_organisation(organisation)
        self.fields["owner"].choices = [
            ("", "Anyone"),
            ("me", "Me"),
            *((name, name) for name in owner_names),
        ]
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # a GET form: no token in the address
        helper.layout = Layout(
            Field.select("board"),
            Field.select("status"),
            Field.select("owner"),
            Field.checkbox("overdue", small=True),
            Submit("show", "Show actions", css_class="govuk-button--secondary"),
        )
        self.helper = helper

    def filters(self):
        """The chosen filters; any that are not valid fall back to their default (the form
        then carries the error to show)."""
        self.is_valid()
        data = self.cleaned_data  # only the valid fields
        return {
            "board": data.get("board"),
            "status": data.get("status") or "current",
            "owner": data.get("owner") or "",
            "overdue": bool(data.get("overdue")),
        }
