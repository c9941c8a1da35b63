"""Real Chromium at 1280 x 800: the import preview of a real-sized action plan shows every
column, the actions last, without sideways scrolling (issue 11, point 8), and passes axe."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from corporate_parenting.roles import Role
from pledges.importing import COLUMNS

from ..factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    PledgeVersionFactory,
    UserFactory,
)
from ..pledges.sheets import csv_bytes, line
from .test_accessibility import violations

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
LEAD = "corporate.parenting.participation.officer@shire.example.org"
LONG_LINK = "https://www.shire.example.org/council/strategies/ParticipationStrategy2025to2028.pdf"


@pytest.fixture
def version(transactional_db):
    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    MembershipFactory(
        organisation=organisation,
        role=Role.OFFICER,
        user=UserFactory(email=LEAD, full_name="Olivia Officer"),
    )
    return PledgeVersionFactory(organisation=organisation, label="2025-2028 action plan")


def action_plan() -> bytes:
    """Five promises, three actions each, every column filled with text as long as a real
    council's plan has."""
    rows = []
    for p in range(1, 6):
        for a in range(1, 4):
            rows.append(
                line(
                    theme="Education, Employment and Training" if p < 3 else "Health and Wellbeing",
                    promise_number=str(p),
                    promise=(
                        "We will make sure that every child in our care has a Personal "
                        "Education Plan that is reviewed each term and that they help to write"
                    ),
                    young_people_wording="You will help to write your school plan every term",
                    lead_email=LEAD,
                    partners="Virtual School, Health, Further Education Colleges, Police",
                    target="95% of Personal Education Plans reviewed on time each term",
                    due_date="31/03/2028",
                    action_number=f"{p}.{a}",
                    action=(
                        "Introduce termly Personal Education Plan quality assurance with "
                        "designated teachers and independent reviewing officers"
                    ),
                    owner="Virtual School Head and Team Manager: Family Placement",
                    timeline="From September 2025, reviewed every term until March 2028",
                    links=LONG_LINK
                    if (p, a) == (5, 3)
                    else "Participation Strategy 2025-2028; Sufficiency Strategy 2024-2027",
                    expected_outcome=(
                        "Children say their plan reflects their wishes and their attainment "
                        "gap with their peers narrows year on year"
                    ),
                    action_status="On track",
                )
            )
    return csv_bytes(rows, COLUMNS)


def test_the_import_preview_fits_a_1280_pixel_window(version, page, sign_in, live_server, tmp_path):
    page.set_viewport_size(DESKTOP)
    sign_in(LEAD, PASSWORD)
    file = tmp_path / "action-plan.csv"
    file.write_bytes(action_plan())
    page.goto(live_server.url + reverse("pledges:import_upload", args=[version.pk]))
    assert violations(page) == [], "the upload page"
    page.get_by_label("Upload a file").set_input_files(str(file))
    page.get_by_role("button", name="Upload and check the file").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the promises before you import them"
    )
    expect(page.get_by_test_id("import-promise")).to_have_count(5)
    last = page.get_by_test_id("import-last-column")
    expect(last).to_have_text("Actions")
    expect(page.get_by_test_id("confirm-import")).to_be_visible()

    layout = page.evaluate(
        """() => {
            const wrapper = document.querySelector('[data-testid="import-rows"]').parentElement;
            const last = document.querySelector('[data-testid="import-last-column"]');
            const action = [...document.querySelectorAll('[data-testid="import-action"]')].pop();
            return {
                viewport: window.innerWidth,
                page: document.documentElement.scrollWidth,
                wrapperRight: wrapper.getBoundingClientRect().right,
                wrapperScroll: wrapper.scrollWidth,
                wrapperClient: wrapper.clientWidth,
                lastRight: last.getBoundingClientRect().right,
                actionRight: action.getBoundingClientRect().right,
            };
        }"""
    )
    assert layout["viewport"] == 1280
    assert layout["lastRight"] <= layout["viewport"], layout
    assert layout["lastRight"] <= layout["wrapperRight"] + 1, "not cut off by its box"
    assert layout["actionRight"] <= layout["wrapperRight"] + 1, layout
    assert layout["wrapperScroll"] <= layout["wrapperClient"], "no sideways scrolling"
    assert layout["page"] <= layout["viewport"], "the page does not scroll sideways"
    assert violations(page) == []
