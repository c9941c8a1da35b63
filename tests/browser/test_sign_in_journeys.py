"""Real Chromium: demo users sign in and find the navigation of their role."""

import pytest
from playwright.sync_api import expect

from corporate_parenting.demo import DEMO_USERS
from corporate_parenting.roles import Role

pytestmark = pytest.mark.browser

EXPECTED_NAVIGATION = {
    Role.ADMINISTRATOR: [
        "Home",
        "Pledge",
        "Boards and meetings",
        "Reports",
        "Surveys",
        "Participation",
        "Members",
        "Districts",
        "Audit trail",
    ],
    Role.CLERK: ["Home", "Pledge", "Boards and meetings", "Reports", "Surveys"],
    Role.OFFICER: ["Home", "Pledge", "Boards and meetings", "Reports", "Surveys", "Participation"],
    Role.COUNCILLOR: ["Home", "Pledge", "Boards and meetings", "Surveys", "Participation"],
    Role.COOPTED: ["Home", "Pledge", "Boards and meetings", "Surveys", "Participation"],
    Role.PARTICIPATION_OFFICER: ["Home", "Pledge", "Reports", "Surveys", "Participation"],
}


def test_each_demo_user_signs_in_and_sees_the_navigation_of_their_role(demo, page, sign_in):
    for demo_user in DEMO_USERS:
        sign_in(demo_user.email)
        expect(page.get_by_role("heading", level=1)).to_contain_text(demo_user.full_name)
        expect(page.get_by_test_id("current-organisation")).to_have_text(
            "Hampshire County Council (demo)"
        )
        expect(page.get_by_test_id("signed-in-as")).to_contain_text(demo_user.role.label)
        expect(page.get_by_test_id("main-navigation").get_by_role("link")).to_have_text(
            EXPECTED_NAVIGATION[demo_user.role]
        )
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_ten_wrong_passwords_lock_the_account_with_a_clear_message(demo, page, sign_in):
    for _ in range(10):
        sign_in("clerk@example.org", password="not-my-password")
    expect(page.get_by_test_id("locked-out")).to_have_text("This account is locked")
    expect(page.get_by_text("too many failed attempts")).to_be_visible()
    sign_in("clerk@example.org")  # the right password, too late
    expect(page.get_by_test_id("locked-out")).to_be_visible()


def test_an_administrator_switches_council_and_sees_that_councils_records(demo, page, sign_in):
    sign_in("admin@example.org")
    page.get_by_test_id("main-navigation").get_by_role("link", name="Districts").click()
    expect(page.get_by_test_id("districts")).to_contain_text("Winchester and Eastleigh")
    page.get_by_label("Organisation").select_option(label="Halton Borough Council (demo)")
    expect(page.get_by_test_id("current-organisation")).to_have_text(
        "Halton Borough Council (demo)"
    )
    page.get_by_test_id("main-navigation").get_by_role("link", name="Districts").click()
    expect(page.get_by_text("No districts yet.")).to_be_visible()


def test_a_page_has_no_inline_script_and_a_strict_policy(demo, page, live_server):
    response = page.goto(f"{live_server.url}/account/sign-in/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    inline = page.locator("script:not([src])")
    expect(inline).to_have_count(0)
    # The module script ran under that policy: GOV.UK Frontend marked the body.
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
