"""Real Chromium, issue 11's acceptance journey: an officer enters a ten-pledge action plan by
hand (numbered, no themes, every action with all five fields), adopts it, records progress
on two actions with evidence; someone else approves it; the councillor sees each promise's
status derived from its actions, with its coverage; and a signed-out person finds the public
page from the sign-in page, reads the pledges with their numbers and actions, and sees no
officer's name."""

import pytest
from playwright.sync_api import expect

from corporate_parenting.roles import Role

from ..factories import PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser

OFFICER = ("officer@shire.example.org", "Grace Bennett")
APPROVER = ("approver@shire.example.org", "Sam Okafor")
COUNCILLOR = ("councillor@shire.example.org", "Cllr Priya Shah")

# Ten pledges, as "our ten pledges" plans are written: no themes. Each has its actions with
# all five fields (what, who, when, links to other plans, expected outcome).
PLAN = [
    (
        f"We will keep promise {n} to you",
        [
            (
                f"Do the first thing for pledge {n}",
                f"Team Manager: Family Placement {n}",
                f"By March 202{6 + n % 3}",
                "Participation Strategy 2025-2028" if n % 2 else "Not applicable",
                f"Young people notice change {n}",
            )
        ]
        + (
            [
                (
                    "Do the second thing for pledge 1",
                    "Virtual School",
                    "By September 2026",
                    "Virtual School Improvement Plan",
                    "Better school attendance",
                )
            ]
            if n == 1
            else []
        ),
    )
    for n in range(1, 11)
]


@pytest.fixture
def council(transactional_db):
    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    for (email, name), role in [
        (OFFICER, Role.OFFICER),
        (APPROVER, Role.ADMINISTRATOR),
        (COUNCILLOR, Role.COUNCILLOR),
    ]:
        MembershipFactory(
            organisation=organisation, role=role, user=UserFactory(email=email, full_name=name)
        )
    return organisation


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def enter_promise(page, wording, actions, *, last):
    page.get_by_label("The promise, as the board reads it").fill(wording)
    for n, fields in enumerate(actions):
        if n:
            page.get_by_role("button", name="Add another action").click()
        for name, value in zip(
            ("description", "owner", "timeline", "links", "expected_outcome"), fields, strict=True
        ):
            page.locator(f"#id_actions-{n}-{name}").fill(value)
    if last:
        page.get_by_role("button", name="Save promise", exact=True).click()
    else:
        page.get_by_role("button", name="Save and add another promise").click()
    expect(page.get_by_text("The promise is added.")).to_be_visible()


def record_progress(page, action_number, status, narrative, summary, evidence):
    card = page.get_by_test_id("action").filter(has_text=f"Action {action_number}:")
    card.get_by_role("link", name="Record progress").click()
    page.get_by_label(status).check()
    page.get_by_label("Progress for the board").fill(narrative)
    page.get_by_label("What we did, in plain words for young people").fill(summary)
    page.get_by_label("Evidence: title").fill(evidence)
    page.get_by_label("Evidence: web address").fill("https://example.org/evidence.pdf")
    page.get_by_role("button", name="Save and send for approval").click()
    expect(page.get_by_text("The update is sent for approval.")).to_be_visible()


def test_a_ten_pledge_action_plan_from_entry_to_the_public_page(council, page, live_server):
    # The officer starts a numbered version and enters the ten pledges with their actions.
    sign_in(page, live_server, OFFICER[0])
    page.goto(f"{live_server.url}/pledge/versions/new/")
    page.get_by_label("Title").fill("Our ten pledges to you")
    page.get_by_label("Label").fill("2025-2028 action plan")
    page.get_by_label("Draft").check()
    page.get_by_label("Number the promises and actions").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_test_id("ways-in").get_by_role("link", name="Add a promise").click()
    for n, (wording, actions) in enumerate(PLAN, start=1):
        enter_promise(page, wording, actions, last=n == len(PLAN))

    # "Save promise" lands on pledge 10; its back link leads to the version, which has no
    # theme heading and shows every number.
    expect(page.get_by_test_id("promise-caption")).to_have_text("Pledge 10")
    page.get_by_test_id("back-link").click()
    expect(page.get_by_test_id("promise")).to_have_count(10)
    expect(page.get_by_test_id("promise").nth(2)).to_contain_text("Pledge 3:")
    expect(page.get_by_test_id("promise-actions").first).to_contain_text("Action 1.2:")
    expect(page.get_by_test_id("theme-heading")).to_have_count(0)

    page.get_by_role("link", name="Adopt this version").click()
    page.get_by_label("Date adopted or endorsed").fill("2026-11-02")
    page.get_by_label("Adopted or endorsed by").fill("Corporate Parenting Board")
    page.get_by_role("button", name="Adopt this version").click()
    expect(page.get_by_text("is now the adopted pledge.")).to_be_visible()

    # Progress on two actions: pledge 1's first action and pledge 2's only one.
    page.get_by_role("link", name=PLAN[0][0]).click()
    record_progress(
        page,
        "1.1",
        "On track",
        "Three district events held; 41 young people came (fictional).",
        "We held three events and 41 of you came.",
        "Event attendance log",
    )
    page.get_by_test_id("back-link").click()
    page.get_by_role("link", name=PLAN[1][0]).click()
    record_progress(
        page,
        "2.1",
        "On track",
        "The new placement finder is live (fictional).",
        "We made it quicker to find you a home.",
        "Placement finder launch note",
    )
    sign_out(page)

    # Someone else approves both.
    sign_in(page, live_server, APPROVER[0])
    page.goto(f"{live_server.url}/pledge/approvals/")
    for _ in range(2):
        card = page.get_by_test_id("waiting-update").first
        expect(card).to_contain_text("Evidence")
        card.get_by_role("button", name="Approve and publish").click()
        expect(page.get_by_text("The update is approved and published.")).to_be_visible()
    expect(page.get_by_test_id("waiting-update")).to_have_count(0)
    sign_out(page)

    # The councillor sees the derived statuses and what they cover: the whole plan cannot be
    # "On track" with eight pledges not started.
    sign_in(page, live_server, COUNCILLOR[0])
    page.goto(f"{live_server.url}/pledge/")
    expect(page.get_by_test_id("overall-status")).to_have_text(
        "The whole pledge: At risk 2 of 10 promises have progress"
    )
    attention = page.get_by_test_id("attention-row").filter(has_text="Pledge 1:")
    expect(attention).to_contain_text("At risk")
    expect(attention).to_contain_text("1 of 2 actions have progress")
    attention.get_by_role("link").click()
    expect(page.get_by_test_id("promise-status")).to_have_text(
        "Status now: At risk · 1 of 2 actions have progress"
    )
    sign_out(page)

    # Signed out, a person finds the public page from the sign-in page.
    page.goto(f"{live_server.url}/account/sign-in/")
    page.get_by_test_id("public-pages").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shire County Council")
    page.get_by_role("link", name="Our pledge to you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Our ten pledges to you")
    expect(page.get_by_test_id("overall-coverage")).to_have_text("2 of 10 promises have progress.")
    promises = page.get_by_test_id("promise")
    expect(promises).to_have_count(10)
    expect(promises.nth(0)).to_contain_text("Pledge 1")
    expect(promises.nth(0).get_by_test_id("action")).to_have_count(2)
    expect(promises.nth(0).get_by_test_id("action").nth(1)).to_contain_text(
        "Action 1.2: Do the second thing for pledge 1"
    )
    expect(promises.nth(0)).to_contain_text("When: By March 2027")
    expect(promises.nth(0)).to_contain_text("We held three events and 41 of you came.")
    expect(promises.nth(9)).to_contain_text("Pledge 10")
    body = page.locator("body")
    for name in (OFFICER[1], APPROVER[1], "Team Manager: Family Placement", "Virtual School"):
        expect(body).not_to_contain_text(name)
    expect(body).not_to_contain_text("Three district events held")  # the board's narrative
    expect(page.get_by_test_id("theme-heading")).to_have_count(0)
