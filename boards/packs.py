"""Agenda packs rendered as one WeasyPrint document (the first, single-document slice).

The pack follows the councils' layout (seed 002): a "Public Document Pack" cover with the
NOTICE OF MEETING, the AGENDA (each item with its number, title, purpose and, where it has a
paper, "(Pages X - Y)"), then each paper starting on a right-hand page. WeasyPrint computes
the page ranges itself (`target-counter()` to the paper's first element and to an empty
element at its end), inserts the blank left-hand pages (`break-before: right`, printed "This
page is intentionally left blank"), stamps every page of a paper "Agenda Item N" and numbers
the pages through the pack.

The public pack leaves exempt papers out entirely and lists an exempt item only as "Exempt
item (paragraph N): not for publication". The members' pack includes exempt papers, each of
their pages marked "NOT FOR PUBLICATION".

The PDF is tagged PDF/UA-1 (language, title, bookmarks for the agenda and each paper).
"""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from .models import AgendaPack, Meeting, Report
from .report_rendering import RenderedReport, render_report


@dataclass
class PackEntry:
    number: str
    title: str
    purpose: str
    exempt: bool
    exempt_paragraph: int | None
    anchor: str
    paper: RenderedReport | None = None

    @property
    def stamp(self) -> str:
        return f"Agenda Item {self.number}" if self.number else "Agenda Item"

    @property
    def bookmark(self) -> str:
        return f"{self.stamp}: {self.title}"


def meeting_when(meeting: Meeting) -> str:
    """e.g. "Monday, 3 December 2018 at 2.00 pm", as the seeds print it."""
    starts = timezone.localtime(meeting.starts_at)
    time = starts.strftime("%-I.%M ") + ("am" if starts.hour < 12 else "pm")
    return f"{starts.strftime('%A, %-d %B %Y')} at {time}"


def pack_entries(*, meeting: Meeting, kind: str) -> list[PackEntry]:
    """The agenda items in order, with the papers this kind of pack carries."""
    members = kind == AgendaPack.Kind.MEMBERS
    items = meeting.items.order_by("position", "pk")
    reports = {
        report.agenda_item_id: report
        for report in Report.objects.filter(
            agenda_item__meeting=meeting, status=Report.Status.PUBLISHED
        ).select_related("template", "board", "agenda_item__meeting", "organisation")
    }
    entries = []
    for item in items:
        report = reports.get(item.pk)
        exempt = item.exempt or bool(report and report.exempt)
        paragraph = item.exempt_paragraph or (report.exempt_paragraph if report else None)
        entry = PackEntry(
            number=item.number,
            title=item.title,
            purpose=item.purpose,
            exempt=exempt,
            exempt_paragraph=paragraph,
            anchor=f"item-{item.pk}",
        )
        if report is not None and (members or not exempt):
            entry.paper = render_report(report)
        entries.append(entry)
    return entries


def render_pack_html(*, meeting: Meeting, kind: str) -> str:
    board = meeting.board
    members = kind == AgendaPack.Kind.MEMBERS
    title = f"{board.name}, {meeting_when(meeting)}: " + (
        "members' agenda pack" if members else "agenda pack"
    )
    return render_to_string(
        "boards/pack/pack.html",
        {
            "meeting": meeting,
            "board": board,
            "members": members,
            "title": title,
            "when": meeting_when(meeting),
            "place": meeting.venue or board.usual_venue,
            "entries": pack_entries(meeting=meeting, kind=kind),
        },
    )


def render_pack_pdf(*, meeting: Meeting, kind: str) -> tuple[bytes, int]:
    """The pack as a tagged PDF, and its number of pages."""
    from weasyprint import HTML  # imported here: slow to import, only workers need it

    document = HTML(string=render_pack_html(meeting=meeting, kind=kind)).render()
    return document.write_pdf(pdf_variant="pdf/ua-1"), len(document.pages)
