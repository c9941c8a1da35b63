"""Real Chromium, a board report from draft to the agenda: an officer drafts it from the
council's template with a table and a live pledge block, sends it for clearance; a reviewer
comments and clears it; the clerk puts it on a meeting's agenda and publishes the pack; a
councillor downloads it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "Pledge progress: autumn update"


def nav(page, name):
    page.get_by_test_id("main-navigation").get_by_role("link", name=name).click()


def editor(page, heading):
    return page.get_by_label(f"{heading}: the section's text")


def test_a_report_from_draft_to_the_agenda(demo, page, sign_in, live_server, tasks_in_process):
    sign_in("officer@example.org")
    nav(page, "Reports")
    page.get_by_test_id("start-report").click()
    page.get_by_label("Hampshire County Council committee report").check()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Board or committee (optional)").select_option(
        label="Corporate Parenting Board"
    )
    page.get_by_role("button", name="Start the report").click()
    report_url = re.sub(r"edit/?$", "", page.url)  # a new report opens in the editor

    editor(page, "Recommendation").click()
    page.keyboard.type("That the Board notes the progress against the Pledge.")
    editor(page, "Summary").click()
    page.keyboard.type("Most promises are on track; two need the Board's attention.")
    editor(page, "Conclusion").click()
    page.keyboard.type("The Board is asked to note the report.")
    performance = editor(page, "Performance")
    performance.click()
    menu = performance.locator("xpath=ancestor::*[contains(@class,'prose-editor')][1]")
    menu.get_by_title("Insert table").click()
    page.get_by_role("button", name="Insert Table", exact=True).click()
    # Type into the new table's first cell once it is there (typing straight after the dialog
    # closed lost the first key when the machine was busy: "lacement stability").
    first_cell = performance.locator("table td").first
    expect(first_cell).to_be_visible()
    first_cell.click()
    page.keyboard.type("Placement stability")
    expect(performance.locator("table")).to_contain_text("Placement stability")
    page.get_by_label("Summary for young people").fill(
        "We checked how well we are keeping our promises to you."
    )
    page.get_by_label("Put it in the section").select_option(label="Performance")
    page.get_by_test_id("insert-live-block-button").click()
    # Wait for the save to come back before leaving the page (a busy machine is slower).
    expect(page.get_by_text("The pledge progress table is added")).to_be_visible()

    # The report as the council prints it: numbered, with the table and the live figures.
    page.goto(report_url)
    expect(
        page.get_by_text("That the Board notes the progress against the Pledge.")
    ).to_be_visible()
    expect(page.locator("table").filter(has_text="Placement stability")).to_have_count(1)
    expect(page.get_by_text("Moving On").first).to_be_visible()  # a theme of the live pledge
    page.get_by_role("button", name="Send for clearance").click()
    expect(page.get_by_text("Submitted for clearance").first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # A reviewer comments and clears it.
    sign_in("clerk@example.org")
    nav(page, "Reports")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_label("Comment").fill("Clear and well evidenced. Thank you.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Clear and well evidenced. Thank you.")).to_be_visible()
    page.get_by_role("button", name="Clear the report").click()
    expect(page.get_by_text("Cleared").first).to_be_visible()

    # The clerk puts it on the agenda of the next meeting.
    page.get_by_test_id("publish-link").click()
    page.get_by_label(re.compile("a new item at the end of the agenda")).first.check()
    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_text("Published").first).to_be_visible()
    page.get_by_role("link", name=re.compile("Corporate Parenting Board")).first.click()
    expect(page.get_by_role("heading", name=re.compile(TITLE))).to_be_visible()
    meeting_url = page.url

    # ... and publishes the pack.
    page.get_by_role("button", name="Publish the public pack").click()
    expect(page.get_by_role("link", name=re.compile("Download", re.I)).first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # A councillor downloads it from the meeting page.
    sign_in("councillor@example.org")
    page.goto(meeting_url)
    with page.expect_download() as download:
        page.get_by_test_id("packs").get_by_role("link").first.click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert TITLE in text and "Placement stability" in text
