"""Forms of the report workflow: notes with each step, comments, and where to publish."""

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.utils import timezone

from boards.papers.services.report_workflow import open_items, publishable_meetings
from corporate_parenting.forms import form_helper

COMMENT_REQUIRED = "Enter your comment"
CHANGES_REQUIRED = "Say what needs to change before the report can be cleared"
PLACE_REQUIRED = "Select where the report goes on the agenda"


class ReportNoteForm(forms.Form):
    """An optional note with a step (sending for clearance, clearing)."""

    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, submit: str = "Save", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("note", label_size=Size.SMALL, rows=3), submit=submit
        )


class ReportCommentForm(forms.Form):
    text = forms.CharField(
        label="Comment",
        widget=forms.Textarea,
        error_messages={"required": COMMENT_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("text", label_size=Size.SMALL, rows=4), submit="Add comment"
        )


class RequestChangesForm(forms.Form):
    note = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea,
        error_messages={"required": CHANGES_REQUIRED},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("note", label_size=Size.SMALL, rows=4), submit="Request changes"
        )


class CorrectionStartForm(forms.Form):
    """Start a correction of a published report: why, and what changes in the pack cover's
    words ("Revised: item 6, paragraph 2.3 corrected")."""

    reason = forms.CharField(
        label="Why does the published report need correcting?",
        widget=forms.Textarea,
        help_text="Kept with the report's history, for example: the figure in 2.3 was last year's.",
        error_messages={"required": "Say why the published report needs correcting"},
    )
    summary = forms.CharField(
        label="What changes, in a few words",
        max_length=200,
        help_text='The next edition of the pack prints it on its cover: "Revised: item 6, '
        'paragraph 2.3 corrected". For example: paragraph 2.3 corrected',
        error_messages={
            "required": "Say what changes, for example: paragraph 2.3 corrected",
            "max_length": "Say what changes in 200 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("reason", label_size=Size.SMALL, rows=3),
            Field.text("summary", label_size=Size.SMALL, field_width=Fluid.FULL),
            submit="Start a correction",
        )


def _when(meeting) -> str:
    return f"{timezone.localtime(meeting.starts_at):%-d %B %Y, %H:%M}"


class ReportPublishForm(forms.Form):
    """Where the report goes: a new item at the end of an upcoming meeting's agenda, or an
    existing item of one that has no report yet. One choice, so it works without JavaScript."""

    place = forms.ChoiceField(
        label="Where should the report go?",
        widget=forms.RadioSelect,
        error_messages={"required": PLACE_REQUIRED, "invalid_choice": PLACE_REQUIRED},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {m.pk: m for m in publishable_meetings(report)}
        self.items = {i.pk: i for i in open_items(list(self.meetings.values()))}
        choices = []
        for meeting in self.meetings.values():
            choices.append(
                (
                    f"meeting-{meeting.pk}",
                    f"{meeting.board}, {_when(meeting)}: a new item at the end of the agenda",
                )
            )
            for item in self.items.values():
                if item.meeting_id == meeting.pk:
                    choices.append(
                        (
                            f"item-{item.pk}",
                            f"{meeting.board}, {_when(meeting)}: item {item}",
                        )
                    )
        self.fields["place"].choices = choices
        self.helper = form_helper(
            Field.radios("place", legend_size=Size.MEDIUM),
            Field.textarea("note", label_size=Size.SMALL, rows=3),
            submit="Publish the report",
        )

    def clean(self):
        cleaned = super().clean()
        place = cleaned.get("place", "")
        kind, _, pk = place.partition("-")
        cleaned["meeting"] = self.meetings.get(int(pk)) if kind == "meeting" else None
        cleaned["item"] = self.items.get(int(pk)) if kind == "item" else None
        return cleaned
