"""Forms of the work programme: rolling items and entries (one-off items, workshops)."""

import datetime

from crispy_forms_gds.layout import Field, Fixed, Fluid, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from corporate_parenting.concurrency import EditGuardMixin
from corporate_parenting.dates import validate_workshop_date
from corporate_parenting.forms import DateInput, form_helper, number_limits

from ..models import Meeting, RollingItem, WorkProgrammeEntry


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return f"{timezone.localtime(meeting.starts_at):%A %-d %B %Y, %H:%M}"


@number_limits(cycle_months=(1, 24, "cycle in months"))
class RollingItemForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = RollingItem
        fields = ["title", "purpose", "every_meeting", "cycle_months", "starts_on", "active"]
        labels = {
            "title": "Title",
            "purpose": "Purpose",
            "every_meeting": "Every meeting (a standing item)",
            "cycle_months": "Or every so many months",
            "starts_on": "From",
            "active": "In use",
        }
        help_texts = {
            "purpose": 'Printed under the title on the agenda, e.g. "To receive a six-monthly '
            'update from the Virtual School".',
            "cycle_months": "For example, 6 for six-monthly or 12 for annual (1 to 24). "
            "Leave empty for a standing item.",
            "starts_on": "The first meeting on or after this date takes it.",
            "active": "Untick to stop adding it to new meetings; planned entries stay.",
        }
        widgets = {"starts_on": DateInput, "purpose": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "title": {"required": "Enter the item's title"},
            "starts_on": {
                "required": "Enter the date from which the item is due",
                "invalid": "Enter the date from which the item is due as a real date",
            },
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        if not self.instance.pk:
            self.fields["starts_on"].initial = timezone.localdate()
        self.helper = form_helper(
            Field.text("title", field_width=Fluid.FULL),
            Field.textarea("purpose", rows=2),
            Field.checkbox("every_meeting"),
            Field.text("cycle_months", field_width=Fixed.FIVE),
            Field("starts_on"),
            Field.checkbox("active"),
            submit="Save rolling item",
        )

    def clean(self):
        cleaned = super().clean()
        every, months = cleaned.get("every_meeting"), cleaned.get("cycle_months")
        if "cycle_months" in self.errors:
            return cleaned
        if every and months:
            self.add_error(
                "cycle_months",
                "Either tick “Every meeting” or enter a cycle in months, not both",
            )
        elif not every and not months:
            self.add_error(
                "cycle_months",
                "Enter a cycle in months, like 6 for six-monthly, or tick “Every meeting”",
            )
        return cleaned

    def save(self, commit=True):
        self.instance.organisation = self.board.organisation
        self.instance.board = self.board
        return super().save(commit)


class EntryForm(EditGuardMixin, forms.ModelForm):
    """Add (or change) a one-off item for a meeting, or a workshop between meetings."""

    KIND_CHOICES = [
        (WorkProgrammeEntry.Kind.ONE_OFF, "An item for a meeting"),
        (WorkProgrammeEntry.Kind.WORKSHOP, "A workshop between meetings"),
    ]

    kind = forms.ChoiceField(
        label="What is it?",
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether it is an item for a meeting or a workshop",
            "invalid_choice": "Select whether it is an item for a meeting or a workshop",
        },
    )
    meeting = MeetingChoiceField(
        label="Meeting",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="Not decided yet",
        help_text="For an item: the meeting that will take it.",
        error_messages={"invalid_choice": "Select one of the board's coming meetings"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[
            (WorkProgrammeEntry.Status.PLANNED, "Planned"),
            (WorkProgrammeEntry.Status.DROPPED, "Dropped: keep it in the record, struck through"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it is planned or dropped"},
    )

    class Meta:
        model = WorkProgrammeEntry
        fields = ["kind", "title", "purpose", "meeting", "who", "workshop_date", "status"]
        labels = {
            "title": "Title",
            "purpose": "Purpose",
            "who": "Who",
            "workshop_date": "Workshop date",
        }
        help_texts = {
            "purpose": 'For an item, e.g. "To receive a report from the Director of '
            "Children's Services\"; for a workshop, what it is for.",
            "who": "For a workshop: who the board will meet, e.g. "
            "“Foster carers in their first year of role”.",
            "workshop_date": "For a workshop. Leave empty if members can go at any time.",
        }
        widgets = {"workshop_date": DateInput, "purpose": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "title": {"required": "Enter the title"},
            "workshop_date": {"invalid": "Enter the workshop date as a real date"},
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        entry = self.instance
        meetings = Meeting.objects.filter(board=board).not_cancelled()
        today = timezone.localdate()
        upcoming = meetings.filter(
            starts_at__gte=timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        )
        if entry.meeting_id:
            upcoming = upcoming | meetings.filter(pk=entry.meeting_id)
        self.fields["meeting"].queryset = upcoming.order_by("starts_at")
        if not entry.pk:
            self.fields["status"].initial = WorkProgrammeEntry.Status.PLANNED
            self.fields["kind"].initial = WorkProgrammeEntry.Kind.ONE_OFF

        layout = []
        if entry.pk:
            # The kind of an existing entry is fixed; standing entries go on every meeting,
            # so they are dropped rather than moved.
            del self.fields["kind"]
            if entry.kind == WorkProgrammeEntry.Kind.WORKSHOP or (
                entry.kind == WorkProgrammeEntry.Kind.STANDING
            ):
                del self.fields["meeting"]
            if entry.kind != WorkProgrammeEntry.Kind.WORKSHOP:
                del self.fields["who"]
                del self.fields["workshop_date"]
                self.fields["purpose"].help_text = (
                    "Printed under the title on the agenda, e.g. “To receive a report from "
                    "the Director of Children's Services”."
                )
            else:
                self.fields["purpose"].help_text = "What the workshop is for."
            if entry.kind == WorkProgrammeEntry.Kind.ROLLING:
                self.fields["meeting"].required = True
                self.fields["meeting"].empty_label = None
                self.fields["meeting"].help_text = "Move it to another meeting of the board."
                self.fields["meeting"].error_messages["required"] = "Select the meeting"
            if entry.status == WorkProgrammeEntry.Status.ON_AGENDA:
                # On the agenda: it is changed on the meeting's page now.
                for name in ("meeting", "status"):
                    self.fields.pop(name, None)
        else:
            del self.fields["status"]
            layout.append(Field.radios("kind", legend_size=Size.SMALL, inline=True))
        layout.append(Field.text("title", field_width=Fluid.FULL))
        layout.append(Field.textarea("purpose", rows=2))
        if "meeting" in self.fields:
            layout.append(Field.select("meeting"))
        if "who" in self.fields:
            layout.append(Field.text("who", field_width=Fluid.FULL))
            layout.append(Field("workshop_date"))
        if "status" in self.fields:
            layout.append(Field.radios("status", legend_size=Size.SMALL))
        self.helper = form_helper(*layout, submit="Save")

    @property
    def chosen_kind(self):
        if self.instance.pk:
            return self.instance.kind
        return self.cleaned_data.get("kind")

    def clean(self):
        cleaned = super().clean()
        kind = self.chosen_kind
        if kind == WorkProgrammeEntry.Kind.WORKSHOP:
            if "who" in self.fields and not (cleaned.get("who") or "").strip():
                self.add_error("who", "Enter who the workshop is with")
            if not (cleaned.get("purpose") or "").strip():
                self.add_error("purpose", "Enter what the workshop is for")
            if cleaned.get("workshop_date"):
                try:
                    validate_workshop_date(cleaned["workshop_date"])
                except ValidationError as error:
                    self.add_error("workshop_date", error)
            cleaned["meeting"] = None
        else:
            if "who" in self.fields:
                cleaned["who"], cleaned["workshop_date"] = "", None
        meeting = cleaned.get("meeting")
        rolling = self.instance.rolling_item_id
        if (
            "meeting" in self.fields
            and meeting is not None
            and rolling
            and meeting.pk != self.instance.meeting_id
        ):
            clash = WorkProgrammeEntry.objects.filter(rolling_item_id=rolling, meeting=meeting)
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "meeting",
                    "That meeting already has this rolling item in its programme: "
                    "select another meeting",
                )
        return cleaned

    def save(self, commit=True):
        entry = self.instance
        entry.organisation = self.board.organisation
        entry.board = self.board
        if "kind" in self.cleaned_data:
            entry.kind = self.cleaned_data["kind"]
        if entry.kind == WorkProgrammeEntry.Kind.WORKSHOP:
            entry.meeting = None
        return super().save(commit)
