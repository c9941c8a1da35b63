"""Real Chromium: the demo's participation officer types twenty sticky notes from the
keyboard on the quick entry page, with no page load between them; the guard stops the named
one ("Emma has the biggest heart") at approval; the officer removes the name, approves it,
and links an item to a promise. Each page passes axe. Without JavaScript the same page saves
and comes back with the next one ready."""

import pytest
from playwright.sync_api import expect

from participation.models import Feedback

from .test_accessibility import violations

pytestmark = pytest.mark.browser

OFFICER = "participation@example.org"
NAMED = "Emma has the biggest heart"
NOTES = [
    "Don't keep asking me to do a questionnaire",
    "Explain my options",
    "See my worker more",
    "Meetings and forms",
    "Stereotypes",
    "Listen to us!",
    "Remember I am younger than I look",
    NAMED,
    "Take me to Maccies",
    "I want more playing",
    "Stay happy",
    "Less jargon",
    "More music school",
    "Being accepted for who I am",
    "More fun visits booked",
    "Meet managers",
    "Parents",
    "Parents",  # two sticky notes say the same: both are kept
    "Pop in",
    "Quality time",
]


def count_loads(page):
    loads = []
    page.on("load", lambda p: loads.append(p.url))
    return loads


def test_twenty_notes_from_the_keyboard_then_the_named_one_is_checked(
    demo, page, live_server, sign_in
):
    sign_in(OFFICER)
    page.goto(f"{live_server.url}/participation/feedback/")
    page.get_by_role("link", name="Quick entry").click()
    expect(page.get_by_role("heading", name="Quick entry of feedback")).to_be_visible()
    assert violations(page) == []
    quick_url = page.url
    loads = count_loads(page)
    before = set(Feedback.objects.values_list("pk", flat=True))  # the demo's own items

    box = page.get_by_label("What was said")
    expect(box).to_be_focused()
    page.keyboard.press("Alt+n")  # the access key of "No more"
    expect(page.get_by_label("No more")).to_be_checked()
    box.focus()
    for note in NOTES:
        page.keyboard.type(note)
        page.keyboard.press("Enter")

    saved = page.get_by_test_id("quick-saved")
    expect(box).to_have_value("")
    for note in set(NOTES):
        expect(saved.get_by_role("link", name=note, exact=True).first).to_be_visible()
    expect(saved.get_by_role("link", name="Parents", exact=True)).to_have_count(2)
    assert loads == [] and page.url == quick_url  # no page load between the twenty
    mine = Feedback.objects.exclude(pk__in=before)
    assert sorted(mine.values_list("text", flat=True)) == sorted(NOTES)
    assert {i.created_by.email for i in mine} == {OFFICER}
    assert set(mine.values_list("kind", flat=True)) == {"no_more"}
    named = saved.locator("li", has=page.get_by_role("link", name=NAMED, exact=True)).first
    # (the demo's own "Emma" item is older: the first in the list, newest first, is ours)
    expect(named.get_by_test_id("quick-flag")).to_have_text("To check: 1 flag")
    assert violations(page) == []

    # The named item: approval is refused until the flag has a decision.
    named.get_by_role("link", name=NAMED).click()
    page.get_by_role("link", name="Check").click()
    expect(page.get_by_role("heading", name="Check for personal data")).to_be_visible()
    expect(page.locator("mark")).to_have_text("Emma")
    assert violations(page) == []
    page.get_by_role("button", name="Approve for sharing").click()
    expect(page.get_by_test_id("refused")).to_contain_text(
        "Not approved: 1 flag still needs a decision: a first name (“Emma”)"
    )
    page.get_by_role("button", name="Remove “Emma”").click()
    expect(page.get_by_test_id("decision")).to_have_text("Removed")
    expect(page.get_by_test_id("public-preview")).to_have_text(
        "“[name removed] has the biggest heart”"
    )
    page.get_by_role("button", name="Approve for sharing").click()
    expect(page.get_by_text("Approved for sharing")).to_be_visible()
    expect(page.get_by_test_id("public-text")).to_have_text(
        "“[name removed] has the biggest heart”"
    )
    assert violations(page) == []

    # Link an item to a promise of the adopted pledge.
    page.get_by_role("link", name="Change").click()
    promises = page.locator("input[name=promises]")
    assert promises.count() > 0
    first = promises.first
    first.check()
    label = page.locator(f"label[for='{first.get_attribute('id')}']").inner_text().strip()
    assert violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("feedback-promises")).to_contain_text(label[:60])
    # Only the promises changed: the approval stands.
    expect(page.get_by_test_id("public-text")).to_be_visible()

    page.goto(f"{live_server.url}/participation/feedback/?guard=to_check")
    assert violations(page) == []


def test_without_javascript_each_note_comes_back_ready_for_the_next(demo, browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_label("Email address").fill(OFFICER)
    page.get_by_label("Password").fill("corporate-parenting-demo")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/participation/feedback/quick/")

    box = page.get_by_label("What was said")
    box.fill("More family time")
    box.press("Enter")
    expect(page.get_by_text("Saved. Type the next one.")).to_be_visible()
    expect(box).to_have_value("")
    expect(page.get_by_test_id("quick-saved")).to_contain_text("More family time")

    box.fill("")
    box.press("Enter")
    expect(page.get_by_text("Enter what was said").first).to_be_visible()
    context.close()
