"""Real Chromium: an officer enters a promise with its actions on one page, adding the rows
from the keyboard without a page load (JavaScript), and again without JavaScript, where
"Add another action" brings the page back with one more row and nothing typed lost. Both
count the page loads (issue 11 counted 13 for a promise with five actions)."""

import pytest
from playwright.sync_api import expect

from corporate_parenting.roles import Role

from ..factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory
from .test_accessibility import violations

pytestmark = pytest.mark.browser

ACTIONS = [
    (
        "Run a consultation with the Children in Care Council",
        "Participation team",
        "By June 2026",
        "Participation Strategy 2025-2028",
        "Young people shape the offer",
    ),
    ("Publish the local offer", "Leaving Care team", "By September 2026", "Not applicable", ""),
    ("Train personal advisers", "Workforce development", "2026-2027", "Workforce Plan", ""),
    ("Review the offer with care leavers", "Participation team", "March 2027", "", ""),
    ("Report to the board", "Head of Service", "Each quarter", "", "The board sees progress"),
]


@pytest.fixture
def version(transactional_db):
    from pledges.models import PledgeVersion

    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    MembershipFactory(
        organisation=organisation,
        role=Role.OFFICER,
        user=UserFactory(email="officer@shire.example.org", full_name="Grace Bennett"),
    )
    return PledgeVersion.objects.create(
        organisation=organisation, title="Our Pledge", label="2026 plan", numbered=True
    )


def sign_in_on(page, live_server):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Email address").fill("officer@shire.example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def count_loads(page):
    loads = []
    page.on("load", lambda p: loads.append(p.url))
    return loads


def type_action(page, fields):
    """Type one row from its first field, moving on with Tab as a keyboard user does."""
    for i, value in enumerate(fields):
        if i:
            page.keyboard.press("Tab")
        if value:
            page.keyboard.type(value)


def test_a_promise_with_five_actions_in_two_page_loads(version, page, live_server):
    sign_in_on(page, live_server)
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    loads = count_loads(page)

    # A blank version: the two ways in. This plan has no themes, and needs none.
    ways_in = page.get_by_test_id("ways-in")
    expect(ways_in.get_by_role("link", name="Import from a spreadsheet")).to_be_visible()
    ways_in.get_by_role("link", name="Add a promise").click()
    expect(page.get_by_role("heading", name="Add a promise")).to_be_visible()

    page.get_by_label("The promise, as the board reads it").fill(
        "We will help you get ready to live on your own"
    )
    page.get_by_label("The promise in young people's words").fill("Help you leave care well")
    page.locator("#id_actions-0-description").focus()
    for n, fields in enumerate(ACTIONS):
        if n:
            # From the last field of the row, Tab reaches "Add another action"; Enter adds a
            # row and puts the focus in its first field, with no page load.
            page.keyboard.press("Tab")
            expect(page.get_by_role("button", name="Add another action")).to_be_focused()
            page.keyboard.press("Enter")
            expect(page.locator(f"#id_actions-{n}-description")).to_be_focused()
            expect(page.get_by_role("heading", name=f"Action {n + 1}")).to_be_visible()
        type_action(page, fields)
    assert page.locator("input[name=actions-TOTAL_FORMS]").input_value() == "5"
    assert len(loads) == 1  # only the add page so far
    assert violations(page) == []

    page.get_by_role("button", name="Save promise", exact=True).click()
    expect(page.get_by_text("The promise is added.")).to_be_visible()
    # "Save promise" lands on the promise, with its numbered actions, and a way back.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We will help you get ready to live on your own"
    )
    expect(page.get_by_test_id("promise-caption")).to_have_text("Pledge 1")
    cards = page.get_by_test_id("action")
    expect(cards).to_have_count(5)
    expect(cards.nth(0)).to_contain_text("Action 1.1: Run a consultation")
    expect(cards.nth(0)).to_contain_text("Participation Strategy 2025-2028")
    expect(cards.nth(0)).to_contain_text("Young people shape the offer")
    expect(cards.nth(4)).to_contain_text("Action 1.5: Report to the board")
    expect(cards.nth(4)).to_contain_text("Each quarter")
    # Open the add page, save: two page loads for a promise with five actions.
    assert len(loads) == 2, loads
    assert violations(page) == []

    page.get_by_test_id("back-link").click()
    expect(page.get_by_test_id("promise")).to_contain_text("Pledge 1:")
    expect(page.get_by_test_id("promise-actions")).to_contain_text("Action 1.5: Report")


def test_without_javascript_add_another_action_keeps_what_was_typed(version, browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in_on(page, live_server)
    page.goto(f"{live_server.url}{version.get_absolute_url()}")
    loads = count_loads(page)
    page.get_by_test_id("ways-in").get_by_role("link", name="Add a promise").click()

    page.get_by_label("The promise, as the board reads it").fill("We will listen to you")
    for n, fields in enumerate(ACTIONS[:3]):
        if n:
            page.get_by_role("button", name="Add another action").click()
            # Back with one more row; the page went to it, and kept everything typed.
            assert page.url.endswith(f"#actions-{n}-row")
            expect(page.locator(f"#id_actions-{n}-description")).to_have_value("")
            expect(page.get_by_label("The promise, as the board reads it")).to_have_value(
                "We will listen to you"
            )
            expect(page.locator(f"#id_actions-{n - 1}-owner")).to_have_value(ACTIONS[n - 1][1])
            expect(page.locator(".govuk-error-summary")).to_have_count(0)
        for name, value in zip(
            ("description", "owner", "timeline", "links", "expected_outcome"),
            fields,
            strict=True,
        ):
            page.locator(f"#id_actions-{n}-{name}").fill(value)
    page.get_by_role("button", name="Save promise", exact=True).click()
    expect(page.get_by_text("The promise is added.")).to_be_visible()
    expect(page.get_by_test_id("action")).to_have_count(3)
    expect(page.get_by_test_id("action").nth(2)).to_contain_text("Action 1.3: Train personal")
    # The add page, two "Add another action", the save.
    assert len(loads) == 4, loads
    context.close()
