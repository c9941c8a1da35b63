"""Real Chromium: a councillor reads the demo council's Bright Spots 2018 wave, sees which
differences are significant and follows one question's trend; the pages pass axe; a co-opted
member and the public see small numbers hidden where an officer sees them with the reason."""

import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import violations

pytestmark = pytest.mark.browser


def test_a_councillor_sees_the_response_rates_significance_and_a_trend(
    demo, page, sign_in, live_server
):
    sign_in("councillor@example.org")
    page.get_by_role("link", name="Surveys").first.click()
    page.get_by_role("link", name="2018").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2018")

    rates = page.get_by_role("table", name=re.compile("Response rates by cohort"))
    expect(rates.get_by_role("row", name=re.compile("4-7 years"))).to_contain_text("18%")
    expect(rates.get_by_role("row", name=re.compile("8-11 years"))).to_contain_text("32%")
    expect(rates.get_by_role("row", name=re.compile("11-18 years"))).to_contain_text("31%")
    expect(page.get_by_test_id("overall-rate")).to_have_text("29%")

    rights = page.get_by_role("table", name="Rights")
    expect(rights).to_contain_text("Significantly better")
    expect(rights).to_contain_text("Two-proportion z-test on 67 of 75 and 1,296 of 1,640")
    relationships = page.get_by_role("table", name="Relationships")
    expect(relationships).to_contain_text("Fisher's exact test on 42 of 42 and 630 of 700")
    expect(relationships).to_contain_text("No test: the comparator has a percentage")

    rights.get_by_role("link", name=re.compile("Felt settled")).click()
    trend = page.get_by_role("table", name=re.compile("Trend across waves"))
    expect(trend.get_by_role("row")).to_have_count(3)
    expect(trend.get_by_role("row").nth(1)).to_contain_text("2016/17")
    expect(trend.get_by_role("row").nth(1)).to_contain_text("74%")
    expect(trend.get_by_role("row").nth(2)).to_contain_text("2018 (this wave)")
    expect(trend.get_by_role("row").nth(2)).to_contain_text("89%")
    expect(page.get_by_role("link", name="Change the indicator")).to_have_count(0)


def test_the_survey_pages_pass_axe(demo, page, sign_in, live_server):
    sign_in("officer@example.org")
    page.goto(f"{live_server.url}/surveys/")
    assert violations(page) == []
    page.get_by_role("link", name="2018").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2018")
    assert violations(page) == []
    page.get_by_role("link", name=re.compile("Felt settled")).first.click()
    expect(page.get_by_role("link", name="Change the indicator")).to_be_visible()
    assert violations(page) == []
    page.get_by_role("link", name="Add a comparator").click()
    page.get_by_role("button", name="Save comparator").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert violations(page) == []


def test_a_co_opted_member_and_the_public_see_small_numbers_hidden(
    demo, page, sign_in, live_server
):
    sign_in("coopted@example.org")
    page.get_by_role("navigation").first.get_by_role("link", name="Surveys").click()
    page.get_by_role("link", name="2018").first.click()
    expect(page.get_by_test_id("disclosure-key")).to_contain_text("c: not published")
    relationships = page.get_by_role("table", name="Relationships")
    expect(relationships).to_contain_text("c (not published)")
    expect(relationships).not_to_contain_text("74 of 75")
    expect(page.locator("body")).not_to_contain_text("Hidden when published")
    assert violations(page) == []
    wave_url = page.url

    # An officer sees the count, and why it is hidden for everyone else.
    page.context.clear_cookies()
    sign_in("officer@example.org")
    page.goto(wave_url)
    relationships = page.get_by_role("table", name="Relationships")
    expect(relationships).to_contain_text("74 of 75")
    expect(relationships).to_contain_text("Hidden when published")

    # Signed out, from the council's public home.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/p/hampshire-demo/")
    page.get_by_role("link", name="What children told us").click()
    page.get_by_role("link", name=re.compile("Your Life, Your Care, 2018")).click()
    relationships = page.get_by_role("table", name="Relationships")
    expect(relationships).to_contain_text("c (not published)")
    expect(relationships).not_to_contain_text("74 of 75")
    expect(page.get_by_role("table", name=re.compile("Response rates by cohort"))).to_contain_text(
        "18%"
    )
    assert violations(page) == []
    with page.expect_download() as download:
        page.get_by_test_id("export-csv").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert "Felt the adults they live with notice how they are feeling" in content
    assert ",74," not in content and ",c" in content


def test_an_officer_records_a_wave_by_hand_is_told_of_a_slip_and_sees_the_rates(
    demo, page, sign_in, live_server
):
    sign_in("officer@example.org")
    page.goto(f"{live_server.url}/surveys/")
    page.get_by_role("link", name="Your Life Beyond Care").click()
    page.get_by_role("link", name="Add a wave").click()
    page.get_by_label("Name of the wave").fill("2026")
    page.get_by_label("First day of the survey").fill("2026-01-05")
    page.get_by_label("Last day of the survey").fill("2026-03-27")
    page.get_by_role("button", name="Save wave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2026")

    page.get_by_role("link", name="Add a cohort").click()
    page.get_by_label("Cohort (age band or group)").fill("16-17 years")
    page.get_by_label("How many could have answered").fill("120")
    page.get_by_label("How many answered").fill("210")
    page.get_by_role("button", name="Save cohort").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "There cannot be more responses (210) than children and young people who could have "
        "answered (120)"
    )
    expect(page.get_by_label("Cohort (age band or group)")).to_have_value("16-17 years")
    page.get_by_label("How many answered").fill("21")
    page.get_by_role("button", name="Save cohort").click()

    page.get_by_role("link", name="Add a cohort").click()
    page.get_by_label("Cohort (age band or group)").fill("18-25 years")
    page.get_by_label("How many could have answered").fill("525")
    page.get_by_label("How many answered").fill("54")
    page.get_by_role("button", name="Save cohort").click()

    rates = page.get_by_role("table", name=re.compile("Response rates by cohort"))
    expect(rates.get_by_role("row", name=re.compile("16-17 years"))).to_contain_text("18%")
    expect(rates.get_by_role("row", name=re.compile("18-25 years"))).to_contain_text("10%")
    expect(page.get_by_test_id("overall-rate")).to_have_text("12%")  # 75 of 645: 11.6
