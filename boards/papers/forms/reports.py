"""Forms of the report drafting pages: start a report, edit it, add an appendix."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.templatetags.static import static
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import ProseEditorWidget

from boards.models import AgendaItem, Board
from boards.papers.live_blocks import (
    KINDS,
    PARTICIPATION_EVENTS,
    PLEDGE_PROGRESS,
    SURVEY_INDICATOR,
    YOU_SAID_WE_DID,
    describe,
    describe_indicator,
)
from boards.papers.models import Report, ReportTemplate, strip_appendix_number
from boards.papers.sanitise import clean_html
from corporate_parenting.forms import form_helper
from corporate_parenting.uploads import PDF_ONLY, UploadField

# What the editor offers; boards.papers.sanitise.clean_html allows exactly this (and is applied on
# the server whatever the editor sends).
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # Our own node (static/js/report-live-block.mjs): keeps live data placeholders intact
    # in the editor, where an unknown element would otherwise be dropped on the next edit.
    "LiveBlock": True,
}


class ReportEditorWidget(ProseEditorWidget):
    """The prose editor, with our live block extension and a label for its editing area
    (static/js/report-editor.mjs copies data-editor-label to the contenteditable element)."""

    def get_config(self):
        config = super().get_config()
        return config | {"js_modules": [static("js/report-live-block.mjs")]}


# "Figures for" offers the pledge's themes and, after them, the survey results: a survey
# result's value is "indicator:<pk>" (boards.papers.services.reports.append_live_block).
INDICATOR_PREFIX = "indicator:"


def _survey_indicators(organisation):
    from surveys.models import Indicator

    return (
        Indicator.objects.for_organisation(organisation)
        .select_related("wave__instrument", "cohort")
        .order_by("wave__instrument__name", "-wave__period_end", "domain", "position", "pk")
    )


# Then participation: events and reach for each recent quarter ("events:<from>:<to>"), and
# "You said, We did" for each participation theme ("you-said:<pk>").
EVENTS_PREFIX = "events:"
YOU_SAID_PREFIX = "you-said:"

# What the page calls each kind once it is inserted ("The survey result is added ...").
KIND_WORDS = {
    PLEDGE_PROGRESS: "pledge progress table",
    SURVEY_INDICATOR: "survey result",
    PARTICIPATION_EVENTS: "participation events table",
    YOU_SAID_WE_DID: "You said, We did table",
}


def _participation_choices(organisation):
    from participation.models import Theme as ParticipationTheme
    from participation.outputs import quarter_label, recent_quarters

    choices = [
        (
            f"{EVENTS_PREFIX}{start:%Y-%m-%d}:{end:%Y-%m-%d}",
            f"{KINDS[PARTICIPATION_EVENTS]}: {quarter_label(start)}",
        )
        for start, end in recent_quarters(4)
    ]
    choices += [
        (f"{YOU_SAID_PREFIX}{theme.pk}", f"{KINDS[YOU_SAID_WE_DID]}: {theme.name}")
        for theme in ParticipationTheme.objects.for_organisation(organisation)
    ]
    return choices


def live_block_kind(value: str) -> str:
    """The kind of live block a "Figures for" value inserts."""
    value = value or ""
    if value.startswith(INDICATOR_PREFIX):
        return SURVEY_INDICATOR
    if value.startswith(EVENTS_PREFIX):
        return PARTICIPATION_EVENTS
    if value.startswith(YOU_SAID_PREFIX):
        return YOU_SAID_WE_DID
    return PLEDGE_PROGRESS


def section_field_name(section_id) -> str:
    return f"section_{section_id}"


class ReportCreateForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Report template",
        queryset=ReportTemplate.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the template the report follows",
            "invalid_choice": "Select one of your council's report templates",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="As it will be printed, for example: Bright Spots Survey of Children in Care",
        error_messages={
            "required": "Enter the report's title",
            "max_length": "The title must be 300 characters or fewer",
        },
    )
    board = forms.ModelChoiceField(
        label="Board or committee (optional)",
        queryset=Board.objects.none(),
        required=False,
        empty_label="Not decided yet",
        error_messages={"invalid_choice": "Select one of your council's boards"},
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ReportTemplate.objects.for_organisation(
            organisation
        ).filter(active=True)
        self.fields["board"].queryset = Board.objects.for_organisation(organisation)
        self.helper = form_helper(
            Field.radios("template", legend_size=Size.SMALL),
            Field.text("title", field_width=Fluid.FULL),
            Field.select("board"),
            submit="Start the report",
        )


class ReportEditForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={"required": "Enter the report's title"},
    )
    reference = forms.CharField(label="Reference", max_length=60, required=False)
    report_from = forms.CharField(
        label="Report from",
        max_length=200,
        required=False,
        help_text="For example: Director of Children's Services",
    )
    contact_name = forms.CharField(label="Contact name", max_length=150, required=False)
    telephone = forms.CharField(label="Telephone", max_length=40, required=False)
    email = forms.EmailField(
        label="Email",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk"
        },
    )
    exempt = forms.BooleanField(
        label="This report is exempt (Local Government Act 1972, Schedule 12A)",
        required=False,
        help_text="An exempt report is discussed in private and never published.",
    )
    exempt_paragraph = forms.TypedChoiceField(
        label="Schedule 12A paragraph",
        choices=[("", "Not exempt"), *AgendaItem.ExemptParagraph.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Required when the report is exempt.",
    )
    young_people_summary = forms.CharField(
        label="Summary for young people",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="A few sentences in plain words for the board's co-opted young members.",
    )
    live_block_section = forms.TypedChoiceField(
        label="Section",
        coerce=int,
        empty_value=None,
        required=False,
    )
    live_block_theme = forms.ChoiceField(label="Figures for", required=False)

    def __init__(self, *args, report: Report, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.template_sections = [s.section for s in report.sections.select_related("section")]
        if report.open_correction is not None:
            # A correction puts the text right; whether the paper is exempt is the agenda's
            # business (a published paper's exemption is not changed through a correction).
            for name in ("exempt", "exempt_paragraph"):
                self.fields[name].disabled = True
                self.fields[name].initial = getattr(report, name)
            self.fields[
                "exempt"
            ].help_text = (
                "Not changed through a correction: ask the clerk if the paper's exemption is wrong."
            )
        if report.template.requires_young_people_summary:
            field = self.fields["young_people_summary"]
            field.label = "Summary for young people (needed before you submit the report)"
            field.help_text = (
                "Your council's template asks for it: a few sentences in plain words for "
                "the board's co-opted young members. You can save the draft without it."
            )
        layout = [
            Field("revision"),
            Fieldset(
                Field.text("title", field_width=Fluid.FULL),
                Field.text("reference", field_width=Fluid.ONE_THIRD),
                Field.text("report_from", field_width=Fluid.TWO_THIRDS),
                Field.text("contact_name", field_width=Fluid.TWO_THIRDS),
                Field.text("telephone", field_width=Fluid.ONE_THIRD),
                Field.text("email", field_width=Fluid.TWO_THIRDS),
                legend="Header",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkbox("exempt"),
                Field.select("exempt_paragraph"),
                legend="Exempt information",
                legend_size=Size.MEDIUM,
            ),
            Field.textarea("young_people_summary", label_size=Size.MEDIUM, label_tag="h2"),
        ]
        for section in self.template_sections:
            name = section_field_name(section.pk)
            hint = section.guidance
            if section.required:
                hint = f"{hint} This section is needed before you submit.".strip()
            self.fields[name] = ProseEditorFormField(
                label=section.heading,
                required=False,
                help_text=hint,
                config={"extensions": EDITOR_EXTENSIONS},
                sanitize=clean_html,
                widget=ReportEditorWidget(
                    attrs={"data-editor-label": f"{section.heading}: the section's text"}
                ),
            )
            layout.append(Field.textarea(name, label_size=Size.MEDIUM, label_tag="h2"))
        self.fields["live_block_section"].choices = [("", "Choose a section")] + [
            (s.pk, s.heading) for s in self.template_sections
        ]
        self.fields["live_block_theme"].choices = [
            ("all", describe("pledge-progress", "all", organisation=report.organisation))
        ] + [(str(theme.pk), f"Pledge progress table: {theme.title}") for theme in themes]
        self.fields["live_block_theme"].choices += [
            (f"{INDICATOR_PREFIX}{indicator.pk}", describe_indicator(indicator))
            for indicator in _survey_indicators(report.organisation)
        ]
        self.fields["live_block_theme"].choices += _participation_choices(report.organisation)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.include_media = False  # the view renders the media, with the CSP nonce
        self.helper.layout = Layout(*layout)

    @classmethod
    def initial_for(cls, report: Report) -> dict:
        initial = {
            "revision": report.revision,
            "title": report.title,
            "reference": report.reference,
            "report_from": report.report_from,
            "contact_name": report.contact_name,
            "telephone": report.telephone,
            "email": report.email,
            "exempt": report.exempt,
            "exempt_paragraph": report.exempt_paragraph,
            "young_people_summary": report.young_people_summary,
        }
        for section in report.sections.all():
            initial[section_field_name(section.section_id)] = section.html
        return initial

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("exempt") and not cleaned.get("exempt_paragraph"):
            self.add_error(
                "exempt_paragraph",
                "Select the Schedule 12A paragraph that makes this report exempt",
            )
        if not cleaned.get("exempt"):
            cleaned["exempt_paragraph"] = None
        return cleaned

    def clean_for_insert(self):
        """For the "Insert figures" button: a section must be chosen."""
        if not self.cleaned_data.get("live_block_section"):
            kind = live_block_kind(self.cleaned_data.get("live_block_theme"))
            self.add_error(
                "live_block_section", f"Choose the section to put the {KIND_WORDS[kind]} in"
            )
            return False
        return True

    @property
    def header(self) -> dict:
        names = ("title", "reference", "report_from", "contact_name", "telephone", "email")
        return {name: self.cleaned_data[name] for name in names}

    @property
    def sections(self) -> dict:
        return {
            section.pk: self.cleaned_data.get(section_field_name(section.pk), "")
            for section in self.template_sections
        }


class AppendixForm(forms.Form):
    title = forms.CharField(
        label="Appendix title",
        max_length=200,
        help_text="For example: Bright Spots survey summary. The pack numbers the appendices "
        "(Appendix 1, Appendix 2 ...) itself.",
        error_messages={"required": "Enter the appendix's title"},
    )
    # Opened with pikepdf at upload: a file that will not open never reaches a pack.
    file = UploadField(label="Upload a PDF", required=False, allowed=PDF_ONLY)
    other_report = forms.ModelChoiceField(
        label="Or append another report",
        queryset=Report.objects.none(),
        required=False,
        empty_label="No report",
        error_messages={"invalid_choice": "Select one of your council's reports"},
    )

    def __init__(self, *args, report: Report, **kwargs):
        super().__init__(*args, **kwargs)
        others = Report.objects.for_organisation(report.organisation).exclude(pk=report.pk)
        if not report.exempt:
            # An exempt report appended to a public one would be published with it.
            others = others.filter(exempt=False)
        self.fields["other_report"].queryset = others.order_by("title")
        self.helper = form_helper(
            Field.text("title", field_width=Fluid.FULL),
            Field("file"),
            Field.select("other_report"),
            submit="Add the appendix",
        )

    def clean_title(self):
        # An "Appendix 1:" typed here would print twice: the pack numbers appendices itself.
        title = strip_appendix_number(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(
                "Enter what the appendix is, like Bright Spots survey summary: the pack "
                "adds “Appendix 1” itself"
            )
        return title

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file"))
        has_report = bool(cleaned.get("other_report"))
        if "file" in self.errors or "other_report" in self.errors:
            return cleaned
        if has_file and has_report:
            self.add_error("file", "Upload a PDF or choose a report, not both")
        elif not has_file and not has_report:
            self.add_error("file", "Upload a PDF or choose a report to append")
        return cleaned


class AppendixFixForm(forms.Form):
    """A new file for an uploaded appendix that will not open (it may be on a published
    report: a pack carrying it cannot be made until it is put right)."""

    file = UploadField(
        label="Upload a PDF that opens",
        required=False,
        allowed=PDF_ONLY,
        error_messages={"required": "Choose a PDF to replace the file with"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("file"), submit="Replace the file")


class AppendixReplaceForm(forms.Form):
    """A new file for an uploaded appendix of a published report, through its correction."""

    file = UploadField(
        label="Upload the new PDF",
        allowed=PDF_ONLY,
        error_messages={"required": "Choose the PDF to replace the appendix with"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("file"), submit="Replace the file")
