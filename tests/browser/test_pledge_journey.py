"""Real Chromium, the pledge end to end: an officer writes a pledge and records progress,
an approver publishes it, a councillor sees what changed, and a signed-out young person
reads the promise in plain words on a phone."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PROMISE = "Be contactable through a variety of ways and get back to you within 3 working days"
PLAIN = "We will reply to you within 3 working days"


def nav(page, name):
    page.get_by_test_id("main-navigation").get_by_role("link", name=name).click()


def test_a_promise_goes_from_officer_to_young_person(demo, page, sign_in, live_server, browser):
    # The officer writes a new version with a theme and a promise, and adopts it.
    sign_in("officer@example.org")
    page.goto(f"{live_server.url}/pledge/versions/new/")
    page.get_by_label("Title").fill("Our Pledge to children in care")
    page.get_by_label("Label").fill("2027 review")
    page.get_by_label("Draft").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("2027 review is started as a draft")).to_be_visible()

    page.get_by_role("link", name="Add a theme").click()
    page.get_by_label("Title").fill("Your Voice")
    page.get_by_role("button", name="Save theme").click()

    page.get_by_role("link", name="Add a promise to Your Voice").click()
    page.get_by_label("The promise, as the board reads it").fill(PROMISE)
    page.get_by_label("The promise in young people's words").fill(PLAIN)
    page.get_by_label("Lead officer").select_option(label="Grace Bennett")
    page.get_by_role("button", name="Save promise").click()
    expect(page.get_by_text("The promise is added.")).to_be_visible()

    # Saved, the promise's own page; its back link returns to the version.
    page.get_by_role("link", name="Back to 2027 review").click()
    page.get_by_role("link", name="Adopt this version").click()
    page.get_by_label("Date adopted or endorsed").fill("2026-11-02")
    page.get_by_label("Adopted or endorsed by").fill("Full Council")
    page.get_by_role("button", name="Adopt this version").click()
    expect(page.get_by_text("2027 review is now the adopted pledge.")).to_be_visible()

    # ... records progress and sends it for approval.
    page.get_by_role("link", name=PROMISE).click()
    page.get_by_role("link", name="Record progress").click()
    page.get_by_label("At risk").check()
    page.get_by_label("Progress for the board").fill(
        "71% of contacts answered in time (fictional)."
    )
    page.get_by_label("What we did, in plain words for young people").fill(
        "We hired two more duty workers so we can answer faster."
    )
    page.get_by_role("button", name="Save and send for approval").click()
    expect(page.get_by_text("The update is sent for approval.")).to_be_visible()
    expect(page.get_by_test_id("pending-update")).to_contain_text("Waiting for approval")
    page.get_by_role("button", name="Sign out").click()

    # An approver publishes it.
    sign_in("admin@example.org")
    nav(page, "Pledge")
    page.get_by_role("link", name=re.compile("approval", re.I)).first.click()
    card = page.get_by_test_id("waiting-update").filter(has_text="71% of contacts")
    card.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("The update is approved and published.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # A councillor sees the change since the last meeting.
    sign_in("councillor@example.org")
    nav(page, "Pledge")
    page.get_by_role("textbox", name="Show progress approved since").fill("2026-09-01")
    page.get_by_role("button", name="Show changes").click()
    changes = page.get_by_test_id("changed")
    expect(changes).to_contain_text(PROMISE)
    expect(changes).to_contain_text("At risk")
    page.get_by_role("button", name="Sign out").click()

    # A signed-out young person reads it on a phone.
    phone = browser.new_context(viewport={"width": 375, "height": 740})
    visitor = phone.new_page()
    visitor.goto(f"{live_server.url}/p/hampshire-demo/pledge/")
    promise = visitor.get_by_text(PLAIN)
    expect(promise).to_be_visible()
    expect(visitor.get_by_text("We hired two more duty workers")).to_be_visible()
    expect(visitor.get_by_text("At risk").first).to_be_visible()
    expect(visitor.get_by_text("71% of contacts")).to_have_count(0)
    assert visitor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    phone.close()
