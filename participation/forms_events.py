"""Forms for events, their attendance grid and photos, youth groups, themes, district leads
and the district log's period (issue 14, points 1, 2 and 7)."""

from __future__ import annotations

import datetime
import re

from crispy_forms_gds.layout import Field, Fixed, Fluid, Size
from django import forms
from django.core import validators
from django.utils import timezone

from corporate_parenting.concurrency import EditGuardMixin
from corporate_parenting.dates import EARLIEST, meeting_date_range
from corporate_parenting.forms import DateInput, form_helper, number_limits, taken
from corporate_parenting.models import District, Membership
from corporate_parenting.uploads import IMAGES, UploadField

from . import events as services
from .models import BIG, Attendance, Event, GroupPlaces, RoleHolder, Theme, YouthGroup
from .outputs import default_period


def _long(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def validate_event_date(day: datetime.date) -> None:
    """Events go beside the board's meetings: the same range as meetings (dates.py)."""
    first, last = meeting_date_range()
    if not first <= day <= last:
        raise forms.ValidationError(
            f"Enter an event date between {_long(first)} and {_long(last)}", code="out_of_range"
        )


def validate_past_date(day: datetime.date, what: str = "date") -> None:
    """A record of what was (places filled, a role started): from 1990 to today."""
    today = timezone.localdate()
    if not EARLIEST <= day <= today:
        raise forms.ValidationError(
            f"Enter a {what} between {_long(EARLIEST)} and today ({_long(today)})",
            code="out_of_range",
        )


def _districts(organisation):
    return District.objects.for_organisation(organisation)


class _DistrictChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


# Themes ------------------------------------------------------------------------------------


@number_limits(position=(0, 999))
class ThemeForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "position"]
        labels = {"name": "Theme"}
        help_texts = {"position": "Themes are listed in this order (lowest first)."}
        error_messages = {"name": {"required": 'Enter the theme, like "Placements"'}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.helper = form_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("position", field_width=Fixed.FIVE),
            submit="Save theme",
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if taken(
            Theme.objects.for_organisation(self.organisation).filter(name__iexact=name),
            self.instance,
        ):
            raise forms.ValidationError(f"There is already a theme called {name}.")
        return name

    def save(self, commit=True):
        self.instance.organisation = self.organisation
        return super().save(commit)


# District leads ----------------------------------------------------------------------------


class _MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class DistrictLeadForm(EditGuardMixin, forms.Form):
    """The lead of one district: a member of the organisation, or nobody yet."""

    lead = _MemberChoice(
        queryset=None,
        required=False,
        empty_label="No lead yet",
        label="Participation lead",
        help_text="A member of staff of this council who runs the district's sessions.",
        error_messages={"invalid_choice": "Select one of this council's members"},
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        members = Membership.objects.for_organisation(district.organisation).active()
        self.fields["lead"].queryset = (
            get_user_model()
            .objects.filter(pk__in=members.values("user"))
            .order_by("full_name", "email")
        )
        self.helper = form_helper(Field.select("lead"), submit="Save lead")

    def state_of(self, district):
        lead = getattr(district, "lead", None) if district.pk else None
        return {"lead": lead.lead_id if lead is not None else None}


# Youth groups ------------------------------------------------------------------------------


@number_limits(minimum_age=(0, 25, "minimum age"))
class YouthGroupForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = YouthGroup
        fields = ["name", "kind", "district", "minimum_age", "names_needed", "description"]
        labels = {
            "name": "Name of the group",
            "kind": "Kind of group",
            "minimum_age": "Minimum age (optional)",
            "names_needed": "This role needs the holders' first names or initials",
        }
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "name": {"required": 'Enter the name of the group, like "Care Ambassadors"'},
            "kind": {"required": "Select the kind of group"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["district"] = _DistrictChoice(
            queryset=_districts(organisation),
            required=False,
            empty_label="The whole county",
            label="District",
            error_messages={"invalid_choice": "Select one of the districts"},
        )
        self.fields["minimum_age"].required = False
        self.helper = form_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.select("district"),
            Field.text("minimum_age", field_width=Fixed.FIVE),
            Field.checkbox("names_needed"),
            Field.textarea("description", rows=3),
            submit="Save group",
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if taken(
            YouthGroup.objects.for_organisation(self.organisation).filter(name__iexact=name),
            self.instance,
        ):
            raise forms.ValidationError(f"There is already a group called {name}.")
        return name

    def clean_names_needed(self):
        needed = self.cleaned_data["names_needed"]
        if not needed and self.instance.pk and self.instance.holders.exists():
            raise forms.ValidationError(
                "This group still keeps role holders' names. Remove them first, then say the "
                "role does not need names."
            )
        return needed

    def save(self, commit=True):
        self.instance.organisation = self.organisation
        return super().save(commit)


@number_limits(
    places=(0, BIG, "number of places"),
    filled=(0, BIG, "number of places filled"),
)
class GroupPlacesForm(forms.ModelForm):
    class Meta:
        model = GroupPlaces
        fields = ["as_of", "places", "filled"]
        labels = {"as_of": "As at", "places": "Places", "filled": "Places filled"}
        widgets = {"as_of": DateInput}
        help_texts = {"as_of": "The date these numbers were true, for example 1/4/2026"}
        error_messages = {
            "as_of": {
                "required": "Enter the date these numbers were true",
                "invalid": "Enter the date as a date, like 1/4/2026",
            }
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.helper = form_helper(
            Field.text("as_of", field_width=Fixed.TEN),
            Field.text("places", field_width=Fixed.FIVE),
            Field.text("filled", field_width=Fixed.FIVE),
            submit="Save places",
        )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        validate_past_date(day, "date")
        if GroupPlaces.objects.filter(group=self.group, as_of=day).exists():
            raise forms.ValidationError(
                f"{self.group} already has places recorded as at {_long(day)}. Delete that "
                "row first, or choose another date."
            )
        return day

    def clean(self):
        cleaned = super().clean()
        places, filled = cleaned.get("places"), cleaned.get("filled")
        if places is not None and filled is not None and filled > places:
            self.add_error(
                "filled",
                f"There cannot be more places filled ({filled:,}) than places ({places:,})",
            )
        return cleaned

    def save(self, commit=True):
        self.instance.organisation = self.group.organisation
        self.instance.group = self.group
        return super().save(commit)


# Two capitalised words ("Emma Smith", "Sam O'Neill", "Jo-Anne Baker"): a full name, more
# than the role needs. A first name with an initial ("Emma S") is not.
_WORD = r"[A-Z](?:[a-z]+|['\u2019][A-Z][a-z]+)(?:-[A-Z]?[a-z]+)*"
FULL_NAME = re.compile(rf"\b{_WORD}\s+{_WORD}\b")


def full_name_problem(name: str) -> str:
    if FULL_NAME.search(name):
        return (
            "This looks like a full name. Keep only a first name or initials (for example "
            '"Sam" or "S.K."), no more than the role needs.'
        )
    return ""


class RoleHolderForm(forms.ModelForm):
    class Meta:
        model = RoleHolder
        fields = ["name", "started"]
        labels = {"name": "First name or initials", "started": "Started in the role"}
        widgets = {"started": DateInput}
        help_texts = {
            "name": "No more than 20 characters. Never a surname: this list is for the "
            "officers running the role only, and never shown publicly."
        }
        error_messages = {
            "name": {
                "required": "Enter a first name or initials",
                "max_length": "Enter no more than 20 characters: a first name or initials",
            },
            "started": {
                "required": "Enter the date they started in the role",
                "invalid": "Enter the date as a date, like 1/4/2026",
            },
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["name"].widget.attrs.update(autocomplete="off", spellcheck="false")
        self.helper = form_helper(
            Field.text("name", field_width=Fixed.TWENTY),
            Field.text("started", field_width=Fixed.TEN),
            submit="Add",
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if problem := full_name_problem(name):
            raise forms.ValidationError(problem, code="full_name")
        return name

    def clean_started(self):
        day = self.cleaned_data["started"]
        validate_past_date(day, "start date")
        return day

    def save(self, commit=True):
        self.instance.organisation = self.group.organisation
        self.instance.group = self.group
        return super().save(commit)


# Events ------------------------------------------------------------------------------------


class EventForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "title",
            "date",
            "kind",
            "districts",
            "group",
            "methods",
            "photo_consent",
            "notes",
        ]
        labels = {
            "title": "Name of the event",
            "kind": "Kind of event",
            "districts": "Districts",
            "group": "Youth group (optional)",
            "methods": "Methods used (optional)",
            "photo_consent": "Photo consent",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "notes": "Never a child's name. What young people said is recorded as feedback.",
        }
        widgets = {
            "date": DateInput,
            "kind": forms.RadioSelect,
            "photo_consent": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": 'Enter the name of the event, like "Have your say: Havant"'},
            "date": {
                "required": "Enter the date of the event",
                "invalid": "Enter the date of the event as a date, like 22/10/2018",
            },
            "kind": {"required": "Select the kind of event"},
            "photo_consent": {"required": "Select whether photo consent was obtained"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["districts"] = forms.ModelMultipleChoiceField(
            queryset=_districts(organisation),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Districts",
            help_text='Where the event was held or who it was for. A district "Have your '
            'say" needs at least one.',
            error_messages={"invalid_choice": "Select districts from the list"},
        )
        self.fields["districts"].label_from_instance = lambda d: d.name
        self.fields["group"] = forms.ModelChoiceField(
            queryset=YouthGroup.objects.for_organisation(organisation),
            required=False,
            empty_label="None",
            label="Youth group (optional)",
            error_messages={"invalid_choice": "Select one of the youth groups"},
        )
        self.helper = form_helper(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.text("date", field_width=Fixed.TEN),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.checkboxes("districts", legend_size=Size.SMALL, small=True),
            Field.select("group"),
            Field.text("methods", field_width=Fluid.TWO_THIRDS),
            Field.radios("photo_consent", legend_size=Size.SMALL),
            Field.textarea("notes", rows=3),
            submit="Save event",
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        validate_event_date(day)
        return day

    def clean_photo_consent(self):
        consent = self.cleaned_data["photo_consent"]
        if problem := services.consent_change_problem(self.instance, consent):
            raise forms.ValidationError(problem, code="photos_kept")
        return consent

    def clean(self):
        cleaned = super().clean()
        district_event = cleaned.get("kind") == Event.Kind.HAVE_YOUR_SAY
        if district_event and not cleaned.get("districts") and "districts" not in self.errors:
            self.add_error(
                "districts", 'Select at least one district for a district "Have your say"'
            )
        return cleaned

    def save(self, commit=True):
        self.instance.organisation = self.organisation
        return super().save(commit)


class EventFilterForm(forms.Form):
    """The events list's filter (GET)."""

    district = _DistrictChoice(
        queryset=None, required=False, empty_label="All districts", label="District"
    )
    kind = forms.ChoiceField(required=False, label="Kind of event")
    start = forms.DateField(required=False, label="From", widget=DateInput)
    end = forms.DateField(required=False, label="To", widget=DateInput)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = _districts(organisation)
        self.fields["kind"].choices = [("", "All kinds"), *Event.Kind.choices]
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = "Enter a date, like 1/4/2026"
        self.helper = form_helper(
            Field.select("district"),
            Field.select("kind"),
            Field.text("start", field_width=Fixed.TEN),
            Field.text("end", field_width=Fixed.TEN),
            submit="Show events",
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the range must be on or after its start")
        return cleaned

    def filter(self, events):
        if not self.is_bound or not self.is_valid():
            return events
        data = self.cleaned_data
        if data.get("district"):
            events = events.filter(districts=data["district"])
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("start"):
            events = events.filter(date__gte=data["start"])
        if data.get("end"):
            events = events.filter(date__lte=data["end"])
        return events.distinct()


# The attendance grid -----------------------------------------------------------------------

YOUNG_BANDS = [b for b in Attendance.AgeBand if b != Attendance.AgeBand.ADULT]
ADULT_GROUPS = [g for g in Attendance.Group if g.value not in Attendance.YOUNG_PEOPLE]
YOUNG_GROUPS = [g for g in Attendance.Group if g.value in Attendance.YOUNG_PEOPLE]


def cell_name(district_id, group: str, age_band: str) -> str:
    return f"c-{district_id or 0}-{group}-{age_band}"


class AttendanceGridForm(EditGuardMixin, forms.Form):
    """Counts of one event by district (rows) and group (columns), optionally with a row per
    age band. Each cell is a whole number from 0 to BIG; empty means none. Totals are never
    typed: the pages sum them from the stored rows."""

    def __init__(self, *args, event, districts, by_age: bool, **kwargs):
        self.event = event
        self.by_age = by_age
        self.rows = []  # [(district or None, label, age band label, [(group, name or None)])]
        self.cells = {}  # name -> (district id, group, age band)
        super().__init__(*args, **kwargs)
        for district in [*districts, None]:
            place = district.name if district else "Outside the districts"
            bands = [*YOUNG_BANDS, Attendance.AgeBand.ADULT] if by_age else [None]
            for band in bands:
                cells = []
                for group in Attendance.Group:
                    young = group.value in Attendance.YOUNG_PEOPLE
                    if band is None:
                        stored_band = (
                            Attendance.AgeBand.NOT_RECORDED if young else Attendance.AgeBand.ADULT
                        )
                    elif young == (band != Attendance.AgeBand.ADULT):
                        stored_band = band
                    else:
                        cells.append((group, None))
                        continue
                    name = cell_name(district.pk if district else None, group, stored_band)
                    what = f"{group.label.lower()} from {place}"
                    if band is not None:
                        what += f", {Attendance.AgeBand(stored_band).label.lower()}"
                    self.fields[name] = _count_field(what)
                    self.cells[name] = (district.pk if district else None, group, stored_band)
                    cells.append((group, name))
                self.rows.append((district, place, band.label if band else "", cells))
        stored = {
            cell_name(a.district_id, a.group, a.age_band): a.count for a in event.attendance.all()
        }
        for name in self.cells:
            self.initial[name] = stored.get(name)
        self.helper = form_helper(submit="Save counts")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} govuk-input--error"
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def state_of(self, event):
        stored = {
            cell_name(a.district_id, a.group, a.age_band): a.count for a in event.attendance.all()
        }
        return {name: stored.get(name) for name in self.cells}

    def counts(self) -> dict:
        return {self.cells[name]: self.cleaned_data.get(name) for name in self.cells}

    def grid(self):
        """Rows for the template: (district, place, age band, [(group, bound field or None)])."""
        return [
            (district, place, band, [(g, self[n] if n else None) for g, n in cells])
            for district, place, band, cells in self.rows
        ]


def _count_field(what: str) -> forms.IntegerField:
    message = f"Enter the number of {what} as a whole number from 0 to {BIG:,}"
    return forms.IntegerField(
        required=False,
        min_value=0,
        max_value=BIG,
        label=what[0].upper() + what[1:],
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input govuk-input--width-3",
                "autocomplete": "off",
            }
        ),
        validators=[validators.MinValueValidator(0), validators.MaxValueValidator(BIG)],
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


# Photos ------------------------------------------------------------------------------------


class EventPhotoForm(forms.Form):
    photo = UploadField(allowed=IMAGES, label="Photo")
    caption = forms.CharField(
        required=False,
        max_length=200,
        label="Caption (optional)",
        help_text="Never a child's name.",
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["photo"].error_messages["required"] = "Choose a photo to upload"
        self.helper = form_helper(
            Field("photo"),
            Field.text("caption", field_width=Fluid.TWO_THIRDS),
            submit="Upload photo",
        )

    def clean(self):
        cleaned = super().clean()
        if not self.event.photos_allowed:
            raise forms.ValidationError(services.NO_CONSENT_MESSAGE, code="no_consent")
        return cleaned


# The district log's period (by default the last twelve months: outputs.default_period)


class PeriodForm(forms.Form):
    start = forms.DateField(label="From", widget=DateInput)
    end = forms.DateField(label="To", widget=DateInput)

    def __init__(self, data=None, **kwargs):
        start, end = default_period()
        if not data or not (data.get("start") or data.get("end")):
            data = {"start": start.isoformat(), "end": end.isoformat()}
        super().__init__(data, **kwargs)
        for name, what in (("start", "first"), ("end", "last")):
            self.fields[name].error_messages.update(
                required=f"Enter the {what} day of the period",
                invalid=f"Enter the {what} day of the period as a date, like 1/4/2026",
            )
        self.helper = form_helper(
            Field.text("start", field_width=Fixed.TEN),
            Field.text("end", field_width=Fixed.TEN),
            submit="Show this period",
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for name in ("start", "end"):
            if cleaned.get(name):
                try:
                    validate_event_date(cleaned[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        if start and end and end < start:
            self.add_error("end", "The last day must be on or after the first day")
        return cleaned

    def period(self):
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return default_period()
