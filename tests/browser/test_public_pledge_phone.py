"""Real Chromium on a phone: a signed-out young person reads the council's pledge."""

from datetime import date

import pytest
from playwright.sync_api import expect

from pledges.models import Status

from ..factories import (
    CommitmentFactory,
    OrganisationFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def council(transactional_db):
    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    version = PledgeVersionFactory(
        organisation=organisation,
        adopted=True,
        title="Our Pledge to children in care and care leavers",
        introduction="We are your corporate parents. Here is what we promise, and how it is going.",
    )
    lead = UserFactory(full_name="Leonora Leadbetter")
    voice = ThemeFactory(
        version=version, title="Your Voice", lead_in="We will support you to", position=1
    )
    listen = CommitmentFactory(
        theme=voice,
        wording="We will ensure that the views of every looked after child are sought",
        young_people_wording="have your say in decisions about your life",
        lead=lead,
    )
    ProgressUpdateFactory(
        commitment=listen,
        as_of=date(2026, 3, 10),
        status=Status.AT_RISK,
        narrative="Board narrative: 31 of 40 reviews had the child's views recorded.",
        public_summary="We ran three Have your say events and 40 young people came.",
    )
    home = ThemeFactory(version=version, title="Where you live", lead_in="We will", position=2)
    CommitmentFactory(
        theme=home,
        young_people_wording="help you stay in the same home for as long as it is right for you",
        lead=lead,
    )
    return organisation


def test_a_young_person_reads_the_pledge_on_a_phone(council, page, live_server):
    problems = []  # a CSP violation or a script error shows up in the console
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/p/{council.slug}/pledge/")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Our Pledge to children in care and care leavers"
    )
    promise = page.get_by_test_id("promise").filter(has_text="have your say in decisions")
    expect(promise).to_contain_text("Status: At risk")
    expect(promise).to_contain_text("What we did lately (March 2026)")
    expect(promise).to_contain_text("40 young people came")
    other = page.get_by_test_id("promise").filter(has_text="stay in the same home")
    expect(other).to_contain_text("Status: Not started")

    # Signed out: no sign-in redirect, no menu, nothing meant for the board.
    assert page.url.endswith(f"/p/{council.slug}/pledge/")
    expect(page.get_by_test_id("main-navigation")).to_have_count(0)
    body = page.locator("body")
    expect(body).not_to_contain_text("Board narrative")
    expect(body).not_to_contain_text("Leadbetter")
    expect(body).not_to_contain_text("views of every looked after child")

    # The plain-words rules open without JavaScript errors or inline scripts (strict CSP).
    page.get_by_text("How we work out the status").click()
    expect(page.get_by_test_id("how-status")).to_contain_text('it says "Not started"')

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []
