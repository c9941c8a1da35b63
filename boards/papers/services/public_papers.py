"""What the public downloads of a meeting: the public pack's papers one by one, and the
minutes as a PDF (decision 0019).

- `pack_papers_keep()`: when a public pack is made (services/packs.py `pack_finish`), each of
  its pieces (the paper of an item, each appendix) is kept as a `PackPaper` with the pack, a
  copy of the PDF the pack was assembled from. No extra render: the piece is the tagged PDF
  WeasyPrint already made (or the council's uploaded appendix), and each edition keeps its own.
- `minutes_pdf_request()`: the published minutes as a `MinutesPdf`, rendered in a worker by
  the one PDF pipeline. Asked for when boards says the minutes changed (boards.signals, wired
  in apps.py) and by `minutes_pdfs_refresh()`, run by Celery beat, which catches changes made
  elsewhere (an agenda item renamed, a declaration recorded) and minutes published before
  this existed. The same minutes are never rendered twice: a job is keyed by its HTML's hash.
- `public_downloads()`: what the public meeting page offers, with sizes and page counts.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from importlib.metadata import version

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from boards.models import Meeting
from boards.papers.models import AgendaPack, MinutesPdf, PackPaper
from boards.papers.packs import PaperPdf, meeting_when
from boards.public_records import (
    PUBLISHED_STATUSES,
    meeting_record,
    minutes_public,
    public_meetings,
)
from corporate_parenting.pdf.jobs import render_job_request
from corporate_parenting.uploads import megabytes

logger = logging.getLogger(__name__)

# Bump when the minutes' HTML or CSS changes in a way the HTML hash would not see.
MINUTES_RENDERER = "public-minutes-1"


# Papers of a public pack ---------------------------------------------------------------------


def pack_papers_keep(*, pack: AgendaPack, papers: list[PaperPdf]) -> list[PackPaper]:
    """Keep each paper of a public pack as a PDF of its own (nothing for the members' pack:
    its papers are read in the pack, by those allowed)."""
    if pack.kind != AgendaPack.Kind.PUBLIC:
        return []
    kept = []
    for position, paper in enumerate(papers, start=1):
        row = PackPaper(
            organisation=pack.organisation,
            pack=pack,
            item_id=paper.item_id,
            position=position,
            item_number=paper.number,
            title=paper.title[:500],
            is_appendix=paper.is_appendix,
            page_count=paper.page_count,
            size=len(paper.pdf),
        )
        row.pdf.save(f"pack-{pack.pk}-paper-{position}.pdf", ContentFile(paper.pdf), save=False)
        row.save()
        kept.append(row)
    return kept


# Minutes --------------------------------------------------------------------------------------


def minutes_html(meeting: Meeting) -> str | None:
    """The public minutes of `meeting` as the HTML the PDF is made from; None while they are
    not public (not published, or the meeting is not public)."""
    if not minutes_public(meeting):
        return None
    record = meeting_record(meeting, meeting.organisation)
    return render_to_string(
        "papers/pack/minutes.html",
        {
            "record": record,
            "when": meeting_when(meeting),
            "heading": f"Minutes of the {record.board}, {meeting_when(meeting)}",
            "standalone": True,
        },
    )


def _key(html: str) -> str:
    # The version from the package's metadata: importing WeasyPrint in a web request (the
    # clerk's save sends minutes_changed) would cost most of a second.
    text = f"{MINUTES_RENDERER}\n{version('weasyprint')}\n{html}"
    return hashlib.sha256(text.encode()).hexdigest()


def current_minutes_pdf(meeting: Meeting) -> MinutesPdf | None:
    """The newest ready PDF of the meeting's minutes, if they are public."""
    if not minutes_public(meeting):
        return None
    return (
        MinutesPdf.objects.filter(meeting=meeting, state=MinutesPdf.State.READY)
        .order_by("-finished_at", "-pk")
        .first()
    )


def minutes_pdf_request(*, meeting: Meeting) -> MinutesPdf | None:
    """Queue the PDF of the meeting's public minutes unless the newest one is of the same
    text (or one is already queued or rendering: it renders the minutes as they are then).
    None when the minutes are not public."""
    from boards.papers.tasks import render_minutes_pdf

    html = minutes_html(meeting)
    if html is None:
        return None
    key = _key(html)
    current = current_minutes_pdf(meeting)
    if current is not None and current.key == key:
        return current
    return render_job_request(
        subject=Meeting.objects.filter(pk=meeting.pk),
        jobs=MinutesPdf.objects.filter(meeting=meeting),
        new=lambda: MinutesPdf(
            organisation=meeting.organisation, meeting=meeting, key=key, draft=True
        ),
        task=render_minutes_pdf,
    )


def minutes_pdf_render(job_id: int) -> MinutesPdf | None:
    """Claim and render a queued minutes PDF: the minutes as they are now. If they changed
    while it rendered, another is queued once this one is saved."""
    from boards.papers.pack_pdf import render_html

    if not MinutesPdf.claim(job_id):
        return None
    job = MinutesPdf.objects.select_related("meeting__board", "meeting__organisation").get(
        pk=job_id
    )
    meeting = job.meeting
    try:
        html = minutes_html(meeting)
        if html is None:
            raise ValueError("These minutes are no longer published.")
        pdf, pages, _bookmarks = render_html(html)
        job.key = _key(html)
        job.draft = meeting.status != Meeting.Status.MINUTES_APPROVED
        job.page_count = pages
        job.finish(pdf, job.download_filename(), also=("key", "draft", "page_count"))
    except Exception as exc:
        job.fail(exc)
        raise
    transaction.on_commit(lambda: minutes_pdf_request(meeting=meeting))
    return job


def minutes_pdfs_refresh() -> int:
    """Queue the PDF of every public minutes whose text changed since their last PDF (or that
    have none). Run by Celery beat; the number queued."""
    queued = 0
    meetings = Meeting.objects.filter(minutes_published_at__isnull=False).select_related(
        "board", "organisation"
    )
    for meeting in meetings.iterator():
        before = current_minutes_pdf(meeting)
        job = minutes_pdf_request(meeting=meeting)
        if job is not None and job != before:
            queued += 1
    return queued


# What the public page offers --------------------------------------------------------------------


@dataclass
class Download:
    title: str
    url: str
    size: int
    page_count: int | None
    superseded: bool = False
    edition: int | None = None
    is_appendix: bool = False
    parts: list[Download] = field(default_factory=list)

    @property
    def described(self) -> str:
        """e.g. "PDF, 412 KB, 12 pages"."""
        pages = self.page_count or 0
        return f"PDF, {megabytes(self.size)}, {pages} page{'' if pages == 1 else 's'}"


def _size(field_file) -> int | None:
    """The stored file's size, or None if it is missing (then it is not offered)."""
    try:
        return field_file.size if field_file else None
    except OSError:
        logger.error("The file %s is missing from storage", field_file.name)
        return None


def _pack_title(pack: AgendaPack) -> str:
    what = f"Supplementary agenda pack {pack.supplement}" if pack.supplement else "Agenda pack"
    return f"{what}, edition {pack.edition}"


def _paper_title(paper: PackPaper) -> str:
    """As the pack's bookmark has it; an appendix also names its item, since it is listed
    (and may be downloaded) on its own."""
    if paper.is_appendix and paper.item_number:
        return f"Agenda Item {paper.item_number}, {paper.title}"
    return paper.title


def public_downloads(*, organisation, meeting_id: int) -> dict:
    """The public packs of a public meeting (current first, superseded editions after), each
    with its papers, and the minutes' PDF: every one with its size and page count."""
    meeting = public_meetings(organisation).filter(pk=meeting_id).first()
    if meeting is None:
        return {"packs": [], "minutes": None}
    slug = organisation.slug
    packs = (
        AgendaPack.objects.filter(
            organisation=organisation,
            meeting=meeting,
            kind=AgendaPack.Kind.PUBLIC,
            state__in=AgendaPack.DOWNLOADABLE_STATES,
        )
        .prefetch_related("papers")
        .order_by("supplement", "-edition")
    )
    current, superseded = [], []
    for pack in packs:
        size = _size(pack.pdf)
        if size is None:
            continue
        download = Download(
            title=_pack_title(pack),
            url=reverse("papers_public:pack", args=[slug, meeting.pk, pack.pk]),
            size=size,
            page_count=pack.page_count,
            superseded=pack.state == AgendaPack.State.SUPERSEDED,
            edition=pack.edition,
            parts=[
                Download(
                    title=_paper_title(paper),
                    is_appendix=paper.is_appendix,
                    url=reverse("papers_public:paper", args=[slug, meeting.pk, paper.pk]),
                    size=paper.size,
                    page_count=paper.page_count,
                )
                for paper in pack.papers.all()
            ],
        )
        (superseded if download.superseded else current).append(download)
    minutes = None
    job = current_minutes_pdf(meeting)
    size = _size(job.pdf) if job is not None else None
    if size is not None:
        minutes = Download(
            title="Draft minutes" if job.draft else "Minutes",
            url=reverse("papers_public:minutes", args=[slug, meeting.pk]),
            size=size,
            page_count=job.page_count,
        )
    return {"packs": current + superseded, "minutes": minutes}


def meetings_with_public_papers(organisation) -> set[int]:
    """Ids of the organisation's public meetings with a public pack or minutes to download."""
    meetings = public_meetings(organisation)
    with_packs = AgendaPack.objects.filter(
        organisation=organisation,
        meeting__in=meetings,
        kind=AgendaPack.Kind.PUBLIC,
        state__in=AgendaPack.DOWNLOADABLE_STATES,
    ).values_list("meeting_id", flat=True)
    with_minutes = MinutesPdf.objects.filter(
        organisation=organisation,
        meeting__in=meetings.filter(
            minutes_published_at__isnull=False, status__in=PUBLISHED_STATUSES
        ),
        state=MinutesPdf.State.READY,
    ).values_list("meeting_id", flat=True)
    return set(with_packs) | set(with_minutes)
