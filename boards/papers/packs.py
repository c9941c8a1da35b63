"""What goes into an agenda pack, rendered piece by piece and kept for the next edition.

The pack follows the councils' layout (seed 002): a "Public Document Pack" cover with the
NOTICE OF MEETING, the AGENDA (each item with its number, title, purpose and, where it has a
paper, "(Pages X - Y)"), then each paper starting on a right-hand page with its appendices,
every page stamped "Agenda Item N" and numbered through the pack.

Each piece (front matter, paper, report appendix) is rendered by WeasyPrint on its own and
kept as a `PaperRendering`, found again by a hash of its HTML: re-publishing after one report
changes renders that paper and the front matter, and reuses the rest (issue 5, point 11).
Uploaded PDF appendices are the council's own files, put in as they are. boards/papers/pack_pdf.py
joins the pieces, draws the stamps and page numbers and keeps the PDF tagged.

The page ranges on the agenda come from the same `layout()` the assembler uses, after every
paper's page count is known; the front matter's own length is found by rendering it (again
only if its length changed the ranges).

The public pack leaves exempt papers out entirely and lists an exempt item only as "Exempt
item (paragraph N): not for publication". The members' pack includes them, every page marked
"NOT FOR PUBLICATION". A supplementary pack carries only the late papers: those not in the
current pack or an earlier supplement.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone

from boards.models import AgendaItem, Meeting, WorkProgrammeEntry
from boards.papers import pack_pdf
from boards.papers.models import AgendaPack, PaperRendering, Report, ReportAppendix
from boards.papers.report_rendering import render_report
from boards.selectors import matters_arising

# Bump when the pack's HTML or CSS changes in a way the HTML hash would not see.
RENDERER = "pack-pieces-3"  # 3: rendered through corporate_parenting.pdf (restricted fetcher)


@dataclass
class PieceSource:
    """One piece of an entry: HTML we render, or an uploaded PDF."""

    name: str
    html: str = ""
    upload: ReportAppendix | None = None
    bookmark: str = ""
    level: int = 1


@dataclass
class PackEntry:
    item_id: int
    number: str
    title: str
    purpose: str
    exempt: bool
    exempt_paragraph: int | None
    sources: list[PieceSource] = field(default_factory=list)
    appendix_titles: list[str] = field(default_factory=list)
    pages: str = ""  # "(Pages 9 - 24)", once laid out
    report_id: int | None = None  # the report the paper is, and its frozen version
    version: int | None = None

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


def pages_label(first: int, last: int) -> str:
    return f"(Page {first})" if first == last else f"(Pages {first} - {last})"


def pack_entries(*, meeting: Meeting, kind: str, only: set[int] | None = None) -> list[PackEntry]:
    """The agenda items in order (only those in `only`, for a supplement), with the papers
    and appendices this kind of pack carries."""
    members = kind == AgendaPack.Kind.MEMBERS
    items = meeting.items.order_by("position", "pk")
    reports = {
        report.agenda_item_id: report
        for report in Report.objects.filter(
            agenda_item__meeting=meeting, status=Report.Status.PUBLISHED
        )
        .select_related("template", "board", "agenda_item__meeting", "organisation")
        .prefetch_related("appendices__other_report__template")
    }
    entries = []
    for item in items:
        if only is not None and item.pk not in only:
            continue
        report = reports.get(item.pk)
        exempt = item.exempt or bool(report and report.exempt)
        entry = PackEntry(
            item_id=item.pk,
            number=item.number,
            title=item.title,
            purpose=item.printed_purpose,  # the exclusion item: the board's resolution
            exempt=exempt,
            exempt_paragraph=item.exempt_paragraph or (report.exempt_paragraph if report else None),
        )
        if report is not None and (members or not exempt):
            _add_paper(entry, report)
        elif report is None and not exempt:
            _add_generated_paper(entry, item, members=members)
        entries.append(entry)
    return entries


def _add_generated_paper(entry: PackEntry, item: AgendaItem, *, members: bool) -> None:
    """Papers the board's own records make: the previous meeting's minutes, the action log
    for matters arising, the work programme (as seed 002 prints them, pages 5-8 and 105-112).
    Nothing when there is nothing to print."""
    meeting = item.meeting
    kind = item.kind
    context = {"heading": entry.title, "board": meeting.board}
    if kind == AgendaItem.Kind.PREVIOUS_MINUTES:
        from boards.public_records import meeting_minutes_in_full, meeting_record, minutes_public

        previous = (
            Meeting.objects.filter(board=meeting.board, starts_at__lt=meeting.starts_at)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("-starts_at")
            .first()
        )
        if previous is None or not minutes_public(previous):
            return
        # The members' pack prints the exempt minutes in full, for those who may read it;
        # the public pack only the fact that the public were excluded.
        record = meeting_minutes_in_full if members else meeting_record
        context["record"] = record(previous, meeting.organisation)
        context["when"] = meeting_when(previous)
        template = "papers/pack/minutes.html"
    elif kind == AgendaItem.Kind.MATTERS_ARISING:
        actions = list(matters_arising(meeting, can_view_exempt=members))
        if not actions:
            return
        context["actions"] = actions
        template = "papers/pack/actions.html"
    elif kind == AgendaItem.Kind.WORK_PROGRAMME:
        context.update(_work_programme(meeting))
        if not context["meetings"] and not context["workshops"]:
            return
        template = "papers/pack/work_programme.html"
    else:
        return
    entry.sources.append(
        PieceSource(
            name=f'The paper for item {entry.number} "{entry.title}"',
            html=render_to_string(template, context),
            bookmark=entry.bookmark,
        )
    )


def _work_programme(meeting: Meeting) -> dict:
    """The board's plan for its meetings in the year after `meeting`, and its workshops."""
    after = meeting.starts_at
    entries = WorkProgrammeEntry.objects.exclude(kind=WorkProgrammeEntry.Kind.WORKSHOP).exclude(
        status=WorkProgrammeEntry.Status.DROPPED
    )
    meetings = (
        Meeting.objects.filter(
            board=meeting.board, starts_at__gt=after, starts_at__lt=after + timedelta(days=366)
        )
        .not_cancelled()
        .order_by("starts_at")
        .prefetch_related(Prefetch("planned_items", queryset=entries.order_by("kind", "pk")))
    )
    workshops = (
        meeting.board.work_programme.filter(kind=WorkProgrammeEntry.Kind.WORKSHOP)
        .exclude(status=WorkProgrammeEntry.Status.DROPPED)
        .filter(Q(workshop_date__isnull=True) | Q(workshop_date__gte=after.date()))
        .order_by(F("workshop_date").asc(nulls_last=True), "pk")
    )
    return {
        "meetings": [{"meeting": m, "entries": list(m.planned_items.all())} for m in meetings],
        "workshops": list(workshops),
    }


def _add_paper(entry: PackEntry, report: Report) -> None:
    """The published paper: its frozen version and the appendices it was published with (a
    correction in progress changes neither until it is re-published)."""
    context = {"exempt": entry.exempt, "exempt_paragraph": entry.exempt_paragraph}
    paper = render_report(report, omit_empty=True)
    title = paper.title
    entry.report_id, entry.version = report.pk, paper.version_number
    entry.sources.append(
        PieceSource(
            name=f'The paper "{title}"',
            html=render_to_string(
                "papers/pack/paper.html",
                {**context, "paper": paper, "heading": title},
            ),
            bookmark=entry.bookmark,
        )
    )
    appendices = [
        appendix
        for appendix in report.appendices.all()
        if appendix.pending != ReportAppendix.Pending.ADD
    ]
    for number, appendix in enumerate(appendices, start=1):
        printed = appendix.printed_title  # an "Appendix 1:" typed by the officer, once
        label = f"Appendix {number}: {printed}" if printed else f"Appendix {number}"
        entry.appendix_titles.append(label)
        name = f'{label} to "{title}"'
        if appendix.other_report_id:
            html = render_to_string(
                "papers/pack/paper.html",
                {
                    **context,
                    "paper": render_report(appendix.other_report, omit_empty=True),
                    "heading": label,
                    "appendix_label": f"Appendix {number}",
                },
            )
            entry.sources.append(PieceSource(name=name, html=html, bookmark=label, level=2))
        elif appendix.file:
            entry.sources.append(PieceSource(name=name, upload=appendix, bookmark=label, level=2))


# Pieces ----------------------------------------------------------------------------------------


def piece_key(html: str) -> str:
    import weasyprint

    text = f"{RENDERER}\n{weasyprint.__version__}\n{html}"
    return hashlib.sha256(text.encode()).hexdigest()


def rendering_for(organisation, html: str, *, name: str = "") -> PaperRendering:
    """The kept rendering of `html`, rendering it now if there is none."""
    key = piece_key(html)
    found = PaperRendering.objects.filter(organisation=organisation, key=key).first()
    if found is not None and found.pdf and found.pdf.storage.exists(found.pdf.name):
        found.save(update_fields=["used_at"])
        return found
    pdf, pages, bookmarks = pack_pdf.render_html(html)
    rendering = found or PaperRendering(organisation=organisation, key=key)
    rendering.page_count = pages
    rendering.bookmarks = [[level, label, page] for level, label, page in bookmarks]
    rendering.pdf.save(f"{key}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            rendering.save()
    except IntegrityError:  # another worker rendered the same piece meanwhile: use theirs
        return PaperRendering.objects.get(organisation=organisation, key=key)
    return rendering


def pack_sources(*, meeting: Meeting, kind: str, only: set[int] | None = None) -> list[PieceSource]:
    """The pieces WeasyPrint renders for this pack, other than the front matter."""
    entries = pack_entries(meeting=meeting, kind=kind, only=only)
    return [source for entry in entries for source in entry.sources if source.upload is None]


def missing_renderings(organisation, keys: list[str]) -> set[str]:
    """Those of `keys` with no kept rendering."""
    kept = set(
        PaperRendering.objects.filter(organisation=organisation, key__in=keys).values_list(
            "key", flat=True
        )
    )
    return set(keys) - kept


def _read(field_file) -> bytes:
    with field_file.open("rb") as f:
        return f.read()


def _upload_piece(source: PieceSource, entry: PackEntry) -> tuple[pack_pdf.Piece, bool]:
    """An uploaded appendix as a piece, and whether it is tagged. One that cannot be read
    fails the pack naming the agenda item, the paper and the file (UnreadableAppendix)."""
    appendix = source.upload
    what = (
        f"Agenda item {entry.number}: {source.name} "
        f"(the file “{os.path.basename(appendix.file.name)}”)"
    )
    fix = (
        " Replace the file with one that opens, or remove the appendix "
        "(the pack status page links to both), then make the pack again."
    )
    try:
        data = _read(appendix.file)
    except OSError as exc:
        raise pack_pdf.UnreadableAppendix(
            f"{what} could not be read ({exc}).{fix}", appendix_id=appendix.pk
        ) from exc
    try:
        with pack_pdf.open_pdf(data, what) as pdf:
            pages = len(pdf.pages)
            tagged = "/StructTreeRoot" in pdf.Root
    except pack_pdf.PackAssemblyError as exc:
        raise pack_pdf.UnreadableAppendix(f"{exc}.{fix}", appendix_id=appendix.pk) from exc
    piece = pack_pdf.Piece(
        pdf=data,
        page_count=pages,
        stamp=entry.stamp,
        exempt=entry.exempt,
        bookmarks=[(source.level, source.bookmark, 0)],
        name=source.name,
        fit_to_frame=True,  # the council's own file: kept clear of the stamps
    )
    return piece, tagged


Render = Callable[[str, str], PaperRendering]


@dataclass
class PaperPdf:
    """One piece of a pack as a PDF of its own (no stamps or pack page numbers): what the
    public downloads paper by paper (services/public_papers.py)."""

    item_id: int
    number: str
    title: str  # the pack's bookmark: "Agenda Item 6: Title", "Appendix 1: Title"
    is_appendix: bool
    pdf: bytes
    page_count: int


@dataclass
class RenderedPack:
    pdf: bytes
    page_count: int
    items: list[int]  # agenda items whose papers the pack carries
    untagged: list[str]
    papers: list[PaperPdf] = field(default_factory=list)  # each piece, in pack order
    versions: dict = field(default_factory=dict)  # {report id: frozen version number}
    revisions: list = field(default_factory=list)  # [{"item": "6", "summary": "..."}]
    front_pages: int | None = None


def _set_page_ranges(
    entries: list[PackEntry],
    pieces_by_entry: list[list[pack_pdf.Piece]],
    *,
    first_page: int,
    blank: bool,
) -> None:
    """Each entry's "(Pages X - Y)", from the same `layout()` the assembler uses. With `blank`
    (seed 002's convention) a paper's range runs up to the page before the next paper starts,
    so it counts the blank page that puts the next paper on a right-hand page; otherwise it
    stops at the paper's last printed page."""
    sizes = [(p.page_count, p.starts_right) for ps in pieces_by_entry for p in ps]
    starts = pack_pdf.layout(sizes, first_page=first_page)
    at = 0
    for entry, pieces in zip(entries, pieces_by_entry, strict=True):
        if not pieces:
            continue
        first = starts[at]
        at += len(pieces)
        last = starts[at - 1] + pieces[-1].page_count - 1
        if blank and at < len(starts):
            last = starts[at] - 1
        entry.pages = pages_label(first, last)


def pack_revisions(entries: list[PackEntry], previous: AgendaPack | None) -> list[dict]:
    """What changed since `previous` (the last edition of this pack), one line per paper
    this pack carries: the summaries of the corrections published since, by agenda item.
    None for a first edition. An edition made before packs kept their papers' versions is
    compared by time instead."""
    from boards.papers.models import ReportCorrection

    if previous is None:
        return []
    carried = {e.report_id: e for e in entries if e.report_id is not None and e.sources}
    corrections = (
        ReportCorrection.objects.filter(
            report_id__in=carried,
            status=ReportCorrection.Status.PUBLISHED,
            version__isnull=False,
        )
        .select_related("version")
        .order_by("published_at", "pk")
    )
    summaries: dict[int, list[str]] = {}
    for correction in corrections:
        entry = carried[correction.report_id]
        if correction.version.number > (entry.version or 0):
            continue  # published after this edition's papers were read
        if previous.versions:
            before = previous.versions.get(str(correction.report_id))
            if before is None or correction.version.number <= before:
                continue  # a paper new to this edition, or a correction already in it
        elif correction.published_at <= previous.created:
            continue
        summaries.setdefault(correction.report_id, []).append(correction.summary)
    return [
        {"item": entry.number, "summary": "; ".join(summaries[entry.report_id])}
        for entry in entries
        if entry.report_id in summaries
    ]


def render_pack_pdf(
    *,
    meeting: Meeting,
    kind: str,
    supplement: int = 0,
    only: set[int] | None = None,
    render: Render | None = None,
    previous: AgendaPack | None = None,
    edition: int = 1,
) -> RenderedPack:
    """The pack (or supplement `supplement` holding the items in `only`) as one tagged PDF.
    `previous` is the edition this one replaces: the cover says what was revised since."""
    organisation = meeting.organisation
    render = render or (lambda html, name: rendering_for(organisation, html, name=name))
    entries = pack_entries(meeting=meeting, kind=kind, only=only)
    if supplement:
        entries = [e for e in entries if e.sources]
    revisions = [] if supplement else pack_revisions(entries, previous)
    pieces_by_entry: list[list[pack_pdf.Piece]] = []
    untagged: list[str] = []
    papers: list[PaperPdf] = []
    for entry in entries:
        pieces = []
        for index, source in enumerate(entry.sources):
            if source.upload is not None:
                piece, tagged = _upload_piece(source, entry)
                if not tagged:
                    untagged.append(source.bookmark + f" (item {entry.number})")
            else:
                rendering = render(source.html, source.name)
                piece = pack_pdf.Piece(
                    pdf=_read(rendering.pdf),
                    page_count=rendering.page_count,
                    stamp=entry.stamp,
                    exempt=entry.exempt,
                    bookmarks=[(source.level, source.bookmark, 0)],
                    name=source.name,
                )
            piece.starts_right = index == 0
            pieces.append(piece)
            papers.append(
                PaperPdf(
                    item_id=entry.item_id,
                    number=entry.number,
                    title=source.bookmark,
                    is_appendix=source.level > 1,
                    pdf=piece.pdf,
                    page_count=piece.page_count,
                )
            )
        pieces_by_entry.append(pieces)

    board = meeting.board
    members = kind == AgendaPack.Kind.MEMBERS
    what = "members' agenda pack" if members else "agenda pack"
    if supplement:
        what = f"{'members' if members else 'public'} supplementary agenda pack {supplement}"
    title = f"{board.name}, {meeting_when(meeting)}: {what}"

    with_blank = board.pack_page_ranges == board.PageRanges.WITH_BLANK
    context = {
        "meeting": meeting,
        "board": board,
        "members": members,
        "supplement": supplement,
        "title": title,
        "when": meeting_when(meeting),
        "place": meeting.venue or board.usual_venue,
        "entries": entries,
        "untagged": untagged,
        "revisions": revisions,
        "edition": edition,
        "previous": previous,
    }
    # The front matter is two pieces: the cover (which a correction's "Revised" lines change)
    # and the agenda (which changes only when the items or their page ranges do), so a
    # re-issue after a correction renders the one-page cover, not the whole front matter.
    cover_html = render_to_string("papers/pack/front.html", {**context, "part": "cover"})
    cover = render(cover_html, "The notice of meeting")
    # A guess: as long as the previous edition's agenda, else one page.
    agenda_pages = max(((previous.front_pages if previous else None) or 0) - cover.page_count, 1)
    for _attempt in range(4):
        first_page = cover.page_count + agenda_pages + 1
        _set_page_ranges(entries, pieces_by_entry, first_page=first_page, blank=with_blank)
        agenda_html = render_to_string("papers/pack/front.html", {**context, "part": "agenda"})
        agenda = render(agenda_html, "The agenda")
        if agenda.page_count == agenda_pages:
            break
        agenda_pages = agenda.page_count
    else:  # pragma: no cover - the agenda's length would have to keep changing
        raise pack_pdf.PackAssemblyError("The agenda's length did not settle")

    pieces = [
        pack_pdf.Piece(
            pdf=_read(rendering.pdf),
            page_count=rendering.page_count,
            bookmarks=[tuple(b) for b in rendering.bookmarks],
            name=name,
        )
        for rendering, name in ((cover, "The notice of meeting"), (agenda, "The agenda"))
    ]
    for entry_pieces in pieces_by_entry:
        pieces.extend(entry_pieces)
    assembled = pack_pdf.assemble(pieces, title=title)
    return RenderedPack(
        pdf=assembled.pdf,
        page_count=assembled.page_count,
        items=[entry.item_id for entry in entries if entry.sources],
        untagged=untagged,
        papers=papers,
        versions={
            str(e.report_id): e.version for e in entries if e.report_id is not None and e.sources
        },
        revisions=revisions,
        front_pages=cover.page_count + agenda.page_count,
    )


def warm_up() -> None:
    """Make a fresh worker process ready to render: WeasyPrint imported, the pack templates
    compiled, the fonts loaded (by rendering a one-line piece), the URLs loaded. Run when a
    Celery worker process starts, so a clerk's first re-publish does not pay for it."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (loads every URLconf)
    for name in ("front", "paper", "minutes", "actions", "work_programme"):
        render_to_string(f"papers/pack/{name}.html", {})
    html = render_to_string("papers/pack/paper.html", {"heading": "Warm-up"})
    pack_pdf.render_html(html)
    pack_pdf.fonts_ready()
