"""Forms for feedback ("You said"): one item at a time, the quick entry of a pile of sticky
notes, the list's filters, and the guard's decisions."""

from crispy_forms_gds.layout import Field, Fixed, Size
from django import forms
from django.utils import timezone

from corporate_parenting.concurrency import EditGuardMixin
from corporate_parenting.dates import validate_progress_date
from corporate_parenting.forms import DateInput, form_helper
from corporate_parenting.models import District
from pledges.models import Commitment, PledgeVersion
from pledges.selectors import promise_numbers

from .feedback import State
from .models import Event, Feedback, Theme

KIND_KEYS = {  # access keys of the quick entry's kinds: Alt+Shift+letter in most browsers
    Feedback.Kind.NO_MORE: "n",
    Feedback.Kind.YES_MORE: "y",
    Feedback.Kind.IDEA: "i",
    Feedback.Kind.WORRY: "w",
    Feedback.Kind.PRAISE: "p",
    Feedback.Kind.BETTER_WORD: "b",
}
TEXT_MAX = Feedback._meta.get_field("text").max_length


class PromiseChoiceField(forms.ModelMultipleChoiceField):
    """The promises of the current adopted pledge, each with its number where it has one."""

    def __init__(self, *args, numbers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.numbers = numbers or {}

    def label_from_instance(self, promise):
        wording = promise.wording if len(promise.wording) <= 120 else promise.wording[:117] + "..."
        number = self.numbers.get(promise.pk)
        return f"Pledge {number}: {wording}" if number else wording


def adopted_promises(organisation, keep=()):
    """(queryset, numbers) of the promises feedback may concern: the adopted pledge's, not
    withdrawn, and any the item is already linked to."""
    version = PledgeVersion.objects.for_organisation(organisation).adopted().first()
    if version is None:
        return Commitment.objects.filter(pk__in=[p.pk for p in keep]), {}
    promises = Commitment.objects.in_version(version).filter(withdrawn_at__isnull=True)
    if keep:
        promises = promises | Commitment.objects.filter(pk__in=[p.pk for p in keep])
    return promises.select_related("theme").distinct(), promise_numbers(version)


def _text_field():
    return forms.CharField(
        label="What was said",
        max_length=TEXT_MAX,
        error_messages={
            "required": "Enter what was said",
            "max_length": f"Enter what was said in {TEXT_MAX} characters or fewer "
            "(split a long note into two items)",
        },
    )


class FeedbackForm(EditGuardMixin, forms.ModelForm):
    """Add or change one item. The words are checked by the guard when saved."""

    class Meta:
        model = Feedback
        fields = ["event", "text", "kind", "themes", "age_band", "district", "promises", "said_on"]
        labels = {
            "event": "Event",
            "text": "What was said",
            "kind": "Kind",
            "themes": "Themes",
            "age_band": "Age band (optional)",
            "district": "District (optional)",
            "promises": "Promises it concerns",
            "said_on": "Date it was said",
        }
        help_texts = {
            "said_on": "Leave empty for the event's date. For example, 22/10/2018",
            "text": "Write the words as they were said. The personal-data guard checks them "
            "when you save: never add a young person's name.",
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "themes": forms.CheckboxSelectMultiple,
            "said_on": DateInput,
        }
        error_messages = {
            "kind": {"required": "Choose what kind of feedback it is"},
            "said_on": {"invalid": "Enter the date it was said as a real date"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        f = self.fields
        f["text"].error_messages.update(_text_field().error_messages)
        f["event"].queryset = Event.objects.for_organisation(organisation)
        f["event"].required = False
        f["event"].empty_label = "No event"
        f["themes"].queryset = Theme.objects.for_organisation(organisation)
        f["district"].queryset = District.objects.filter(organisation=organisation)
        f["district"].empty_label = "Not recorded"
        f["age_band"].choices = [("", "Not recorded"), *Feedback.AgeBand.choices]
        f["kind"].choices = Feedback.Kind.choices
        keep = list(self.instance.promises.all()) if self.instance.pk else []
        promises, numbers = adopted_promises(organisation, keep)
        f["promises"] = PromiseChoiceField(
            queryset=promises,
            numbers=numbers,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Promises it concerns",
            help_text="The promises of the adopted pledge this feedback is about.",
        )
        f["said_on"].required = False
        f["said_on"].validators.append(validate_progress_date)
        self.helper = form_helper(
            Field.textarea("text", rows=3, max_characters=TEXT_MAX),
            Field.radios("kind", legend_size=Size.SMALL, inline=False),
            Field.checkboxes("themes", legend_size=Size.SMALL, small=True),
            Field.select("event"),
            Field.text("said_on", field_width=Fixed.TEN),
            Field.select("age_band"),
            Field.select("district"),
            Field.checkboxes("promises", legend_size=Size.SMALL, small=True),
            submit="Save",
        )

    def clean_text(self):
        return " ".join(self.cleaned_data["text"].split())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("said_on") and "said_on" not in self.errors:
            event = cleaned.get("event")
            cleaned["said_on"] = event.date if event else timezone.localdate()
        return cleaned

    def fields_to_save(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ["event", "text", "kind", "age_band", "district", "said_on"]
        }


class QuickEntryForm(forms.Form):
    """One sticky note: the words, the kind and an optional theme. Enter saves it."""

    text = _text_field()
    kind = forms.ChoiceField(
        label="Kind",
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of feedback it is"},
    )
    theme = forms.ModelChoiceField(
        label="Theme (optional)", queryset=Theme.objects.none(), required=False
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.for_organisation(organisation)
        self.fields["theme"].empty_label = "No theme"

    def clean_text(self):
        return " ".join(self.cleaned_data["text"].split())


class FilterForm(forms.Form):
    """The list's filters (GET): a bad value is ignored rather than an error."""

    GUARD = [("", "Any"), *State.LABELS.items()]

    event = forms.ModelChoiceField(queryset=Event.objects.none(), required=False)
    district = forms.ModelChoiceField(queryset=District.objects.none(), required=False)
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), required=False)
    kind = forms.ChoiceField(choices=[("", "Any"), *Feedback.Kind.choices], required=False)
    guard = forms.ChoiceField(label="Check", choices=GUARD, required=False)

    def __init__(self, *args, organisation, words, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["event"].queryset = Event.objects.for_organisation(organisation)
        f["district"].queryset = District.objects.filter(organisation=organisation)
        f["theme"].queryset = Theme.objects.for_organisation(organisation)
        for name in ("event", "district", "theme"):
            f[name].empty_label = "Any"
        if not words:
            del f["guard"]  # everyone else sees approved items only
        self.helper = form_helper(
            *(Field.select(name) for name in f),
            submit="Filter",
        )

    def filter(self, items):
        """(items, guard state wanted or "") filtered by the valid filters."""
        if not self.is_valid():
            return items, ""
        data = self.cleaned_data
        if data.get("event"):
            items = items.filter(event=data["event"])
        if data.get("district"):
            items = items.filter(district=data["district"])
        if data.get("theme"):
            items = items.filter(themes=data["theme"])
        if data.get("kind"):
            items = items.filter(kind=data["kind"])
        state = data.get("guard") or ""
        if state == State.APPROVED:
            items = items.filter(approved_at__isnull=False)
        elif state:
            items = items.filter(approved_at__isnull=True)
        return items, state
