"""A report as the council prints it: the header block, then numbered sections.

Numbering follows the seeds (Hampshire 2010 and 2018, Halton 2020): each numbered section
gets a number (1, 2, 3 ...) and each paragraph directly inside it a paragraph number (1.1,
1.2 ...). Lists, tables, headings and live data blocks are not numbered: a bulleted or
lettered list belongs to the numbered paragraph before it ("The programme aims to: - ...").
Sections the template marks as not numbered (e.g. "Links to the strategic plan", impact
assessments) carry no numbers at all.

The numbers are written into the HTML here, on the server, so the screen and the PDF (which
renders the same HTML) always agree.
"""

import re
from dataclasses import dataclass, field
from html import unescape

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from boards.papers.live_blocks import render_live_blocks
from boards.papers.models import Report, ReportTemplate
from boards.papers.sanitise import HtmlRewriter


class _Numberer(HtmlRewriter):
    """Numbers top-level paragraphs, gives table headers a scope and wraps top-level tables
    in a scrollable, labelled region."""

    def __init__(self, prefix: str | None, table_label: str):
        super().__init__()
        self.prefix = prefix
        self.table_label = table_label
        self.count = 0
        self.rows_in_table: list[int] = []
        self.in_head = 0

    def start(self, tag, attrs):
        depth = len(self.stack)
        if tag == "table":
            if depth == 0:
                self.out.append(
                    format_html(
                        '<div class="cp-table-wrapper" tabindex="0" role="region" aria-label="{}">',
                        self.table_label,
                    )
                )
            self.rows_in_table.append(0)
        elif tag == "thead":
            self.in_head += 1
        elif tag == "tr" and self.rows_in_table:
            self.rows_in_table[-1] += 1
        elif tag == "th" and not any(name == "scope" for name, _ in attrs):
            first_row = self.in_head or (self.rows_in_table and self.rows_in_table[-1] == 1)
            attrs = [*attrs, ("scope", "col" if first_row else "row")]
        super().start(tag, attrs)
        if tag == "p" and depth == 0 and self.prefix:
            self.count += 1
            self.out.append(
                format_html(
                    '<span class="cp-paragraph-number">{}.{}</span> ', self.prefix, self.count
                )
            )

    def end(self, tag):
        super().end(tag)
        if tag == "table":
            if self.rows_in_table:
                self.rows_in_table.pop()
            if not self.rows_in_table and len(self.stack) == 0:
                self.out.append("</div>")
        elif tag == "thead":
            self.in_head -= 1


def number_paragraphs(html: str, prefix: str | None, *, table_label: str = "Table") -> str:
    """`html` with its top-level paragraphs numbered `prefix`.1, `prefix`.2 ... (none when
    `prefix` is None), header cells scoped and tables wrapped."""
    if not html:
        return ""
    return _Numberer(prefix, table_label).rewrite(html)


@dataclass
class RenderedSection:
    number: str | None
    heading: str
    html: str
    guidance: str = ""
    required: bool = False


@dataclass
class RenderedReport:
    report: Report
    heading_lines: list = field(default_factory=list)  # e.g. ["HAMPSHIRE COUNTY COUNCIL"]
    document_kind: str = ""  # e.g. "Report", "Decision Report"
    header: list = field(default_factory=list)  # (label, value)
    title_in_header: bool = True  # the header block has a Title line
    sections: list = field(default_factory=list)
    young_people_summary: str = ""
    frozen: bool = False
    version_number: int | None = None
    title: str = ""  # as published (a correction in progress may be changing the live one)


def header_values(report: Report) -> dict:
    """The header block's values, by ReportTemplate.HEADER_FIELDS key."""
    meeting_date = ""
    if report.agenda_item_id:
        starts = report.agenda_item.meeting.starts_at
        meeting_date = timezone.localtime(starts).strftime("%-d %B %Y")
    return {
        "committee": report.board.name if report.board_id else "",
        "date": meeting_date,
        "title": report.title,
        "reference": report.reference,
        "report_from": report.report_from,
        "contact_name": report.contact_name,
        "telephone": report.telephone,
        "email": report.email,
    }


def header_rows(template: ReportTemplate, values: dict) -> list:
    """(label, value) in the template's order, each with the template's own label."""
    labels = dict(ReportTemplate.HEADER_FIELDS)
    keys = template.header_fields or [key for key, _ in ReportTemplate.HEADER_FIELDS]
    return [(template.header_label(key), values.get(key, "")) for key in keys if key in labels]


# Markup that prints something though it holds no text.
_CONTENT_WITHOUT_TEXT = re.compile(r"<(?:img|table|svg)\b|data-live-block", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def is_empty_html(html: str) -> bool:
    """True when the section would print nothing: no text (tags, spaces and non-breaking
    spaces aside), no table, picture or live data block."""
    if not html or _CONTENT_WITHOUT_TEXT.search(html):
        return not html
    text = unescape(_TAG.sub("", html)).replace("\xa0", " ")
    return not text.strip()


def snapshot_sections(report: Report) -> list:
    """The sections as stored in a ReportVersion snapshot."""
    return [
        {
            "section": section.section_id,
            "heading": section.section.heading,
            "numbered": section.section.numbered,
            "html": section.html,
        }
        for section in report.sections.select_related("section")
    ]


def _number_sections(sections, *, number_paragraphs_too: bool, live, organisation):
    rendered, count = [], 0
    for section in sections:
        number = None
        if section.get("numbered", True):
            count += 1
            number = str(count)
        html = number_paragraphs(
            section["html"],
            number if number_paragraphs_too else None,
            table_label=f"Table in {section['heading']}",
        )
        if live:
            html = render_live_blocks(html, organisation=organisation)
        rendered.append(
            RenderedSection(
                number=number,
                heading=section["heading"],
                html=mark_safe(html),  # noqa: S308 (sanitised on save; our own markup added here)
                guidance=section.get("guidance", ""),
                required=section.get("required", False),
            )
        )
    return rendered


def _printed(sections: list, template: ReportTemplate) -> list:
    """The sections a printed paper carries: one left empty prints nothing (no heading, no
    number) unless the template marks it required. A frozen snapshot does not record which
    sections were required: the template says (a section since deleted is not required)."""
    required = set(template.sections.filter(required=True).values_list("pk", flat=True))
    return [
        s
        for s in sections
        if not is_empty_html(s["html"]) or s.get("required") or s.get("section") in required
    ]


def render_report(report: Report, *, omit_empty: bool = False) -> RenderedReport:
    """The report as printed. A published report shows its frozen version (the figures as
    they were when it was published); any other shows the current text and live figures.
    With `omit_empty` (the pack), sections left empty and not required are left out."""
    template = report.template
    frozen = None
    if report.status == Report.Status.PUBLISHED:
        frozen = report.versions.filter(frozen=True).order_by("-number").first()
    if frozen is not None:
        snapshot = frozen.snapshot or {}
        sections = snapshot.get("sections", [])
        header = {**header_values(report), **snapshot.get("header", {})}
        summary = snapshot.get("young_people_summary", "")
    else:
        sections = [
            {
                "section": s.section_id,
                "heading": s.section.heading,
                "numbered": s.section.numbered,
                "html": s.html,
                "guidance": s.section.guidance,
                "required": s.section.required,
            }
            for s in report.sections.select_related("section")
        ]
        header = header_values(report)
        summary = report.young_people_summary
    if omit_empty:
        sections = _printed(sections, template)
    return RenderedReport(
        report=report,
        heading_lines=template.heading_block(report.organisation.name),
        document_kind=template.document_kind,
        header=header_rows(template, header),
        title_in_header="title" in (template.header_fields or ["title"]),
        sections=_number_sections(
            sections,
            number_paragraphs_too=template.number_paragraphs,
            live=frozen is None,
            organisation=report.organisation,
        ),
        young_people_summary=summary,
        frozen=frozen is not None,
        version_number=frozen.number if frozen else None,
        title=header.get("title") or report.title,
    )
