"""The demo council's report templates, transcribed from the seeds.

- "Hampshire County Council committee report": the layout of every report in seed 002's pack
  (December 2018): the header block (Committee/Panel, Date, Title, Reference, Report From,
  Contact name, Tel, Email; seed 000 shows the Reference line), the numbered sections, then the
  corporate or legal information, the Section 100D background documents and the impact
  assessments with their standard wording. It asks for a summary in plain words because the
  board has co-opted care-experienced members.
- "Halton Borough Council policy and performance board report": seed 001's layout (January
  2020): REPORT TO, DATE, REPORTING OFFICER, SUBJECT, then nine numbered sections ending with
  the list of background papers under Section 100D.

Only headings and the councils' standard wording are copied: no person is named. Each template
is a folder under texts/templates/ (texts/README.md): its template.toml lists the header fields
and the sections with their guidance, and a section's standard text is either short, in the
file, or the HTML files it names, read one after the other.

`load(organisation)` is called by `manage.py load_demo` after boards.demo. It does nothing if
the organisation already has a report template.
"""

from dataclasses import dataclass

from django.db import transaction

from boards.papers.demo import textfiles as texts
from boards.papers.models import ReportTemplate, TemplateSection


@dataclass(frozen=True)
class Section:
    heading: str
    guidance: str
    required: bool = False
    numbered: bool = True
    default_text: str = ""


def _template(folder: str):
    """(name, header fields, sections, options) of the template in texts/<folder>/."""
    data = texts.toml(f"{folder}/template.toml")
    sections = [
        Section(
            heading=section["heading"],
            guidance=section["guidance"],
            required=section.get("required", False),
            numbered=section.get("numbered", True),
            default_text=section.get("default_text", "")
            + "".join(texts.html(name) for name in section.get("default_files", ())),
        )
        for section in data["sections"]
    ]
    options = {
        "requires_young_people_summary": data["requires_young_people_summary"],
        "heading_lines": data.get("heading_lines", ""),
        "document_kind": data.get("document_kind", "Report"),
        "header_labels": dict(data.get("header_labels", {})),
    }
    return data["name"], data["header_fields"], sections, options


# Seed 002: the order every report in the pack follows (Bright Spots survey, peer challenge,
# participation update, Ofsted visit, annual report, work programme). Seed 001: REPORT TO,
# DATE, REPORTING OFFICER, (PORTFOLIO), SUBJECT, (WARDS).
TEMPLATES = [_template("templates/hampshire"), _template("templates/halton")]
HAMPSHIRE_NAME, HALTON_NAME = (name for name, *_ in TEMPLATES)
_HAMPSHIRE_DEFAULTS = {section.heading: section.default_text for section in TEMPLATES[0][2]}
# bench/packs.py prints papers with these standard texts.
STRATEGIC_PLAN = _HAMPSHIRE_DEFAULTS["Corporate or legal information: Links to the Strategic Plan"]
SECTION_100D_HAMPSHIRE = _HAMPSHIRE_DEFAULTS[
    "Section 100 D - Local Government Act 1972 - background documents"
]
EQUALITY_DUTY = _HAMPSHIRE_DEFAULTS["Impact assessments: Equality Duty"]


@transaction.atomic
def load(organisation):
    """Create the two templates, once. Returns the organisation's templates."""
    existing = ReportTemplate.objects.for_organisation(organisation)
    if existing.exists():
        return list(existing)
    templates = []
    for name, header, sections, options in TEMPLATES:
        template = ReportTemplate.objects.create(
            organisation=organisation,
            name=name,
            header_fields=header,
            number_paragraphs=True,
            active=True,
            **options,
        )
        for position, section in enumerate(sections):
            TemplateSection.objects.create(
                organisation=organisation,
                template=template,
                position=position,
                heading=section.heading,
                guidance=section.guidance,
                required=section.required,
                numbered=section.numbered,
                default_text=section.default_text,
            )
        templates.append(template)
    return templates
