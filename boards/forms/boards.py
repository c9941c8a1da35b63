"""Forms of the boards area: boards, their members, meetings and agenda items."""

import datetime

from crispy_forms_gds.layout import Field, Fieldset, Fixed, Fluid, Size
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from corporate_parenting.concurrency import EditGuardMixin
from corporate_parenting.dates import validate_meeting_date
from corporate_parenting.forms import DateInput, TimeInput, form_helper, number_limits, taken
from corporate_parenting.models import Membership

from ..models import COOPTED_PUBLIC_NAME, EXCLUSION_WORDING, AgendaItem, Board, BoardMember

# Boards ------------------------------------------------------------------------------------


@number_limits(quorum=(1, 99), first_minute_number=(1, 999_999, "number of the first minute"))
class BoardForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Board
        fields = [
            "name",
            "parent_body",
            "terms_of_reference",
            "quorum",
            "usual_venue",
            "enquiries_contact",
            "pack_signatory",
            "pack_notices",
            "pack_page_ranges",
            "first_minute_number",
            "include_apologies",
            "include_declarations",
            "include_previous_minutes",
            "include_deputations",
            "include_announcements",
            "coopted_see_exempt",
            "coopted_public_name",
            "exclusion_wording",
        ]
        labels = {
            "name": "Name of the board",
            "parent_body": "Parent body",
            "quorum": "Quorum (members needed for a meeting to go ahead)",
            "usual_venue": "Usual venue",
            "enquiries_contact": "Enquiries to",
            "first_minute_number": "Number of the first minute",
        }
        help_texts = {
            "enquiries_contact": "An email address or team, e.g. members.services@example.gov.uk",
        }
        widgets = {"pack_page_ranges": forms.RadioSelect}
        error_messages = {
            "name": {"required": "Enter the board's name, like Corporate Parenting Board"},
            "quorum": {
                "required": "Enter the quorum as a whole number, like 3",
            },
            "first_minute_number": {
                "required": "Enter the number of the first minute, like 1",
            },
            "pack_page_ranges": {
                "invalid_choice": "Choose whether a paper's page range counts the blank page "
                "after it",
            },
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["coopted_public_name"].required = False  # empty: the default wording
        self.fields["pack_page_ranges"].required = False  # not sent: the seed's convention
        self.fields["exclusion_wording"].required = False  # empty: the standard wording
        self.helper = form_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("parent_body", field_width=Fluid.FULL),
            Field.textarea("terms_of_reference", rows=6),
            Field.text("quorum", field_width=Fixed.FIVE),
            Field.text("usual_venue", field_width=Fluid.TWO_THIRDS),
            Field.text("enquiries_contact", field_width=Fluid.TWO_THIRDS),
            Field.textarea("pack_signatory", rows=3),
            Field.textarea("pack_notices", rows=4),
            Field.radios("pack_page_ranges", legend_size=Size.SMALL),
            Field.text("first_minute_number", field_width=Fixed.FIVE),
            Fieldset(
                Field.checkbox("include_apologies"),
                Field.checkbox("include_declarations"),
                Field.checkbox("include_previous_minutes"),
                Field.checkbox("include_deputations"),
                Field.checkbox("include_announcements"),
                legend="Procedural items added to every new agenda",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.checkbox("coopted_see_exempt"),
                legend="Exempt papers",
                legend_size=Size.SMALL,
            ),
            Field.text("coopted_public_name", field_width=Fluid.TWO_THIRDS),
            Field.textarea("exclusion_wording", rows=6),
            submit="Save board",
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if taken(
            Board.objects.for_organisation(self.organisation).filter(name__iexact=name),
            self.instance,
        ):
            raise forms.ValidationError("There is already a board with this name.")
        return name

    def clean_pack_page_ranges(self):
        return self.cleaned_data.get("pack_page_ranges") or Board.PageRanges.WITH_BLANK

    def clean_coopted_public_name(self):
        wording = self.cleaned_data["coopted_public_name"].strip() or COOPTED_PUBLIC_NAME
        if self.instance.pk:
            coopted = self.instance.members.filter(kind=BoardMember.Kind.COOPTED)
            if any(m.name.strip() and m.name.strip().lower() in wording.lower() for m in coopted):
                raise forms.ValidationError(
                    "Do not use a co-opted member's name here: describe them, like a co-opted "
                    "member"
                )
        return wording

    def clean_exclusion_wording(self):
        wording = self.cleaned_data["exclusion_wording"].strip()
        if not wording:
            return EXCLUSION_WORDING
        if "{paragraphs}" not in wording:
            raise forms.ValidationError(
                "Put {paragraphs} where the paragraphs of Schedule 12A go, like: exempt "
                "information within {paragraphs} of Part 1 of Schedule 12A"
            )
        return wording

    def save(self, commit=True):
        self.instance.organisation = self.organisation
        return super().save(commit)


class BoardMemberForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = BoardMember
        fields = [
            "name",
            "kind",
            "role",
            "political_group",
            "represents",
            "user",
            "start_date",
            "end_date",
        ]
        labels = {
            "name": "Full name",
            "kind": "Kind of member",
            "role": "Role on the board",
            "political_group": "Political group (councillors)",
            "represents": "Represents (invitees and advisers)",
            "user": "Their account here (optional)",
            "start_date": "Start of term",
            "end_date": "End of term (optional)",
        }
        help_texts = {
            "user": "Only if they sign in to this service. A member need not have an account.",
            "end_date": "Leave empty while they serve. Set it to end their term.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "role": forms.RadioSelect,
            "start_date": DateInput,
            "end_date": DateInput,
        }
        error_messages = {
            "name": {"required": "Enter the member's full name"},
            "kind": {"required": "Select the kind of member"},
            "role": {"required": "Select their role on the board"},
            "start_date": {
                "required": "Enter the date their term started",
                "invalid": "Enter the start date as a real date, like 2026-05-01",
            },
            "end_date": {"invalid": "Enter the end date as a real date, like 2027-05-01"},
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.board = board
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(
                pk__in=Membership.objects.for_organisation(board.organisation)
                .active()
                .values("user_id")
            )
            .order_by("full_name")
        )
        self.fields["user"].empty_label = "No account"
        self.helper = form_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.radios("role", legend_size=Size.SMALL),
            Field.text("political_group", field_width=Fluid.TWO_THIRDS),
            Field.text("represents", field_width=Fluid.TWO_THIRDS),
            Field.select("user"),
            Field("start_date"),
            Field("end_date"),
            submit="Save member",
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end of term must be on or after the start of term")
        return cleaned

    def save(self, commit=True):
        self.instance.organisation = self.board.organisation
        self.instance.board = self.board
        return super().save(commit)


# Meetings ----------------------------------------------------------------------------------


class MeetingForm(EditGuardMixin, forms.Form):
    date = forms.DateField(
        label="Date",
        widget=DateInput,
        validators=[validate_meeting_date],
        error_messages={
            "required": "Enter the date of the meeting",
            "invalid": "Enter the date of the meeting as a real date, like 2026-12-03",
        },
    )
    start_time = forms.TimeField(
        label="Start time",
        widget=TimeInput,
        help_text="For example, 14:00",
        error_messages={
            "required": "Enter the start time, like 14:00",
            "invalid": "Enter the start time as hours and minutes, like 14:00",
        },
    )
    end_time = forms.TimeField(
        label="End time (optional)",
        required=False,
        widget=TimeInput,
        error_messages={"invalid": "Enter the end time as hours and minutes, like 16:00"},
    )
    venue = forms.CharField(label="Venue", max_length=300, required=False)

    def __init__(self, *args, submit="Save meeting", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field("date"),
            Field("start_time"),
            Field("end_time"),
            Field.text("venue", field_width=Fluid.TWO_THIRDS),
            submit=submit,
        )

    def state_of(self, meeting) -> dict:
        return self.initial_for(meeting)

    @staticmethod
    def initial_for(meeting) -> dict:
        starts = timezone.localtime(meeting.starts_at)
        ends = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
        return {
            "date": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0) if ends else None,
            "venue": meeting.venue,
        }

    def clean(self):
        cleaned = super().clean()
        date, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if date and start:
            tz = timezone.get_current_timezone()
            cleaned["starts_at"] = timezone.make_aware(datetime.datetime.combine(date, start), tz)
            cleaned["ends_at"] = None
            if end:
                if end <= start:
                    self.add_error("end_time", "The end time must be after the start time")
                else:
                    cleaned["ends_at"] = timezone.make_aware(
                        datetime.datetime.combine(date, end), tz
                    )
        return cleaned


# Agenda items ------------------------------------------------------------------------------


class AgendaItemForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["number", "title", "purpose", "kind", "presenter", "exempt", "exempt_paragraph"]
        labels = {
            "number": "Item number",
            "title": "Title",
            "purpose": "Purpose",
            "kind": "Kind of item",
            "presenter": "Presented by (optional)",
            "exempt": "Exempt: discussed in private and left out of everything public",
            "exempt_paragraph": "Schedule 12A paragraph",
        }
        help_texts = {
            "number": 'As printed on the agenda, like 6 or "6a"',
            "purpose": "For example, To receive a report from the Director of Children's Services",
            "exempt_paragraph": "Local Government Act 1972, Schedule 12A, Part 1. "
            "Only for exempt items.",
        }
        error_messages = {
            "title": {"required": "Enter the item's title"},
            "kind": {"required": "Select the kind of item"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exempt_paragraph"].choices = [
            ("", "Not exempt"),
            *AgendaItem.ExemptParagraph.choices,
        ]
        if self.instance.kind != AgendaItem.Kind.EXCLUSION:
            # The exclusion of the press and public is added and placed by itself, before the
            # first exempt item (services.meetings.exclusion_sync).
            self.fields["kind"].choices = [
                choice
                for choice in self.fields["kind"].choices
                if choice[0] != AgendaItem.Kind.EXCLUSION
            ]
        self.helper = form_helper(
            Field.text("number", field_width=Fixed.FIVE),
            Field.text("title", field_width=Fluid.FULL),
            Field.textarea("purpose", rows=3),
            Field.select("kind"),
            Field.text("presenter", field_width=Fluid.TWO_THIRDS),
            Field.checkbox("exempt"),
            Field.select("exempt_paragraph"),
            submit="Save item",
        )

    def clean(self):
        cleaned = super().clean()
        exempt, paragraph = cleaned.get("exempt"), cleaned.get("exempt_paragraph")
        if exempt and cleaned.get("kind") == AgendaItem.Kind.EXCLUSION:
            self.add_error(
                "exempt",
                "The resolution to exclude the press and public is itself public: it cannot "
                "be exempt",
            )
        elif exempt and not paragraph:
            self.add_error(
                "exempt_paragraph",
                "Select the paragraph of Schedule 12A that makes this item exempt",
            )
        elif not exempt and paragraph:
            self.add_error(
                "exempt_paragraph",
                "Choose Not exempt, or tick Exempt: only exempt items have a paragraph",
            )
        return cleaned
