"""Forms of the report templates: the template (name, header lines and their order, options)
and its sections (heading, guidance, starting wording)."""

import re

import nh3
from crispy_forms_gds.layout import HTML, Field, Fieldset, Fixed, Fluid, Size
from django import forms

from boards.papers.models import ReportTemplate, TemplateSection
from corporate_parenting.concurrency import EditGuardMixin
from corporate_parenting.forms import form_helper, taken

HEADER_LABELS = dict(ReportTemplate.HEADER_FIELDS)
HEADER_KEYS = [key for key, _ in ReportTemplate.HEADER_FIELDS]

# The starting wording of a section is HTML: kept to what the report editor itself allows.
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4",
    "blockquote", "table", "caption", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
BLOCK_TAG = re.compile(r"<(p|ul|ol|table|h3|h4|blockquote)\b", re.IGNORECASE)
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}


def clean_default_text(text: str) -> str:
    """Sanitise the starting wording. Text without block tags (paragraphs, lists, tables)
    becomes paragraphs, one per blank line, so an administrator need not write HTML."""
    text = (text or "").strip()
    if not text:
        return ""
    if not BLOCK_TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        text = "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
    ).strip()


class ReportTemplateForm(EditGuardMixin, forms.ModelForm):
    """The template's name, which header lines it prints and in what order, and its options.

    The order is typed as numbers (1 first), which works with a keyboard and a screen reader
    alike; lines left without a number keep their place in the usual order."""

    header_fields = forms.MultipleChoiceField(
        label="Header lines",
        choices=ReportTemplate.HEADER_FIELDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The lines printed in the box at the top of every report.",
        error_messages={"invalid_choice": "Select header lines from the list"},
    )

    class Meta:
        model = ReportTemplate
        fields = [
            "name",
            "heading_lines",
            "document_kind",
            "header_fields",
            "requires_young_people_summary",
            "number_paragraphs",
            "active",
        ]
        labels = {
            "name": "Name",
            "requires_young_people_summary": "Every report needs a summary in plain words "
            "for young people",
            "number_paragraphs": "Number sections and paragraphs (1, 1.1, 1.2 ...)",
            "active": "In use: officers can start new reports from it",
        }
        widgets = {"heading_lines": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "name": 'For example, "Committee report". Officers choose a template by this name.',
            "heading_lines": "Printed at the top of every report, one line each, for example "
            '"HAMPSHIRE COUNTY COUNCIL". Left empty, the council\'s name is printed in capitals.',
            "document_kind": 'Printed under the heading, for example "Report" or "Decision '
            'Report". Left empty, nothing is printed there.',
            "requires_young_people_summary": "Co-opted care-experienced members read this "
            "summary first.",
        }
        error_messages = {
            "name": {
                "required": "Enter the template's name",
                "max_length": "Enter a name of 200 characters or fewer",
            },
            "document_kind": {"max_length": "Enter a name of 100 characters or fewer"},
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        current = list(self.instance.header_fields or []) if self.instance.pk else HEADER_KEYS
        if not self.instance.pk:
            self.initial.setdefault("header_fields", HEADER_KEYS)
        for key, label in ReportTemplate.HEADER_FIELDS:
            self.fields[f"order_{key}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=len(HEADER_KEYS),
                widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
                initial=current.index(key) + 1 if key in current else None,
                error_messages={
                    "invalid": f"Enter the position of “{label}” as a whole number, like 3",
                    "min_value": f"Enter a position for “{label}” between 1 and {len(HEADER_KEYS)}",
                    "max_value": f"Enter a position for “{label}” between 1 and {len(HEADER_KEYS)}",
                },
            )
        for key, label in ReportTemplate.HEADER_FIELDS:
            self.fields[f"label_{key}"] = forms.CharField(
                label=f"Label for “{label}”",
                required=False,
                max_length=60,
                initial=self.instance.header_label(key),
                error_messages={
                    "max_length": f"Enter a label for “{label}” of 60 characters or fewer"
                },
            )
        self.helper = form_helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.textarea("heading_lines", rows=2),
            Field.text("document_kind", field_width=Fluid.ONE_THIRD),
            Field.checkboxes("header_fields", legend_size=Size.SMALL, small=True),
            Fieldset(
                HTML(
                    '<div class="govuk-hint">Type 1 for the line printed first, 2 for the '
                    "next and so on. Ticked lines without a number follow in the usual order; "
                    "lines not ticked are not printed.</div>"
                ),
                *[Field.text(f"order_{key}", field_width=Fixed.TWO) for key in HEADER_KEYS],
                legend="Order of the header lines",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                HTML(
                    '<div class="govuk-hint">Each line as the council prints it, with its '
                    "punctuation, for example “Committee/Panel:” or “Tel:”. Left empty, a "
                    "line keeps its usual label.</div>"
                ),
                *[Field.text(f"label_{key}", field_width=Fluid.ONE_THIRD) for key in HEADER_KEYS],
                legend="Labels of the header lines",
                legend_size=Size.SMALL,
            ),
            Field.checkbox("requires_young_people_summary"),
            Field.checkbox("number_paragraphs"),
            Field.checkbox("active"),
            submit="Save template",
        )

    def state_of(self, template) -> dict:
        """With the order boxes, which the form fills from the header lines' order."""
        state = super().state_of(template)
        current = list(template.header_fields or [])
        for key in HEADER_KEYS:
            state[f"order_{key}"] = current.index(key) + 1 if key in current else None
            state[f"label_{key}"] = template.header_label(key)
        return state

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the template's name")
        if taken(
            ReportTemplate.objects.for_organisation(self.organisation).filter(name__iexact=name),
            self.instance,
        ):
            raise forms.ValidationError("There is already a report template with this name")
        return name

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("header_fields")
        if chosen is None:
            return cleaned
        if not chosen:
            self.add_error("header_fields", "Select at least one header line, like Title")
            return cleaned
        order = {}
        for key in chosen:
            if f"order_{key}" in self.errors:
                return cleaned
            order[key] = cleaned.get(f"order_{key}")
        numbers = [n for n in order.values() if n is not None]
        for number in {n for n in numbers if numbers.count(n) > 1}:
            clashing = [HEADER_LABELS[k] for k in chosen if order[k] == number]
            self.add_error(
                f"order_{next(k for k in chosen if order[k] == number)}",
                f"{' and '.join(clashing)} cannot both be number {number}: give each "
                "header line its own position",
            )
        if not self.errors:
            # Numbered lines by their number; lines without one keep the usual order, last.
            cleaned["header_fields"] = sorted(
                chosen,
                key=lambda k: (order[k] is None, order[k] or 0, HEADER_KEYS.index(k)),
            )
        return cleaned

    def save(self, commit=True):
        self.instance.organisation = self.organisation
        self.instance.header_fields = self.cleaned_data["header_fields"]
        # Only labels that differ from the usual one are kept, so the usual ones stay the
        # default if they are ever reworded.
        labels = {}
        for key, usual in ReportTemplate.HEADER_FIELDS:
            label = " ".join(self.cleaned_data.get(f"label_{key}", "").split())
            if label and label != usual:
                labels[key] = label
        self.instance.header_labels = labels
        return super().save(commit)


class TemplateSectionForm(EditGuardMixin, forms.ModelForm):
    class Meta:
        model = TemplateSection
        fields = ["heading", "guidance", "required", "numbered", "default_text"]
        labels = {
            "heading": "Heading",
            "guidance": "Guidance for authors",
            "required": "Every report must fill in this section",
            "numbered": "Numbered (counts in the 1, 2, 3 numbering of sections)",
            "default_text": "Starting wording",
        }
        help_texts = {
            "heading": 'As printed on the report, for example "Recommendation(s)".',
            "guidance": "One or two sentences on what to write here. Authors see it beside "
            "the section; it is never printed.",
            "numbered": "Untick for blocks such as the Section 100D background documents "
            "that councils print without a number.",
            "default_text": "The wording every new report starts with, such as the standard "
            "Section 100D paragraph. Separate paragraphs with a blank line. Simple HTML "
            "(paragraphs, lists, tables, links) is kept; anything else is removed.",
        }
        widgets = {
            "guidance": forms.Textarea(attrs={"rows": 3}),
            "default_text": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "heading": {
                "required": "Enter the section's heading",
                "max_length": "Enter a heading of 200 characters or fewer",
            },
        }

    def __init__(self, *args, template, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.helper = form_helper(
            Field.text("heading", field_width=Fluid.TWO_THIRDS),
            Field.textarea("guidance", rows=3),
            Field.checkbox("required"),
            Field.checkbox("numbered"),
            Field.textarea("default_text", rows=8),
            submit="Save section",
        )

    def clean_heading(self):
        heading = self.cleaned_data["heading"].strip()
        if not heading:
            raise forms.ValidationError("Enter the section's heading")
        if taken(self.template.sections.filter(heading__iexact=heading), self.instance):
            raise forms.ValidationError("This template already has a section with this heading")
        return heading

    def clean_default_text(self):
        return clean_default_text(self.cleaned_data.get("default_text", ""))

    def save(self, commit=True):
        self.instance.organisation = self.template.organisation
        self.instance.template = self.template
        return super().save(commit)
