"""Real Chromium on a phone: a signed-out young person reads "You said, We did": approved
items by theme, with what was done, and nothing that was not approved."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participation.models import Response

from ..factories import DistrictFactory, OrganisationFactory
from ..participation.factories import (
    FeedbackFactory,
    ResponseFactory,
    ResponseStatusFactory,
    ThemeFactory,
)
from .test_accessibility import violations

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def council(transactional_db):
    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    north = DistrictFactory(organisation=organisation, name="North")
    family = ThemeFactory(organisation=organisation, name="Family time", position=1)
    school = ThemeFactory(organisation=organisation, name="School", position=2)
    today = timezone.localdate()

    def item(words, theme, *, approved=True, text=None):
        feedback = FeedbackFactory(
            organisation=organisation,
            text=text or words,
            public_text=words if approved else "",
            approved_at=timezone.now() if approved else None,
            said_on=today - timedelta(days=30),
            district=north,
        )
        feedback.themes.set([theme])
        return feedback

    word = item(
        "Call it family time, not contact",
        family,
        text="Ms Gwendolyn Harbottle said: call it family time",
    )
    done = ResponseFactory(
        organisation=organisation,
        text="Our letters and plans now say family time.",
        status=Response.Status.DONE,
        responded_on=today - timedelta(days=10),
        by_whom="Mr Alasdair Pennyworth",
    )
    done.items.set([word])
    ResponseStatusFactory(
        response=done,
        status=Response.Status.DONE,
        reason="Every template was changed in May.",
        changed_on=today - timedelta(days=10),
    )
    item("More help with homework in the evenings", school)
    item("An item nobody has checked yet", school, approved=False)
    return organisation


def test_a_young_person_reads_you_said_we_did_on_a_phone(council, page, live_server):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/p/{council.slug}/")
    page.get_by_role("link", name="You said, We did").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You said, We did")
    themes = page.get_by_test_id("ysd-theme")
    expect(themes).to_have_count(2)
    family = themes.filter(has=page.get_by_role("heading", name="Family time"))
    expect(family).to_contain_text("Call it family time, not contact")
    expect(family.get_by_test_id("ysd-we-did")).to_contain_text(
        "Our letters and plans now say family time."
    )
    expect(family.get_by_test_id("ysd-we-did")).to_contain_text("Done")
    expect(family).to_contain_text("Why: Every template was changed in May.")
    school = themes.filter(has=page.get_by_role("heading", name="School"))
    expect(school).to_contain_text("More help with homework in the evenings")
    expect(school.get_by_test_id("ysd-waiting")).to_have_text("We have not answered this yet.")

    body = page.locator("body")
    expect(body).not_to_contain_text("nobody has checked")
    expect(body).not_to_contain_text("Harbottle")
    expect(body).not_to_contain_text("Pennyworth")
    expect(page.get_by_test_id("main-navigation")).to_have_count(0)

    # One area: the district filter works without JavaScript.
    page.get_by_label("Show one area").select_option(label="North")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, We did: North")

    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert violations(page) == []
    assert problems == []
