"""Real Chromium, a published paper corrected (issue 12, acceptance): the December 2018 pack
is out; the officer finds a wrong figure in the Bright Spots paper (item 6), starts a
correction saying why and what changes, corrects the one figure and sends it for clearance; a
reviewer clears it (never its author); the clerk publishes the correction and re-issues the
pack. The new edition carries the corrected figure, names the change on its cover, keeps every
page range true, and only that paper (and the front matter whose cover changed) was rendered
again; the first edition is still there, marked superseded, with the old figure."""

import re
from io import BytesIO

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from boards.models import AgendaItem
from boards.papers.demo.papers import december_2018
from boards.papers.models import AgendaPack, PaperRendering, Report
from corporate_parenting.models import Organisation

pytestmark = pytest.mark.browser

OLD, NEW = "342 children and young people", "378 children and young people"
SUMMARY = "paragraph 2.1 corrected"


def _texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]


def _ranges(texts):
    """The "(Pages X - Y)" on the agenda, in order."""
    front = next(i for i, text in enumerate(texts) if "Agenda Item" in text)
    agenda = "\n".join(texts[:front])  # the notice and agenda: the pages before any paper
    found = re.findall(r"\(Pages?\s*(\d+)(?:\s*-\s*(\d+))?\s*\)", agenda)
    return [(int(x), int(y or x)) for x, y in found]


def _numbers(pack):
    """The agenda numbers of the items whose papers `pack` carries, in order."""
    numbers = dict(AgendaItem.objects.filter(pk__in=pack.items).values_list("pk", "number"))
    return [numbers[pk] for pk in pack.items]


def _assert_ranges_true(texts, numbers):
    """Each stated range holds its item's stamp on every page, and no other page does; by the
    board's default (seed 002's) a range also counts the unstamped blank page after its paper."""
    ranges = _ranges(texts)
    assert len(ranges) == len(numbers)
    for number, (first, last) in zip(numbers, ranges, strict=True):
        stamp = re.compile(rf"Agenda Item {number}\b")
        for page_number, text in enumerate(texts, start=1):
            inside = first <= page_number <= last
            if inside and "This page is intentionally left blank" in text:
                assert page_number == last and not stamp.search(text), (number, page_number)
                continue
            assert bool(stamp.search(text)) == inside, (number, page_number)


def _select_in_editor(page, label, text):
    """Select `text` inside the editor labelled `label` (as a reader would, by dragging)."""
    page.get_by_label(label).evaluate(
        """(editor, text) => {
            const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(text);
                if (at < 0) continue;
                editor.focus();
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + text.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return;
            }
            throw new Error("not found: " + text);
        }""",
        text,
    )


def _download(page, link) -> bytes:
    with page.expect_download() as download:
        link.click()
    return download.value.path().read_bytes()


def test_a_published_paper_is_corrected_and_the_pack_reissued(
    demo, page, sign_in, live_server, tasks_in_process
):
    organisation = Organisation.objects.get(slug="hampshire-demo")
    meeting = december_2018(organisation)
    report = Report.objects.get(agenda_item__meeting=meeting, agenda_item__number="6")
    assert report.author.email == "officer@example.org"
    meeting_url = f"{live_server.url}{meeting.get_absolute_url()}"
    report_url = f"{live_server.url}{report.get_absolute_url()}"

    # The clerk has published the pack.
    sign_in("clerk@example.org")
    page.goto(meeting_url)
    page.get_by_role("button", name="Publish the public pack").click()
    expect(page.get_by_test_id("pack-download")).to_be_visible(timeout=120_000)
    first = AgendaPack.objects.get(meeting=meeting, kind="public", edition=1)
    first_texts = _texts(first.pdf.open("rb").read())
    assert OLD in " ".join("\n".join(first_texts).split())
    page.get_by_role("button", name="Sign out").click()

    # The officer corrects one figure.
    sign_in("officer@example.org")
    page.goto(report_url)
    page.get_by_label("Why does the published report need correcting?").fill(
        "The response count was the first wave's, not this survey's."
    )
    page.get_by_label("What changes, in a few words").fill(SUMMARY)
    page.get_by_role("button", name="Start a correction").click()
    expect(page.get_by_test_id("correction-summary")).to_have_text(SUMMARY)
    page.get_by_test_id("edit-report").click()
    _select_in_editor(page, "Summary: the section's text", "342")
    page.keyboard.type("378")
    page.get_by_test_id("save-report").click()
    # The page still shows the published text: the correction is not yet published.
    expect(page.get_by_test_id("correction-note")).to_contain_text(SUMMARY)
    expect(page.get_by_test_id("report-printed")).to_contain_text("342 children")
    page.get_by_role("button", name="Send for clearance").click()
    expect(page.get_by_test_id("correction-status")).to_contain_text("sent for clearance")
    page.get_by_role("button", name="Sign out").click()

    # A reviewer (here the clerk, who clears reports too) compares and clears it.
    sign_in("clerk@example.org")
    page.goto(report_url)
    page.get_by_test_id("compare-correction").click()
    expect(page.get_by_text("378").first).to_be_visible()
    page.goto(report_url)
    page.get_by_role("button", name="Clear the report").click()
    expect(page.get_by_test_id("correction-status")).to_contain_text("Correction cleared")

    # The clerk publishes the correction in place and re-issues the pack.
    page.get_by_role("button", name="Publish the correction").click()
    expect(page.get_by_test_id("report-printed")).to_contain_text("378 children")
    kept = set(PaperRendering.objects.values_list("key", flat=True))
    page.goto(meeting_url)
    page.get_by_role("button", name="Re-issue the public pack").click()
    link = page.get_by_test_id("pack-download")
    expect(link).to_be_visible(timeout=120_000)
    texts = _texts(_download(page, link))

    # The corrected figure, the change named on the cover, every page range still true.
    everything = " ".join("\n".join(texts).split())
    assert NEW in everything and OLD not in everything
    cover = " ".join(texts[0].split())
    assert f"Revised: item 6, {SUMMARY}" in cover
    second = AgendaPack.objects.get(meeting=meeting, kind="public", edition=2)
    assert second.items == first.items and "6" in _numbers(second)
    _assert_ranges_true(texts, _numbers(second))
    # Only that paper was rendered again, besides the cover (its "Revised" line; the agenda
    # too only if that moved the page ranges).
    new = [
        " ".join("\n".join(_texts(piece.pdf.open("rb").read())).split())
        for piece in PaperRendering.objects.exclude(key__in=kept)
    ]
    papers = [text for text in new if "NOTICE OF MEETING" not in text]
    assert len(papers) == 1 and NEW in papers[0]
    assert 1 <= len(new) - len(papers) <= 2  # the cover, and the agenda if the ranges moved

    # The first edition is still on the meeting page, marked superseded, with the old figure.
    page.goto(meeting_url)
    superseded = page.get_by_test_id("superseded-packs")
    expect(superseded).to_contain_text("Superseded")
    old_link = superseded.get_by_role("link", name=re.compile("public pack, edition 1"))
    old_texts = _texts(_download(page, old_link))
    assert OLD in " ".join("\n".join(old_texts).split())
    assert "Revised" not in old_texts[0]
