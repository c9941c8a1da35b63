"""The page-range rule and the frame for uploads, on their own (no database, no WeasyPrint)."""

import io

import pikepdf
import pytest

from boards.papers import pack_pdf
from boards.papers.packs import PackEntry, _set_page_ranges


def _entries(sizes):
    """Entries with pieces of `sizes` pages each (a list per entry; [] for no paper)."""
    entries, pieces = [], []
    for number, entry_sizes in enumerate(sizes, start=3):
        entries.append(PackEntry(number, str(number), "", "", False, None))
        pieces.append(
            [
                pack_pdf.Piece(pdf=b"", page_count=count, starts_right=index == 0)
                for index, count in enumerate(entry_sizes)
            ]
        )
    return entries, pieces


@pytest.mark.parametrize(
    ("blank", "expected"),
    [
        # Seed 002: the minutes (3 pages) are "Pages 5 - 8"; the next paper starts on page 9.
        (True, ["(Pages 5 - 8)", "", "(Pages 9 - 16)", "(Pages 17 - 18)"]),
        (False, ["(Pages 5 - 7)", "", "(Pages 9 - 15)", "(Pages 17 - 18)"]),
    ],
)
def test_a_papers_range_counts_the_blank_page_after_it_by_the_boards_setting(blank, expected):
    # Item 4 has no paper; item 5 is a paper of 4 pages and an appendix of 3; item 6 is last.
    entries, pieces = _entries([[3], [], [4, 3], [2]])
    _set_page_ranges(entries, pieces, first_page=5, blank=blank)
    assert [entry.pages for entry in entries] == expected
    # The ranges are the assembler's: layout() puts item 5 on page 9 and item 6 on page 17.
    sizes = [(p.page_count, p.starts_right) for ps in pieces for p in ps]
    assert pack_pdf.layout(sizes, first_page=5) == [5, 9, 13, 17]


def _page_with_link(width=595.2756, height=841.8898):
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(width, height))
    page = pdf.pages[0]
    page.obj.Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=pikepdf.Array([0, height - 20, width, height]),
                )
            ]
        )
    )
    return pdf, page


def test_an_uploaded_page_and_its_links_move_out_of_the_stamp_bands():
    pdf, page = _page_with_link()
    scale = pack_pdf.fit_into_frame(pdf, page)
    height = 841.8898
    assert scale == pytest.approx((height - pack_pdf.STAMP_BAND - pack_pdf.NUMBER_BAND) / height)
    x1, _y1, x2, y2 = (float(v) for v in page.obj.Annots[0].Rect)
    assert y2 == pytest.approx(height - pack_pdf.STAMP_BAND)  # the top edge, now below the band
    assert x1 > 0 and x2 < 595.2756 and (x1 + x2) / 2 == pytest.approx(595.2756 / 2)
    buffer = io.BytesIO()
    pdf.save(buffer)  # the wrapped content stream is balanced and saves
    content = b"".join(
        pikepdf.unparse_content_stream(pikepdf.parse_content_stream(p))
        for p in pikepdf.open(io.BytesIO(buffer.getvalue())).pages
    )
    assert content.count(b"q") == content.count(b"Q")
