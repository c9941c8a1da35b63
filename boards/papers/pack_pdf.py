"""Agenda packs assembled from separately rendered parts, keeping the PDF tagged.

A pack is a run of *pieces*: the front matter (notice and agenda), each paper, each appendix.
Each piece is its own PDF: WeasyPrint renders our HTML (tagged PDF/UA-1); an uploaded appendix
is the council's own file. `assemble()` joins them with pikepdf and:

- inserts a blank left-hand page before any piece that must start on a right-hand page and
  would not (duplex printing), reading "This page is intentionally left blank";
- stamps every page with its running text (page number through the pack, "Agenda Item N",
  "NOT FOR PUBLICATION") as pagination artifacts drawn over the page. The stamps are the only
  thing that depends on where a piece lands, so a piece's rendering never goes stale when an
  earlier paper grows or shrinks: this is what lets a re-publish reuse every unchanged paper;
- grafts each piece's structure tree under one Document element (each piece becomes a Part),
  renumbering the parent tree keys of its pages and annotations, so the whole pack stays a
  tagged PDF a screen reader can follow (pypdf's merge drops the tree; see decision 0011);
- writes bookmarks, the title, the language and the PDF/UA identification.

`layout()` is the one rule for where each piece starts; the agenda's "(Pages X - Y)" are
computed with it, so they are the true pages of the PDF by construction.

Nothing here touches the database: boards/papers/packs.py decides what goes in a pack.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import io
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, NumberTree, OutlineItem, Pdf

from corporate_parenting.pdf import render_document, write_pdf

BLANK_SENTENCE = "This page is intentionally left blank"
EXEMPT_STAMP = "NOT FOR PUBLICATION"
A4 = (595.2756, 841.8898)
MM = 72 / 25.4
# Where the stamps are drawn: the running text's baseline 12 mm from the top, the page number's
# 10 mm from the bottom. An uploaded page is shrunk to leave these bands free (decision 0020).
STAMP_BASELINE = 12 * MM
NUMBER_BASELINE = 10 * MM
STAMP_BAND = 17 * MM  # the top band: the stamp's 10 pt text and a clear gap below it
NUMBER_BAND = 15 * MM  # the bottom band: the page number and a clear gap above it


class PackAssemblyError(Exception):
    """A piece could not be put into the pack (an unreadable appendix, say)."""


class UnreadableAppendix(PackAssemblyError):
    """An uploaded appendix that will not open: the pack names it and links to its fix."""

    def __init__(self, message: str, *, appendix_id: int):
        super().__init__(message)
        self.appendix_id = appendix_id


@dataclass
class Piece:
    """A run of pages in the pack, from one PDF."""

    pdf: bytes
    page_count: int
    stamp: str = ""  # running text at the top right, e.g. "Agenda Item 6"
    exempt: bool = False  # every page marked "NOT FOR PUBLICATION"
    starts_right: bool = False  # must begin on a right-hand (odd) page
    bookmarks: list[tuple[int, str, int]] = field(default_factory=list)  # (level, title, page)
    name: str = ""  # for error messages
    # An uploaded file (not rendered by us): its pages may print right up to the edge, so
    # each is shrunk into the frame the stamps leave free.
    fit_to_frame: bool = False


def layout(pieces: list[tuple[int, bool]], *, first_page: int = 1) -> list[int]:
    """The first page of each piece, given (page count, starts right) for each: a piece that
    must start on a right-hand page and would start on an even page gets a blank page before
    it."""
    starts, page = [], first_page
    for count, starts_right in pieces:
        if starts_right and page % 2 == 0:
            page += 1
        starts.append(page)
        page += count
    return starts


def render_html(html: str, *, base_url: str | None = None) -> tuple[bytes, int, list]:
    """One piece rendered through the one PDF pipeline (corporate_parenting.pdf: tagged, and
    fetching only our static files): (tagged PDF, pages, bookmarks as (level, title, page))."""
    document = render_document(html, base_url=base_url)
    bookmarks = [
        (level, label, index)
        for index, page in enumerate(document.pages)
        for level, label, _target, _state in page.bookmarks
    ]
    return write_pdf(document), len(document.pages), bookmarks


@functools.cache
def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def release_memory() -> None:
    """Hand the memory of pieces rendered earlier back to the system before assembling:
    WeasyPrint's layout is a large graph with cycles, and glibc keeps freed heap unless asked
    to trim it. So the assembly starts from the process's floor, not from the top of its
    largest render (bench/packs.py measures the worker's high-water mark)."""
    gc.collect()
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def page_count(data: bytes, *, name: str = "") -> int:
    """Pages in an uploaded PDF, or PackAssemblyError saying why it cannot be used."""
    with open_pdf(data, name) as pdf:
        return len(pdf.pages)


def open_pdf(data: bytes, name: str) -> Pdf:
    try:
        return Pdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise PackAssemblyError(f"{name} is protected by a password") from exc
    except pikepdf.PdfError as exc:
        raise PackAssemblyError(f"{name} is not a readable PDF ({exc})") from exc


# Stamps ----------------------------------------------------------------------------------------


@functools.cache
def _fonts() -> tuple[str, str]:
    """Regular and bold TrueType fonts for the stamps, registered with ReportLab: the machine's
    sans-serif (as WeasyPrint picks it, through fontconfig), embedded as PDF/UA requires."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = []
    for style, fallback in (("regular", "DejaVuSans.ttf"), ("bold", "DejaVuSans-Bold.ttf")):
        path = _font_file("sans-serif" + (":bold" if style == "bold" else ""), fallback)
        name = f"PackStamp-{style}"
        pdfmetrics.registerFont(TTFont(name, path))
        names.append(name)
    return names[0], names[1]


def fonts_ready() -> None:
    """Register the stamp fonts now (when a worker process starts) rather than mid-pack."""
    _fonts()


def _font_file(pattern: str, fallback: str) -> str:
    fc_match = shutil.which("fc-match")
    if fc_match:
        found = subprocess.run(  # noqa: S603 (fixed program, our own pattern)
            [fc_match, "--format=%{file}", pattern], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found.lower().endswith(".ttf") and Path(found).exists():
            return found
    for folder in ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"):
        candidate = Path(folder) / fallback
        if candidate.exists():
            return str(candidate)
    raise PackAssemblyError(
        "No TrueType sans-serif font for the page stamps (install fonts-dejavu)"
    )


@dataclass
class _Stamp:
    width: float
    height: float
    number: int
    stamp: str = ""
    exempt: bool = False
    blank: bool = False


def _stamp_pdf(stamps: list[_Stamp]) -> Pdf:
    """One page of running text per pack page (ReportLab: milliseconds for a whole pack)."""
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = _fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1, invariant=1)
    for s in stamps:
        canvas.setPageSize((s.width, s.height))
        canvas.setFillColorRGB(0.043, 0.047, 0.047)
        top = s.height - STAMP_BASELINE
        if s.blank:
            canvas.setFont(regular, 10)
            canvas.drawCentredString(s.width / 2, top, BLANK_SENTENCE)
        else:
            if s.stamp:
                canvas.setFont(bold, 10)
                canvas.drawRightString(s.width - 20 * MM, top, s.stamp)
            if s.exempt:
                canvas.setFont(bold, 10)
                canvas.drawString(20 * MM, top, EXEMPT_STAMP)
        canvas.setFont(regular, 9)
        canvas.drawCentredString(s.width / 2, NUMBER_BASELINE, f"Page {s.number}")
        canvas.showPage()
    canvas.save()
    return Pdf.open(io.BytesIO(buffer.getvalue()))


def _page_size(page: pikepdf.Page) -> tuple[float, float, float, float]:
    box = [float(v) for v in page.mediabox]
    return box[0], box[1], box[2] - box[0], box[3] - box[1]


def fit_into_frame(out: Pdf, page: pikepdf.Page) -> float:
    """Shrink the page's content (and its links) so that nothing prints in the bands the
    stamps use, centred across the page; returns the scale. The content stream is only
    wrapped in a transformation, so its marked content, and so its tags, are untouched."""
    x0, y0, width, height = _page_size(page)
    # The stamps are drawn in the page's own (unrotated) space, so that is where the bands
    # are kept free, whatever /Rotate says.
    scale = (height - STAMP_BAND - NUMBER_BAND) / height
    if not 0 < scale < 1:
        return 1.0
    e = x0 * (1 - scale) + width * (1 - scale) / 2
    f = y0 * (1 - scale) + NUMBER_BAND
    page.contents_add(
        out.make_stream(b"q %.6f 0 0 %.6f %.4f %.4f cm\n" % (scale, scale, e, f)), prepend=True
    )
    page.contents_add(out.make_stream(b"Q\n"))
    for annotation in page.obj.get("/Annots", []):
        if "/Rect" in annotation:
            x1, y1, x2, y2 = (float(v) for v in annotation.Rect)
            annotation.Rect = Array(
                [scale * x1 + e, scale * y1 + f, scale * x2 + e, scale * y2 + f]
            )
    return scale


def _apply_stamp(out: Pdf, page: pikepdf.Page, stamp_page: pikepdf.Page, index: int) -> None:
    """Draw the stamp page over `page` as a pagination artifact, the page's own content
    isolated in q/Q so its graphics state cannot move the stamp."""
    form = out.copy_foreign(stamp_page.as_form_xobject())
    name = Name(f"/CPStamp{index}")
    resources = page.obj.get("/Resources")
    if resources is None:
        page.obj.Resources = resources = Dictionary()
    if "/XObject" not in resources:
        resources.XObject = Dictionary()
    resources.XObject[name] = form
    x, y, _w, _h = _page_size(page)
    page.contents_add(out.make_stream(b"q\n"), prepend=True)
    page.contents_add(
        out.make_stream(
            b"Q\n/Artifact <</Type /Pagination>> BDC\nq 1 0 0 1 %.4f %.4f cm %s Do Q\nEMC\n"
            % (x, y, str(name).encode())
        )
    )


# Structure trees -------------------------------------------------------------------------------


class _Structure:
    """The pack's structure tree, built from each piece's tree."""

    def __init__(self, out: Pdf):
        self.out = out
        self.root = out.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = out.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=Array())
        )
        self.root.K = Array([self.document])
        self.nums = Array()
        self.next_key = 0
        self.role_map = Dictionary()

    def graft(self, source: Pdf, pages: list[pikepdf.Page]) -> bool:
        """Move `source`'s tree under the pack's Document element; `pages` are its pages as
        already copied into the pack. False when the source is not tagged."""
        tree_root = source.Root.get("/StructTreeRoot")
        if tree_root is None or "/K" not in tree_root:
            return False
        out, offset = self.out, self.next_key
        kids = tree_root.K if isinstance(tree_root.K, Array) else Array([tree_root.K])
        for kid in kids:
            if not isinstance(kid, Dictionary):
                continue
            if "/P" in kid:
                del kid.P  # copy the element, not (through /P) the source's whole tree again
            copied = out.copy_foreign(kid) if kid.is_indirect else out.make_indirect(kid)
            if copied.get("/S") == Name.Document:
                copied.S = Name.Part
            copied.P = self.document
            self.document.K.append(copied)
        highest = -1
        if "/ParentTree" in tree_root:
            for key, value in NumberTree(tree_root.ParentTree).items():
                highest = max(highest, key)
                if isinstance(value, Array):
                    value = Array([out.copy_foreign(v) if v.is_indirect else v for v in value])
                elif value.is_indirect:
                    value = out.copy_foreign(value)
                self.nums.append(key + offset)
                self.nums.append(value)
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
            for xobject in page.obj.get("/Resources", {}).get("/XObject", {}).values():
                if "/StructParents" in xobject:
                    xobject.StructParents = int(xobject.StructParents) + offset
        for role, standard in tree_root.get("/RoleMap", {}).items():
            self.role_map[role] = standard
        self.next_key = offset + highest + 1
        return True

    def install(self) -> None:
        self.root.ParentTree = self.out.make_indirect(Dictionary(Nums=self.nums))
        self.root.ParentTreeNextKey = self.next_key
        if self.role_map:
            self.root.RoleMap = self.role_map
        self.out.Root.StructTreeRoot = self.root
        self.out.Root.MarkInfo = Dictionary(Marked=True)


# Assembly --------------------------------------------------------------------------------------


@dataclass
class Assembled:
    pdf: bytes
    page_count: int
    starts: list[int]  # first page of each piece
    untagged: list[str]  # names of pieces that arrived without tags (uploaded appendices)


def assemble(pieces: list[Piece], *, title: str, lang: str = "en-GB") -> Assembled:
    """The pack: pieces in order, blank pages where duplex needs them, stamped, one tagged
    structure tree, bookmarks, title and language."""
    release_memory()  # start from the floor: this process may have rendered pieces before
    out = Pdf.new()
    structure = _Structure(out)
    starts = layout([(p.page_count, p.starts_right) for p in pieces])
    stamps: list[_Stamp] = []
    outline: list[tuple[int, str, int]] = []
    untagged: list[str] = []
    metadata_source = None
    for piece, start in zip(pieces, starts, strict=True):
        with open_pdf(piece.pdf, piece.name or "A paper") as source:
            if len(source.pages) != piece.page_count:
                raise PackAssemblyError(f"{piece.name} changed while the pack was made")
            if start > len(out.pages) + 1:
                width, height = _page_size(source.pages[0])[2:] if source.pages else A4
                out.add_blank_page(page_size=(width, height))
                stamps.append(_Stamp(width, height, len(out.pages), blank=True))
            first = len(out.pages)
            out.pages.extend(source.pages)
            copied = list(out.pages)[first:]
            if not structure.graft(source, copied):
                untagged.append(piece.name)
            if metadata_source is None and "/Metadata" in source.Root:
                metadata_source = out.copy_foreign(source.Root.Metadata)
            for page in copied:
                if piece.fit_to_frame:
                    fit_into_frame(out, page)
                _x, _y, width, height = _page_size(page)
                stamps.append(
                    _Stamp(width, height, len(stamps) + 1, stamp=piece.stamp, exempt=piece.exempt)
                )
            outline.extend((level, text, start - 1 + at) for level, text, at in piece.bookmarks)
    with _stamp_pdf(stamps) as stamp_pdf:
        for index, (page, stamp_page) in enumerate(zip(out.pages, stamp_pdf.pages, strict=True)):
            _apply_stamp(out, page, stamp_page, index)
    structure.install()
    _write_outline(out, outline)
    out.Root.Lang = pikepdf.String(lang)
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    if metadata_source is not None:
        out.Root.Metadata = metadata_source
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
    out.docinfo[Name.Title] = title
    buffer = io.BytesIO()
    out.save(buffer, force_version="1.7", object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return Assembled(buffer.getvalue(), len(out.pages), starts, untagged)


def _write_outline(out: Pdf, entries: list[tuple[int, str, int]]) -> None:
    """Bookmarks: level 1 entries at the top, deeper ones under the entry before them."""
    with out.open_outline() as outline:
        parents: list[OutlineItem] = []
        for level, text, page in entries:
            item = OutlineItem(text, page)
            while parents and len(parents) >= level:
                parents.pop()
            (parents[-1].children if parents else outline.root).append(item)
            parents.append(item)
