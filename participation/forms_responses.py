"""Forms of "We did": a response, its change (guarded), a change of status with its public
reason (guarded), the filters of the waiting queue and the measures, and the council's own
promise about answering (LoopPromise, guarded)."""

from crispy_forms_gds.layout import Field, Fixed, Fluid, Size
from django import forms
from django.db.models import Q
from django.utils import timezone

from corporate_parenting.concurrency import EditGuardMixin
from corporate_parenting.dates import EARLIEST, validate_progress_date
from corporate_parenting.forms import DateInput, form_helper, number_limits
from corporate_parenting.models import District
from pledges.models import Commitment, PledgeVersion
from pledges.selectors import PROMISE_ORDER, promise_numbers

from .guard import scan
from .models import Feedback, LoopPromise, Response, Theme
from .responses import first_reason

DATE_HELP = "For example, 27/3/2026. Not in the future."
# What the guard finds in "by whom" that makes it a person rather than a team or role.
PERSON_KINDS = {"first_name", "titled_name", "real_name_cue", "email", "phone", "username"}


def _date_error(what):
    return {"required": f"Enter the date {what}", "invalid": f"Enter the date {what} as a date"}


class PromiseChoice(forms.ModelChoiceField):
    def __init__(self, *args, numbers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.numbers = numbers or {}

    def label_from_instance(self, obj):
        number = self.numbers.get(obj.pk)
        wording = obj.wording if len(obj.wording) <= 120 else obj.wording[:119] + "…"
        return f"{number}: {wording}" if number else wording


def promise_field(organisation, *, current_id=None, label, help_text="") -> PromiseChoice:
    """The promises of the organisation's adopted pledge that are not withdrawn (with their
    numbers), and the one already chosen, whatever it is now."""
    version = PledgeVersion.objects.filter(
        organisation=organisation, state=PledgeVersion.State.ADOPTED
    ).first()
    choices = Q(pk=current_id) if current_id else Q(pk__in=[])
    if version is not None:
        choices |= Q(theme__version=version, withdrawn_at__isnull=True)
    queryset = (
        Commitment.objects.for_organisation(organisation).filter(choices).order_by(*PROMISE_ORDER)
    )
    return PromiseChoice(
        queryset=queryset,
        required=False,
        label=label,
        help_text=help_text,
        empty_label="None",
        numbers=promise_numbers(version) if version is not None else {},
    )


class ItemChoice(forms.ModelMultipleChoiceField):
    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def label_from_instance(self, obj):
        words = obj.words_for(self.membership) or "Words not yet checked for sharing"
        return f"“{words}” (said {obj.said_on:%-d %B %Y})"


class _ResponseFields(forms.ModelForm):
    """What a response and its change share: the items (waiting ones, and those chosen), the
    words, who, when and the promise."""

    class Meta:
        model = Response
        fields = ["items", "text", "by_whom", "responded_on", "promise"]
        labels = {
            "text": "What was done or decided",
            "by_whom": "By whom",
            "responded_on": "When",
        }
        help_texts = {
            "text": "In plain words young people understand. If we can't do it, say so and "
            "say why.",
            "by_whom": 'A team or role, like "Virtual School" or "Leaving Care Team": never a '
            "person's name. Young people read this.",
            "responded_on": DATE_HELP,
        }
        widgets = {"responded_on": DateInput, "text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "text": {"required": "Enter what was done or decided"},
            "by_whom": {"required": "Enter the team or role that did it"},
            "responded_on": _date_error("it was done or decided"),
        }

    def __init__(self, *args, organisation, membership, chosen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        current = list(self.instance.items.values_list("pk", flat=True)) if self.instance.pk else []
        wanted = [int(pk) for pk in chosen if str(pk).isdigit()] + current
        self.fields["items"] = ItemChoice(
            queryset=Feedback.objects.for_organisation(organisation)
            .filter(Q(responses__isnull=True) | Q(pk__in=wanted))
            .distinct()
            .order_by("said_on", "pk"),
            membership=membership,
            widget=forms.CheckboxSelectMultiple,
            label="What young people said",
            help_text="The items this answers: those still waiting, oldest first, and any you "
            "chose.",
            error_messages={
                "required": "Choose at least one item of feedback this answers",
                "invalid_choice": "Choose items of feedback from the list",
            },
        )
        if not self.is_bound and wanted and not self.instance.pk:
            self.initial["items"] = wanted
        self.fields["promise"] = promise_field(
            organisation,
            current_id=self.instance.promise_id,
            label="The promise it moves (optional)",
            help_text="It then shows as evidence on the promise's page and the public pledge.",
        )
        self.fields["responded_on"].validators.append(validate_progress_date)

    def clean_by_whom(self):
        by_whom = self.cleaned_data["by_whom"].strip()
        person = [flag for flag in scan(by_whom) if flag.kind in PERSON_KINDS]
        if person:
            raise forms.ValidationError(
                f"Name a team or role, not a person: young people read this ({person[0].reason})"
            )
        return by_whom

    def clean(self):
        cleaned = super().clean()
        items, on = cleaned.get("items"), cleaned.get("responded_on")
        if items and on:
            latest = max(item.said_on for item in items)
            if on < latest:
                self.add_error(
                    "responded_on",
                    f"Enter a date on or after {latest:%-d %B %Y}, when the last of the chosen "
                    "items was said",
                )
        return cleaned

    def _layout(self, *extra, submit):
        return form_helper(
            Field.checkboxes("items", legend_size=Size.SMALL, small=True),
            Field.textarea("text", rows=4),
            Field.text("by_whom", field_width=Fluid.TWO_THIRDS),
            Field.text("responded_on", field_width=Fixed.TEN),
            *extra,
            Field.select("promise"),
            submit=submit,
        )


class ResponseForm(_ResponseFields):
    """A new response, with its first status (and its reason: required for "we can't")."""

    status = forms.ChoiceField(
        choices=Response.Status.choices,
        widget=forms.RadioSelect,
        label="Status",
        error_messages={"required": "Choose the status"},
    )
    reason = forms.CharField(
        max_length=500,
        required=False,
        label="Why, in plain words",
        help_text="Young people read this. Needed when we can't do it: say why.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("status", Response.Status.PLANNED)
        self.initial.setdefault("responded_on", timezone.localdate())
        self.helper = self._layout(
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.textarea("reason", rows=3),
            submit="Save what we did",
        )

    def clean(self):
        cleaned = super().clean()
        reason = cleaned.get("reason", "").strip()
        if cleaned.get("status") == Response.Status.CANNOT and not reason:
            self.add_error("reason", "Say why we can't: young people read this")
        cleaned["reason"] = reason or first_reason(cleaned.get("status") or "planned")
        return cleaned


class ResponseChangeForm(EditGuardMixin, _ResponseFields):
    """A response's words, items, date and promise (its status changes on its own page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._layout(submit="Save changes")


class StatusForm(EditGuardMixin, forms.Form):
    """A new status for a response, with the public reason it needs."""

    status = forms.ChoiceField(
        choices=Response.Status.choices,
        widget=forms.RadioSelect,
        label="New status",
        error_messages={"required": "Choose the new status"},
    )
    reason = forms.CharField(
        max_length=500,
        label="Why, in plain words",
        help_text="Every change of status says why. Young people read this.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the change: young people read it"},
    )
    changed_on = forms.DateField(
        label="When it changed",
        help_text=DATE_HELP,
        widget=DateInput,
        validators=[validate_progress_date],
        error_messages=_date_error("it changed"),
    )
    guard_exclude = ("reason", "changed_on")

    def __init__(self, *args, response, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "status": response.status,
            "changed_on": timezone.localdate(),
            **kwargs["initial"],
        }
        super().__init__(*args, **kwargs)
        self.response = response
        self.helper = form_helper(
            Field.radios("status", legend_size=Size.SMALL, small=True),
            Field.textarea("reason", rows=3),
            Field.text("changed_on", field_width=Fixed.TEN),
            submit="Change the status",
        )

    def state_of(self, obj):
        return {"status": obj.status}

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == self.response.status:
            raise forms.ValidationError(
                f"It is already “{self.response.get_status_display()}”: choose another status"
            )
        return status

    def clean_changed_on(self):
        day = self.cleaned_data["changed_on"]
        if day < self.response.responded_on:
            raise forms.ValidationError(
                f"Enter a date on or after {self.response.responded_on:%-d %B %Y}, the date of "
                "the response"
            )
        return day


class WaitingFilter(forms.Form):
    district = forms.ModelChoiceField(
        queryset=District.objects.none(), required=False, empty_label="All districts"
    )
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(), required=False, empty_label="All themes"
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = District.objects.for_organisation(organisation)
        self.fields["theme"].queryset = Theme.objects.for_organisation(organisation)
        self.helper = form_helper(
            Field.select("district"), Field.select("theme"), submit="Show items"
        )
        self.helper.form_method = "get"


class PeriodFilter(forms.Form):
    start = forms.DateField(
        label="Said from", required=False, widget=DateInput, help_text="For example, 1/4/2026"
    )
    end = forms.DateField(
        label="Said up to", required=False, widget=DateInput, help_text="For example, 31/3/2027"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = "Enter a date, like 1/4/2026"
        self.helper = form_helper(
            Field.text("start", field_width=Fixed.TEN),
            Field.text("end", field_width=Fixed.TEN),
            submit="Show the measures",
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for name, day in (("start", start), ("end", end)):
            if day and day < EARLIEST:
                self.add_error(name, f"Enter a date on or after {EARLIEST:%-d %B %Y}")
        if start and end and end < start:
            self.add_error("end", "The last day must be on or after the first day")
        return cleaned


@number_limits(working_days=(0, 365, "number of working days"))
class LoopPromiseForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = LoopPromise
        fields = ["working_days", "promise", "wording"]
        labels = {
            "working_days": "We answer within this many working days",
            "wording": "The promise in the council's words",
        }
        help_texts = {
            "working_days": "Monday to Friday, without bank holidays in England and Wales. "
            "0 means the same day.",
            "wording": 'For example, "get back to you within 3 working days"',
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["promise"] = promise_field(
            organisation,
            current_id=self.instance.promise_id,
            label="The pledge's promise that says it (optional)",
        )
        self.helper = form_helper(
            Field.text("working_days", field_width=Fixed.FIVE),
            Field.select("promise"),
            Field.text("wording", field_width=Fluid.FULL),
            submit="Save the promise",
        )

    def save(self, commit=True):
        self.instance.organisation = self.organisation
        return super().save(commit)
