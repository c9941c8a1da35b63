"""Real Chromium: a clerk builds an agenda: adds an item, marks it exempt, reorders it with
the keyboard buttons and by dragging, and the order survives a reload."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from corporate_parenting.roles import Role

from ..factories import (
    PASSWORD,
    BoardFactory,
    BoardMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from .test_accessibility import violations

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(transactional_db):
    from boards.services.meetings import meeting_schedule

    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    MembershipFactory(
        organisation=organisation,
        role=Role.CLERK,
        user=UserFactory(email="clerk@shire.example.org", full_name="Tom Walker"),
    )
    board = BoardFactory(
        organisation=organisation,
        include_declarations=False,
        include_deputations=False,
        include_announcements=False,
    )
    starts = timezone.now().replace(hour=14, minute=0) + datetime.timedelta(days=30)
    return meeting_schedule(board=board, starts_at=starts, venue="Chute Room")


def agenda_titles(page):
    return page.get_by_test_id("agenda-item-title").all_inner_texts()


def test_a_clerk_builds_and_reorders_an_agenda(meeting, page, sign_in, live_server):
    sign_in("clerk@shire.example.org", PASSWORD)
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    expect(page.get_by_test_id("agenda-item-title")).to_have_text(
        ["1. Apologies for absence", "2. Minutes of the previous meeting"]
    )

    # Add an item, first forgetting the exempt paragraph.
    page.get_by_role("link", name="Add an item").click()
    page.get_by_label("Item number").fill("3")
    page.get_by_label("Title").fill("Placement of a child (fictional)")
    page.get_by_label("Purpose").fill("To consider a placement in private.")
    page.get_by_label("Exempt").check()
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_role("alert").or_(page.locator(".govuk-error-summary"))).to_contain_text(
        "Select the paragraph of Schedule 12A"
    )
    page.get_by_label("Schedule 12A paragraph").select_option("1")
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_text("is added to the agenda")).to_be_visible()
    expect(page.get_by_test_id("exempt-tag")).to_have_text("Exempt \N{EN DASH} paragraph 1")
    # Issue 12: the resolution to exclude the press and public goes before the exempt item.
    exclusion = "Exclusion of the press and public"
    expect(page.get_by_test_id("agenda-item-title")).to_have_text(
        [
            "1. Apologies for absence",
            "2. Minutes of the previous meeting",
            exclusion,
            "3. Placement of a child (fictional)",
        ]
    )
    expect(page.get_by_test_id("agenda")).to_contain_text("within Paragraph 1 of Part 1")

    # Keyboard: the new item goes up one place with its Move up button (the exclusion with it).
    move_up = page.get_by_role("button", name="Move up Placement of a child (fictional)")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("agenda-item-title")).to_have_text(
        [
            "1. Apologies for absence",
            exclusion,
            "3. Placement of a child (fictional)",
            "2. Minutes of the previous meeting",
        ]
    )

    # Drag: the previous minutes item dropped on the top half of the first item.
    page.set_viewport_size({"width": 1280, "height": 2000})  # the cards on screen, no scrolling
    cards = page.locator("[data-agenda-item]")
    cards.nth(3).drag_to(cards.nth(0), target_position={"x": 40, "y": 5})
    expect(page.get_by_role("status")).to_have_text("The new order of the agenda is saved.")
    expected = [
        "2. Minutes of the previous meeting",
        "1. Apologies for absence",
        exclusion,
        "3. Placement of a child (fictional)",
    ]
    expect(page.get_by_test_id("agenda-item-title")).to_have_text(expected)

    page.reload()
    expect(page.get_by_test_id("agenda-item-title")).to_have_text(expected)

    # Numbers are the clerk's: one button puts them in order.
    page.get_by_role("button", name="Number items 1, 2, 3 in order").click()
    expect(page.get_by_test_id("agenda-item-title")).to_have_text(
        [
            "1. Minutes of the previous meeting",
            "2. Apologies for absence",
            f"3. {exclusion}",
            "4. Placement of a child (fictional)",
        ]
    )

    assert violations(page) == [], "meeting page"
    BoardMemberFactory(board=meeting.board, name="Cllr Rosa Fictional", political_group="Green")
    for path in [
        "/boards/",
        meeting.board.get_absolute_url(),
        f"/boards/meetings/{meeting.pk}/items/new/",
        f"/boards/{meeting.board.pk}/meetings/new/",
        f"/boards/{meeting.board.pk}/change/",
        f"/boards/{meeting.board.pk}/members/new/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert violations(page) == [], path
