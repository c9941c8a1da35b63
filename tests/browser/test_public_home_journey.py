"""Real Chromium: a signed-out person finds a council's public pledge from the sign-in page,
on a phone; an administrator copies the public address."""

import pytest
from playwright.sync_api import expect

from corporate_parenting.roles import Role
from pledges.models import Status

from ..factories import (
    PASSWORD,
    CommitmentActionFactory,
    CommitmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
OWNER = "Virtual School and Team Manager: Family Placement"


@pytest.fixture
def councils(transactional_db):
    OrganisationFactory(name="Elsewhere Borough Council", slug="elsewhere")
    shire = OrganisationFactory(name="Shire County Council", slug="shire")
    version = PledgeVersionFactory(
        organisation=shire, adopted=True, numbered=True, title="Our ten pledges to you"
    )
    theme = ThemeFactory(version=version, title="", lead_in="We will")
    listen = CommitmentFactory(theme=theme, position=1, young_people_wording="listen to you")
    event = CommitmentActionFactory(
        commitment=listen,
        position=1,
        description="Hold a Have your say event every term",
        owner=OWNER,
        timeline="By March 2026",
    )
    CommitmentActionFactory(
        commitment=listen, position=2, description="Train social workers", owner=OWNER
    )
    ProgressUpdateFactory(commitment=listen, action=event, status=Status.ON_TRACK)
    CommitmentFactory(theme=theme, position=2, young_people_wording="help you find a home")
    return shire


def test_a_signed_out_person_finds_the_pledge_from_the_sign_in_page(councils, page, live_server):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")  # sent to sign in

    page.get_by_role("link", name="read the pledge and the meeting papers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find your council's public pages")
    page.get_by_role("link", name="Shire County Council").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Shire County Council")
    expect(page.get_by_role("link", name="Board meetings")).to_be_visible()
    page.get_by_role("link", name="Our pledge to you").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Our ten pledges to you")
    expect(page.get_by_test_id("overall-status")).to_contain_text("1 of 2 promises have progress")
    first = page.get_by_test_id("promise").first
    expect(first).to_contain_text("Pledge 1")
    expect(first).to_contain_text("Status: At risk")
    expect(first.get_by_test_id("action")).to_have_count(2)
    expect(first.get_by_test_id("action").first).to_contain_text(
        "Action 1.1: Hold a Have your say event every term"
    )
    expect(first.get_by_test_id("action").first).to_contain_text("When: By March 2026")
    expect(page.locator("body")).not_to_contain_text("Virtual School")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_test_id("back-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shire County Council")
    page.get_by_role("link", name="Board meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board meetings")
    page.get_by_test_id("back-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shire County Council")
    assert problems == []


def test_an_administrator_copies_the_public_address(councils, page, live_server, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    admin = UserFactory(email="admin@shire.example.org")
    MembershipFactory(user=admin, organisation=councils, role=Role.ADMINISTRATOR)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Email address").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("main-navigation").get_by_role("link", name="Members").click()

    address = f"{live_server.url}/p/shire/"
    expect(page.get_by_label("Public address of Shire County Council")).to_have_value(address)
    page.get_by_role("button", name="Copy the public address").click()
    expect(page.get_by_test_id("copy-status")).to_have_text(
        "Copied. You can paste the address now."
    )
    assert page.evaluate("navigator.clipboard.readText()") == address

    # The footer leads a signed-in member to their own council's public home.
    page.get_by_test_id("footer-public-link").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shire County Council")
