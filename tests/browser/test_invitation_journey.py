"""Real Chromium: an administrator invites a councillor, who joins and signs in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PASSWORD = "a-long-chosen-password-7"


def test_an_administrator_invites_a_person_who_joins_with_their_role(
    demo, page, sign_in, live_server
):
    sign_in("admin@example.org")
    page.get_by_test_id("main-navigation").get_by_role("link", name="Members").click()
    page.get_by_role("link", name="Invite a user").click()
    page.get_by_label("Full name").fill("Robin Ashdown")
    page.get_by_label("Email address").fill("robin.ashdown@example.org")
    page.get_by_label("Councillor (board member)").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to robin.ashdown@example.org")).to_be_visible()
    expect(page.get_by_test_id("invitations")).to_contain_text("robin.ashdown@example.org")
    page.get_by_role("button", name="Sign out").click()

    path = re.search(r"https?://[^/]+(/invitation/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Join Hampshire County Council (demo)"
    )
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill("a-different-password-8")
    page.get_by_role("button", name="Create account and join").click()
    expect(page.get_by_role("link", name="The two passwords do not match.")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Your full name")).to_have_value("Robin Ashdown")  # nothing lost

    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account and join").click()
    expect(page.get_by_text("Welcome to Hampshire County Council (demo)")).to_be_visible()
    expect(page.get_by_test_id("signed-in-as")).to_contain_text("Councillor (board member)")

    page.get_by_role("button", name="Sign out").click()
    sign_in("robin.ashdown@example.org", password=PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Robin Ashdown")
