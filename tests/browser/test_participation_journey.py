"""Real Chromium, issue 14's acceptance journey end to end: a participation officer logs a
district event with counts, types twenty sticky notes from the keyboard, is stopped by the
personal-data flag on a named one, removes the name, links it to a promise and records what
was done; the promise's page shows it as evidence; signed out, the public page shows it
without the name; the district's one-page sheet lists it. Every page passes axe."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from corporate_parenting.models import Organisation
from participation.models import Feedback
from pledges.models import Commitment, PledgeVersion

from .test_accessibility import violations

pytestmark = pytest.mark.browser

OFFICER = "participation@example.org"
NAMED = "Emma has the biggest heart"
REDACTED = "[name removed] has the biggest heart"
WE_DID = "Every new carer now meets the young person before they move in"
NOTES = [
    "More say in where I live",
    "Explain my options",
    "See my worker more",
    NAMED,
    "Less forms",
    "Listen to us!",
    "Remember I am younger than I look",
    "More trips in the holidays",
    "I want more playing",
    "Stay happy",
    "Less jargon",
    "More music",
    "Being accepted for who I am",
    "More fun visits",
    "Meet managers",
    "Wifi in every home",
    "Pocket money on time",
    "Pop in more",
    "Quality time",
    "Don't move me in the middle of exams",
]


def test_from_sticky_notes_to_the_public_page_and_the_district_sheet(
    demo, page, sign_in, live_server, tasks_in_process
):
    organisation = Organisation.objects.get(slug="hampshire-demo")
    promise = Commitment.objects.filter(
        theme__version__organisation=organisation,
        theme__version__state=PledgeVersion.State.ADOPTED,
    ).first()
    said = timezone.localdate() - timedelta(days=3)

    # 1. The event, with who came from the district.
    sign_in(OFFICER)
    page.get_by_role("navigation").first.get_by_role("link", name="Participation").click()
    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("link", name="Add an event").click()
    page.get_by_label("Name of the event").fill("Havant Have your say, winter")
    page.get_by_label("Date").fill(said.isoformat())
    page.get_by_role("radio", name=re.compile("Have your say")).check()
    page.get_by_role("checkbox", name="Havant").check()
    page.get_by_role("radio", name="No photos taken").check()
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who came")
    page.get_by_label("Children in care from Havant").fill("7")
    page.get_by_label("Care leavers from Havant").fill("3")
    page.get_by_label("Staff from Havant").fill("2")
    page.get_by_role("button", name="Save counts").click()
    expect(page.get_by_test_id("total-young")).to_have_text("10")
    expect(page.get_by_test_id("total-adults")).to_have_text("2")
    assert violations(page) == []

    # 2. Twenty sticky notes from the keyboard, no page load between them.
    page.get_by_test_id("quick-entry").click()
    box = page.get_by_label("What was said")
    expect(box).to_be_focused()
    page.wait_for_load_state("load")
    quick_url = page.url
    loads = []
    page.on("load", lambda p: loads.append(p.url))
    for note in NOTES:
        page.keyboard.type(note)
        page.keyboard.press("Enter")
    saved = page.get_by_test_id("quick-saved")
    for note in NOTES:
        expect(saved.get_by_role("link", name=note, exact=True).first).to_be_visible()
    assert loads == [] and page.url == quick_url
    ours = Feedback.objects.filter(organisation=organisation, event__title__startswith="Havant")
    assert sorted(ours.values_list("text", flat=True)) == sorted(NOTES)
    assert {i.district.name for i in ours} == {"Havant"}  # the event's one district
    assert violations(page) == []

    # 3. The named note: stopped by the flag, the name removed, then approved.
    named = saved.locator("li", has=page.get_by_role("link", name=NAMED, exact=True)).first
    expect(named.get_by_test_id("quick-flag")).to_have_text("To check: 1 flag")
    named.get_by_role("link", name=NAMED).click()
    page.get_by_role("link", name="Check").click()
    page.get_by_role("button", name="Approve for sharing").click()
    expect(page.get_by_test_id("refused")).to_contain_text("1 flag still needs a decision")
    page.get_by_role("button", name="Remove “Emma”").click()
    page.get_by_role("button", name="Approve for sharing").click()
    expect(page.get_by_test_id("public-text")).to_have_text(f"“{REDACTED}”")
    assert violations(page) == []

    # 4. Linked to a promise.
    page.get_by_role("link", name="Change").click()
    page.locator(f"input[name=promises][value='{promise.pk}']").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("public-text")).to_be_visible()  # the approval stands

    # 5. What we did, moving the promise.
    page.get_by_role("link", name="Record what we did").click()
    page.get_by_label("What was done or decided").fill(WE_DID)
    page.get_by_label("By whom").fill("Fostering team")
    page.get_by_label("The promise it moves (optional)").select_option(str(promise.pk))
    page.get_by_role("button", name="Save what we did").click()
    expect(page.get_by_test_id("response-text")).to_have_text(WE_DID)
    assert violations(page) == []

    # 6. The promise's page shows it as evidence.
    page.get_by_test_id("response-promise").get_by_role("link").click()
    evidence = page.get_by_test_id("we-did-evidence")
    expect(evidence).to_contain_text(WE_DID)
    assert violations(page) == []

    # 7. Signed out: the public page shows it, without the name.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/p/hampshire-demo/")
    page.get_by_role("link", name="You said, We did").click()
    expect(page.locator("main")).to_contain_text(REDACTED)
    expect(page.locator("main")).to_contain_text(WE_DID)
    expect(page.locator("main")).not_to_contain_text("Emma")
    assert violations(page) == []

    # 8. The district's printable page lists it.
    sign_in(OFFICER)
    page.goto(f"{live_server.url}/participation/you-said-we-did/")
    page.get_by_role("link", name="Havant", exact=True).first.click()
    expect(page.locator("main")).to_contain_text(REDACTED)
    expect(page.locator("main")).not_to_contain_text("Emma")
    page.get_by_test_id("sheet-request").click()
    with page.expect_download() as download:
        page.get_by_test_id("download").click()
    reader = PdfReader(BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert len(reader.pages) == 1
    assert REDACTED in text and "Emma" not in text
