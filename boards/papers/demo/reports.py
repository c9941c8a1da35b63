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

Only headings and the councils' standard wording are copied: no person is named.

`load(organisation)` is called by `manage.py load_demo` after boards.demo. It does nothing if
the organisation already has a report template.
"""

from dataclasses import dataclass

from django.db import transaction

from boards.papers.models import ReportTemplate, TemplateSection

HAMPSHIRE_NAME = "Hampshire County Council committee report"
HALTON_NAME = "Halton Borough Council policy and performance board report"


@dataclass(frozen=True)
class Section:
    heading: str
    guidance: str
    required: bool = False
    numbered: bool = True
    default_text: str = ""


SECTION_100D_HAMPSHIRE = (
    "<p>The following documents discuss facts or matters on which this report, or an "
    "important part of it, is based and have been relied upon to a material extent in the "
    "preparation of this report. (NB: the list excludes published works and any documents "
    "which disclose exempt or confidential information as defined in the Act.)</p>"
    '<table><thead><tr><th scope="col">Document</th><th scope="col">Location</th></tr>'
    "</thead><tbody><tr><td>None</td><td></td></tr></tbody></table>"
)

STRATEGIC_PLAN = (
    "<p>Hampshire maintains strong and sustainable economic growth and prosperity: yes/no</p>"
    "<p>People in Hampshire live safe, healthy and independent lives: yes/no</p>"
    "<p>People in Hampshire enjoy a rich and diverse environment: yes/no</p>"
    "<p>People in Hampshire enjoy being part of strong, inclusive communities: yes/no</p>"
    "<p>OR</p>"
    "<p>This proposal does not link to the Strategic Plan but, nevertheless, requires a "
    "decision because:</p>"
    "<p><strong>Other Significant Links</strong></p>"
    "<p>Links to previous Member decisions: none</p>"
    "<p>Direct links to specific legislation or Government Directives: none</p>"
)

EQUALITY_DUTY = (
    "<p>The County Council has a duty under Section 149 of the Equality Act 2010 ('the Act') "
    "to have due regard in the exercise of its functions to the need to:</p>"
    "<ul>"
    "<li>Eliminate discrimination, harassment and victimisation and any other conduct "
    "prohibited under the Act;</li>"
    "<li>Advance equality of opportunity between persons who share a relevant protected "
    "characteristic (age, disability, gender reassignment, pregnancy and maternity, race, "
    "religion or belief, gender and sexual orientation) and those who do not share it;</li>"
    "<li>Foster good relations between persons who share a relevant protected characteristic "
    "and persons who do not share it.</li>"
    "</ul>"
    "<p>Due regard in this context involves having due regard in particular to:</p>"
    "<ul>"
    "<li>The need to remove or minimise disadvantages suffered by persons sharing a relevant "
    "characteristic connected to that characteristic;</li>"
    "<li>Take steps to meet the needs of persons sharing a relevant protected characteristic "
    "different from the needs of persons who do not share it;</li>"
    "<li>Encourage persons sharing a relevant protected characteristic to participate in "
    "public life or in any other activity which participation by such persons is "
    "disproportionately low.</li>"
    "</ul>"
    "<p><strong>Equalities Impact Assessment:</strong> Not completed.</p>"
)

CLIMATE_CHANGE = (
    "<p>How does what is being proposed impact on our carbon footprint / energy consumption? "
    "No impact.</p>"
    "<p>How does what is being proposed consider the need to adapt to climate change, and be "
    "resilient to its longer term impacts? No impact.</p>"
)

HAMPSHIRE_HEADER = [
    "committee",
    "date",
    "title",
    "reference",
    "report_from",
    "contact_name",
    "telephone",
    "email",
]

# Seed 002: the order every report in the pack follows (Bright Spots survey, peer challenge,
# participation update, Ofsted visit, annual report, work programme).
HAMPSHIRE_SECTIONS = [
    Section(
        "Recommendation",
        "What the board is asked to do, each recommendation starting “That the Corporate "
        "Parenting Board ...”.",
        required=True,
        default_text="<p>That the Corporate Parenting Board note the content of this report.</p>",
    ),
    Section(
        "Summary",
        "The purpose of the paper and its main points in a few paragraphs, for a reader who "
        "reads nothing else.",
        required=True,
    ),
    Section(
        "Contextual information",
        "The background the board needs: what the service or programme is, why it matters "
        "and what has happened so far.",
    ),
    Section(
        "Performance",
        "The figures and what they show, compared with last year, with national figures or "
        "with similar councils; insert live pledge figures where they help.",
    ),
    Section(
        "Consultation and Equalities",
        "Who was consulted, children and young people above all, and what they said; any "
        "effect on people with protected characteristics.",
    ),
    Section(
        "Conclusion",
        "What the board should take from the report and what happens next.",
        required=True,
    ),
    Section(
        "Corporate or legal information: Links to the Strategic Plan",
        "Answer yes or no for each aim of the Strategic Plan, and list previous Member "
        "decisions or legislation this report links to.",
        numbered=False,
        default_text=STRATEGIC_PLAN,
    ),
    Section(
        "Section 100 D - Local Government Act 1972 - background documents",
        "List the unpublished documents this report relies on and where they can be "
        "inspected, or leave “None”.",
        required=True,
        numbered=False,
        default_text=SECTION_100D_HAMPSHIRE,
    ),
    Section(
        "Impact assessments: Equality Duty",
        "Keep the standard wording and say whether an Equalities Impact Assessment was "
        "completed and, if so, what it found.",
        required=True,
        default_text=EQUALITY_DUTY,
    ),
    Section(
        "Impact on Crime and Disorder",
        "Say what effect the proposal has on crime and disorder, or “No impact”.",
        required=True,
        default_text="<p>No impact.</p>",
    ),
    Section(
        "Climate Change",
        "Answer both questions: the effect on the council's carbon footprint and on "
        "adapting to climate change.",
        required=True,
        default_text=CLIMATE_CHANGE,
    ),
]

# Seed 001: REPORT TO, DATE, REPORTING OFFICER, (PORTFOLIO), SUBJECT, (WARDS).
HALTON_HEADER = ["committee", "date", "report_from", "title"]

HALTON_PRIORITIES = (
    "<p><strong>Children &amp; Young People in Halton</strong></p>"
    "<p><strong>Employment, Learning &amp; Skills in Halton</strong></p>"
    "<p><strong>A Healthy Halton</strong></p>"
    "<p><strong>A Safer Halton</strong></p>"
    "<p><strong>Halton's Urban Renewal</strong></p>"
)

HALTON_BACKGROUND_PAPERS = (
    '<table><thead><tr><th scope="col">Document</th><th scope="col">Place of '
    'Inspection</th><th scope="col">Contact Officer</th></tr></thead>'
    "<tbody><tr><td>None</td><td></td><td></td></tr></tbody></table>"
)

HALTON_SECTIONS = [
    Section(
        "Purpose of the report",
        "One or two sentences on why the report comes to the board.",
        required=True,
    ),
    Section(
        "Recommendation",
        "What Members of the Board are asked to do, as a numbered list (i, ii, iii).",
        required=True,
        default_text="<p>That Members of the Board:</p>",
    ),
    Section(
        "Supporting information",
        "The background, what has been done and the evidence the board needs to decide.",
        required=True,
    ),
    Section(
        "Policy implications",
        "How the proposal fits national policy and the council's strategies.",
        required=True,
    ),
    Section(
        "Financial implications",
        "The cost, where the money comes from, and any other resource implications.",
        required=True,
    ),
    Section(
        "Implications for the Council's priorities",
        "A sentence or two under each of the council's priorities, or “None”.",
        required=True,
        default_text=HALTON_PRIORITIES,
    ),
    Section(
        "Risk analysis",
        "The significant risks and how they are managed, or say there are none.",
        required=True,
    ),
    Section(
        "Equality and diversity issues",
        "The effect on equality and diversity, in particular on children in care and care leavers.",
        required=True,
    ),
    Section(
        "List of background papers under Section 100D of the Local Government Act 1972",
        "List each background document with its place of inspection and contact officer, or "
        "“None”.",
        required=True,
        default_text=HALTON_BACKGROUND_PAPERS,
    ),
]

TEMPLATES = [
    (
        HAMPSHIRE_NAME,
        HAMPSHIRE_HEADER,
        HAMPSHIRE_SECTIONS,
        {"requires_young_people_summary": True},
    ),
    (HALTON_NAME, HALTON_HEADER, HALTON_SECTIONS, {"requires_young_people_summary": False}),
]


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
