"""Stamps never cover content (issue 12, point 6): an uploaded appendix printed right up to the
top of the page has its heading overprinted by the "Agenda Item" stamp unless the pack shrinks
it into the frame the stamps leave free (decision 0020). Read back with pypdf: the position of
every piece of text on the page, the stamp's and the heading's."""

import io

import pytest
from pypdf import PdfReader

from boards.papers import pack_pdf
from boards.papers.models import AgendaPack, Report

from .pdf_tags import check_tags
from .test_pack_pieces import _assert_ranges_true, _attach, _pdf_bytes
from .test_packs import (
    _meeting,
    _papers,
    _render_in_this_process,  # noqa: F401  (autouse fixture)
    _request,
)

pytestmark = pytest.mark.django_db

HEADING = "Quokka inspection findings"


def _edge_to_edge_appendix() -> bytes:
    """A tagged PDF (as Word saves one) whose heading sits at the very top right of the page,
    where the stamp goes, and whose footer sits at the very bottom, where the page number
    goes."""
    from weasyprint import HTML

    html = f"""<html lang="en-GB"><head><title>Findings</title><style>
      @page {{ size: A4; margin: 0 }}
      body {{ margin: 0 }}
      h1 {{ margin: 0; padding: 4mm 12mm 0 0; font-size: 16pt; text-align: right }}
      p {{ margin: 0 0 0 20mm }}
      footer {{ position: absolute; bottom: 3mm; left: 0; right: 0; text-align: center }}
    </style></head><body><h1>{HEADING}</h1><p>Quokka body text.</p>
    <footer>Quokka footer</footer></body></html>"""
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def _text_boxes(page):
    """(text, (x1, y1, x2, y2)) for each piece of text on the page, in page space: a box from
    the baseline's descent to the font's size above it, as wide as the glyphs could be."""
    boxes = []

    def visit(text, cm, tm, _font, size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (tm[0] * cm[0]) or 1
        height = size * scale
        width = 0.62 * height * len(text.strip())
        boxes.append((text.strip(), (x, y - 0.25 * height, x + width, y + height)))

    page.extract_text(visitor_text=visit)
    return boxes


def _overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("fit", [True, False], ids=["shrunk", "as-uploaded"])
def test_the_stamp_and_page_number_never_cover_an_uploaded_appendix(
    world, fit, monkeypatch, django_capture_on_commit_callbacks
):
    if not fit:  # the control: without shrinking, the measure below does see the overlap
        monkeypatch.setattr(pack_pdf, "fit_into_frame", lambda out, page: 1.0)
    meeting = _meeting(world)
    report = Report.objects.get(title="Aardvark report")
    _attach(report, "Findings", _edge_to_edge_appendix(), 1)
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    assert pack.state == AgendaPack.State.READY, pack.error

    reader = PdfReader(io.BytesIO(_pdf_bytes(pack)))
    texts = [page.extract_text() or "" for page in reader.pages]
    number = next(n for n, t in enumerate(texts) if HEADING in t.replace("\n", " "))
    boxes = _text_boxes(reader.pages[number])
    stamp = [box for text, box in boxes if text.startswith("Agenda Item 2")]
    page_number = [box for text, box in boxes if text == f"Page {number + 1}"]
    heading = [box for text, box in boxes if text in HEADING and len(text) > 3]
    footer = [box for text, box in boxes if "Quokka footer" in text]
    assert stamp and page_number and heading and footer
    covered = any(_overlap(s, h) for s in stamp for h in heading) or any(
        _overlap(p, f) for p in page_number for f in footer
    )
    assert covered is not fit
    if fit:
        # Whole lines clear: the heading is below the stamp, the footer above the number.
        assert max(h[3] for h in heading) < min(s[1] for s in stamp)
        assert min(f[1] for f in footer) > max(p[3] for p in page_number)
        # The pack is as it was otherwise: the paper's range, its stamps, its tags.
        _assert_ranges_true(texts, _papers("public"))
        tags = check_tags(_pdf_bytes(pack))
        assert tags.problems == [] and tags.untagged_text_pages == []


def test_only_uploaded_pages_are_shrunk(world, monkeypatch, django_capture_on_commit_callbacks):
    """Our own papers already keep 22 mm margins: only the uploaded file's pages are fitted."""
    fitted = []
    fit = pack_pdf.fit_into_frame

    def spy(out, page):
        scale = fit(out, page)
        fitted.append(scale)
        return scale

    monkeypatch.setattr(pack_pdf, "fit_into_frame", spy)
    meeting = _meeting(world)
    report = Report.objects.get(title="Aardvark report")
    _attach(report, "Findings", _edge_to_edge_appendix(), 1)
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    assert pack.state == AgendaPack.State.READY, pack.error
    assert len(fitted) == 1  # the one uploaded page, of a pack of many pages
    assert 0.85 < fitted[0] < 0.9  # A4: the two bands are 32 mm of 297 mm
    assert pack.page_count > 6
