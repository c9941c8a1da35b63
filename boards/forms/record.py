"""Forms of the record area: attendance, declarations, minutes, approval and corrections."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from corporate_parenting.concurrency import EditGuardMixin
from corporate_parenting.forms import form_helper

from ..models import AgendaItem, Attendance, BoardMember, Declaration

# Attendance ---------------------------------------------------------------------------------


class AttendanceRowForm(forms.Form):
    """One member's line of the attendance sheet (prefix: the member's pk)."""

    status = forms.ChoiceField(choices=Attendance.Status.choices, widget=forms.RadioSelect)
    substitute_for = forms.ModelChoiceField(queryset=BoardMember.objects.none(), required=False)

    def __init__(self, *args, member: BoardMember, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.is_substitute = member.role == BoardMember.Role.SUBSTITUTE
        status = self.fields["status"]
        status.label = member.name
        status.error_messages["required"] = (
            f"Select whether {member.name} was present, sent apologies or was absent"
        )
        status.error_messages["invalid_choice"] = status.error_messages["required"]
        if self.is_substitute:
            status.required = False
            status.help_text = "A substitute who was not called on has no attendance to record."
            self.fields["substitute_for"].queryset = others
            self.fields["substitute_for"].label = f"{member.name} substituted for"
            self.fields["substitute_for"].empty_label = "Select the member they replaced"
            self.fields["substitute_for"].error_messages["invalid_choice"] = (
                "Select a member of the board at this meeting"
            )
        else:
            del self.fields["substitute_for"]

    def clean(self):
        cleaned = super().clean()
        if (
            self.is_substitute
            and cleaned.get("status") == Attendance.Status.PRESENT
            and not cleaned.get("substitute_for")
        ):
            self.add_error(
                "substitute_for", f"Select the member {self.member.name} substituted for"
            )
        return cleaned

    def choices(self):
        """The radios, as (value, label, checked) for the template."""
        current = self["status"].value() or ""
        choices = list(Attendance.Status.choices)
        if self.is_substitute:
            choices.append(("", "Not called on"))
        return [(value, label, value == current) for value, label in choices]


def attendance_forms(data, *, members, existing: dict):
    """One AttendanceRowForm per member, with initial values from their saved attendance."""
    regulars = [m for m in members if m.role != BoardMember.Role.SUBSTITUTE]
    others = BoardMember.objects.filter(pk__in=[m.pk for m in regulars])
    forms_ = []
    for member in members:
        record = existing.get(member.pk)
        initial = (
            {"status": record.status, "substitute_for": record.substitute_for_id} if record else {}
        )
        forms_.append(
            AttendanceRowForm(
                data,
                prefix=f"m{member.pk}",
                member=member,
                others=others.exclude(pk=member.pk),
                initial=initial,
            )
        )
    return forms_


def attendance_cross_check(forms_) -> bool:
    """Checks across the sheet: nobody is replaced while present, nor replaced twice."""
    status = {f.member.pk: f.cleaned_data.get("status") for f in forms_}
    replaced = {}
    ok = True
    for f in forms_:
        replaces = f.cleaned_data.get("substitute_for")
        if not replaces or f.cleaned_data.get("status") != Attendance.Status.PRESENT:
            continue
        if status.get(replaces.pk) == Attendance.Status.PRESENT:
            f.add_error(
                "substitute_for",
                f"{replaces.name} is marked present, so {f.member.name} cannot substitute for them",
            )
            ok = False
        elif replaces.pk in replaced:
            f.add_error(
                "substitute_for",
                f"{replaced[replaces.pk]} is already substituting for {replaces.name}",
            )
            ok = False
        else:
            replaced[replaces.pk] = f.member.name
    return ok


# Declarations -------------------------------------------------------------------------------


class DeclarationForm(forms.ModelForm):
    class Meta:
        model = Declaration
        fields = ["member", "item", "kind", "words"]
        labels = {
            "member": "Who declared the interest",
            "item": "Agenda item (optional)",
            "kind": "Kind of interest",
            "words": "The declaration, as minuted",
        }
        widgets = {"kind": forms.RadioSelect, "words": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "member": {
                "required": "Select who declared the interest",
                "invalid_choice": "Select a member of the board at this meeting",
            },
            "item": {"invalid_choice": "Select an item on this meeting's agenda"},
            "kind": {
                "required": "Select the kind of interest",
                "invalid_choice": "Select the kind of interest",
            },
            "words": {"required": "Enter the declaration as it should be minuted"},
        }

    def __init__(self, *args, meeting, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["member"].queryset = members
        self.fields["member"].empty_label = "Select a member"
        self.fields["item"].queryset = AgendaItem.objects.filter(meeting=meeting)
        self.fields["item"].empty_label = "The meeting as a whole"
        self.fields["kind"].choices = Declaration.Kind.choices
        self.helper = form_helper(
            Field.select("member"),
            Field.select("item"),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.textarea("words", rows=4),
            submit="Record declaration",
        )

    def save(self, commit=True):
        self.instance.organisation = self.meeting.organisation
        self.instance.meeting = self.meeting
        return super().save(commit)


# Minutes ------------------------------------------------------------------------------------


def split_resolutions(text: str) -> list[str]:
    """One resolution per line; a typed "Resolved:" is dropped (the page prints it)."""
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if line.lower().startswith("resolved:"):
            line = line[len("resolved:") :].strip()
        if line:
            lines.append(line)
    return lines


class MinuteForm(EditGuardMixin, forms.Form):
    """The minute of one agenda item (prefix: the item's pk)."""

    text = forms.CharField(label="Minute", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    resolutions = forms.CharField(
        label="Resolved",
        required=False,
        help_text='One decision per line, without "Resolved:", e.g. "That the Board note the '
        'report."',
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, item: AgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item

    def clean_resolutions(self):
        return split_resolutions(self.cleaned_data["resolutions"])


class ApproveForm(forms.Form):
    approved_at = forms.ModelChoiceField(
        queryset=None,
        label="Meeting at which the minutes were approved",
        help_text='Usually the next meeting, under "Minutes of the previous meeting".',
        error_messages={
            "required": "Select the meeting at which the minutes were approved",
            "invalid_choice": (
                "Select a later meeting of this board, not cancelled, that has been held, or is "
                "being held today"
            ),
        },
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_at"].queryset = meetings
        self.fields["approved_at"].empty_label = None
        first = meetings.first()
        if first is not None:
            self.fields["approved_at"].initial = first.pk
        self.helper = form_helper(Field.select("approved_at"), submit="Record approval")


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label="Corrected wording of the minute",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the corrected wording of the minute"},
    )
    reason = forms.CharField(
        label="Reason for the correction",
        help_text="e.g. agreed at the meeting of 3 December 2018",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason for the correction"},
    )

    def __init__(self, *args, current_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.current_text = current_text
        self.helper = form_helper(
            Field.textarea("text", rows=8),
            Field.textarea("reason", rows=3),
            submit="Record correction",
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("text") is not None and cleaned.get("text", "").strip() == (
            self.current_text.strip()
        ):
            self.add_error("text", "Change the wording: it is the same as the minute now")
        return cleaned
