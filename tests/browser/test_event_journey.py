"""Real Chromium: a participation officer logs an event with counts by district, typing them
through the grid from the keyboard, sees the totals added up from the counts, and the event
pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import violations

pytestmark = pytest.mark.browser


def test_a_participation_officer_logs_an_event_with_counts_by_district(
    demo, page, sign_in, live_server
):
    sign_in("participation@example.org")
    page.get_by_role("navigation").first.get_by_role("link", name="Participation").click()
    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("link", name="Add an event").click()

    page.get_by_label("Name of the event").fill("Care leavers' summer conference")
    page.get_by_label("Date").fill("2026-07-15")
    page.get_by_role("radio", name="Conference", exact=True).check()
    page.get_by_role("checkbox", name="Basingstoke").check()
    page.get_by_role("checkbox", name="Havant").check()
    page.get_by_role("radio", name="No photos taken").check()
    page.get_by_role("button", name="Save event").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Who came")
    grid = page.get_by_test_id("attendance-grid")
    expect(grid.get_by_role("row")).to_have_count(4)  # the header, two districts, outside
    assert violations(page) == []

    # Keyboard only: the first cell, then Tab across the row and into the next.
    page.get_by_label("Children in care from Basingstoke").focus()
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("2")  # care leavers from Basingstoke
    for _ in range(3):
        page.keyboard.press("Tab")
    page.keyboard.type("4")  # staff from Basingstoke
    for _ in range(3):
        page.keyboard.press("Tab")
    page.keyboard.type("6")  # children in care from Havant
    expect(page.get_by_label("Children in care from Havant")).to_be_focused()
    page.get_by_label("Staff from Outside the districts").fill("5")
    page.get_by_label("Staff from Outside the districts").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Care leavers' summer conference")
    totals = page.get_by_test_id("totals")
    expect(totals.get_by_role("row", name=re.compile("^Basingstoke"))).to_contain_text("5")
    expect(page.get_by_test_id("total-young")).to_have_text("11")
    expect(page.get_by_test_id("total-adults")).to_have_text("9")
    expect(page.get_by_test_id("no-photos")).to_contain_text("No photos were taken")
    assert violations(page) == []


def test_a_bad_count_is_told_beside_its_cell_and_the_pages_pass_axe(
    demo, page, sign_in, live_server
):
    sign_in("participation@example.org")
    page.goto(f"{live_server.url}/participation/events/")
    assert violations(page) == []
    page.get_by_role("link", name="Participation Conference 2018").click()
    expect(page.get_by_test_id("total-young")).to_have_text("32")
    expect(page.get_by_test_id("total-adults")).to_have_text("51")
    assert violations(page) == []
    page.get_by_role("link", name="Enter who came").click()
    page.get_by_label("Staff from Havant").fill("lots")
    page.get_by_role("button", name="Save counts").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the number of staff from Havant as a whole number from 0 to 100,000"
    )
    expect(page.get_by_label("Staff from Havant")).to_have_value("lots")
    assert violations(page) == []
    for path in ["/participation/districts/", "/participation/groups/", "/participation/themes/"]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert violations(page) == [], path
    page.goto(f"{live_server.url}/participation/districts/")
    page.get_by_role("link", name="Havant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Havant")
    expect(page.get_by_test_id("timeline")).to_contain_text("Have your say: Havant")
    assert violations(page) == []
    page.goto(f"{live_server.url}/participation/groups/")
    page.get_by_role("link", name="Care Ambassadors", exact=True).click()
    expect(page.get_by_test_id("places")).to_contain_text("50%")
    assert violations(page) == []
