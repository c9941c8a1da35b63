"""Real Chromium: a participation officer picks two items from the feedback waiting, records
what we did for both, linked to the promise to get back within 3 working days, changes its
status with a public reason, and the promise's page shows it as evidence. The pages pass axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from corporate_parenting.models import Organisation
from participation.models import Feedback, Response
from pledges.models import Commitment, PledgeVersion

from .test_accessibility import violations

pytestmark = pytest.mark.browser


def _waiting_items(organisation):
    said = timezone.localdate() - timedelta(days=2)
    return [
        Feedback.objects.create(
            organisation=organisation, text=words, kind=Feedback.Kind.IDEA, said_on=said
        )
        for words in ("Text us back the same week", "Answer our messages faster")
    ]


def test_an_officer_records_we_did_for_two_items_on_a_promise(demo, page, sign_in, live_server):
    organisation = Organisation.objects.get(slug="hampshire-demo")
    first, second = _waiting_items(organisation)
    promise = Commitment.objects.get(
        theme__version__organisation=organisation,
        theme__version__state=PledgeVersion.State.ADOPTED,
        wording__icontains="get back to you within 3 working days",
    )

    sign_in("participation@example.org")
    page.goto(f"{live_server.url}/participation/")
    page.get_by_role("link", name="Feedback waiting for an answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback waiting")
    assert violations(page) == []
    page.get_by_role("checkbox", name=re.compile("Text us back the same week")).check()
    page.get_by_role("checkbox", name=re.compile("Answer our messages faster")).check()
    page.get_by_role("button", name="Record what we did for the chosen items").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Record what we did")
    expect(page.get_by_role("checkbox", name=re.compile("Text us back"))).to_be_checked()
    expect(page.get_by_role("checkbox", name=re.compile("Answer our messages"))).to_be_checked()
    assert violations(page) == []
    page.get_by_label("What was done or decided").fill(
        "We answer every message within 3 working days now"
    )
    page.get_by_label("By whom").fill("Participation team")
    page.get_by_label("The promise it moves (optional)").select_option(str(promise.pk))
    page.get_by_role("button", name="Save what we did").click()

    expect(page.get_by_test_id("response-text")).to_have_text(
        "We answer every message within 3 working days now"
    )
    expect(page.get_by_test_id("response-items")).to_contain_text("Text us back the same week")
    expect(page.get_by_test_id("response-items")).to_contain_text("Answer our messages faster")
    assert violations(page) == []
    response = Response.objects.get(organisation=organisation, items=first)
    assert set(response.items.all()) == {first, second} and response.promise == promise

    page.get_by_role("link", name="Change the status").click()
    page.get_by_label("Done").check()
    page.get_by_label("Why, in plain words").fill("The new phone rota started on Monday")
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_test_id("response-status")).to_contain_text("Done")
    expect(page.get_by_test_id("response-history")).to_contain_text(
        "The new phone rota started on Monday"
    )

    page.get_by_test_id("response-promise").get_by_role("link").click()
    evidence = page.get_by_test_id("we-did-evidence")
    expect(evidence).to_contain_text("We answer every message within 3 working days now")
    expect(evidence).to_contain_text("Text us back the same week")
    expect(evidence).to_contain_text("Done")
    assert violations(page) == []

    page.goto(f"{live_server.url}/participation/measures/")
    expect(page.get_by_test_id("loop-promise")).to_contain_text("3 working days")
    assert violations(page) == []
