"""Real Chromium: the administrator makes the report template print the council's way (its
heading, "Decision Report", its own header labels), the clerk chooses the board's page-range
convention, publishes the pack and reads it back: the papers open as the template says, the
ranges follow the board's setting, and the status page said how long the publish took. The
forms pass axe."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from boards.models import Board, Meeting
from boards.papers.demo.reports import HAMPSHIRE_NAME
from boards.papers.models import ReportTemplate

from .test_accessibility import violations

pytestmark = pytest.mark.browser


def _agenda_ranges(texts):
    agenda = " ".join(" ".join(texts[:4]).split())
    return [
        (int(first), int(last or first))
        for first, last in re.findall(r"\(Pages? (\d+)(?: - (\d+))?\)", agenda)
    ]


def test_the_council_prints_its_papers_its_own_way(
    demo,
    page,
    sign_in,
    live_server,
    tasks_in_process,
):
    template = ReportTemplate.objects.get(organisation__slug="hampshire-demo", name=HAMPSHIRE_NAME)
    board = Board.objects.get(organisation__slug="hampshire-demo")
    meeting = Meeting.objects.get(board=board, starts_at__year=2018, starts_at__month=12)

    sign_in("admin@example.org")
    page.goto(f"{live_server.url}/boards/report-templates/{template.pk}/")
    header = page.get_by_test_id("report-header")
    expect(header.get_by_text("HAMPSHIRE COUNTY COUNCIL")).to_be_visible()
    expect(header.get_by_text("Committee/Panel:")).to_be_visible()
    page.goto(f"{live_server.url}/boards/report-templates/{template.pk}/change/")
    assert violations(page) == []
    page.get_by_label("What the document is called").fill("Decision Report")
    page.get_by_label("Label for “Telephone”").fill("Direct line:")
    page.get_by_role("button", name="Save template").click()
    header = page.get_by_test_id("report-header")
    expect(header.get_by_text("Decision Report")).to_be_visible()
    expect(header.get_by_text("Direct line:")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in("clerk@example.org")
    page.goto(f"{live_server.url}/boards/{board.pk}/change/")
    assert violations(page) == []
    expect(page.get_by_label("Count a paper's trailing blank page in its range")).to_be_checked()
    page.get_by_label("End the range at the paper's last printed page").check()
    page.get_by_role("button", name="Save board").click()
    expect(page.get_by_role("heading", name=board.name, level=1)).to_be_visible()

    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    page.get_by_role("button", name=re.compile("(Publish|Re-issue) the public pack")).click()
    expect(page.get_by_test_id("pack-download")).to_be_visible()
    expect(page.get_by_test_id("pack-last-publish")).to_contain_text("This pack took")
    assert violations(page) == []
    with page.expect_download() as download:
        page.get_by_test_id("pack-download").click()
    texts = [p.extract_text() or "" for p in PdfReader(download.value.path()).pages]

    ranges = _agenda_ranges(texts)
    # The minutes are three pages: their range stops at page 7, and item 6 starts on page 9.
    assert ranges[:2] == [(5, 7), (9, ranges[1][1])]
    assert "This page is intentionally left blank" in texts[7]
    first_report = texts[ranges[1][0] - 1]
    lines = [line.strip() for line in first_report.splitlines() if line.strip()]
    at = lines.index("HAMPSHIRE COUNTY COUNCIL")
    assert lines[at + 1] == "Decision Report"
    assert "Committee/Panel:" in first_report and "Direct line:" in first_report
    assert "Tel:" not in first_report
