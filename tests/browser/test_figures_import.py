"""Real Chromium: an officer imports a DfE-layout figures file, picks the council and the
comparators, is told of a row error, fixes the file and imports it; a councillor then reads
an indicator's trend with England, the region and the neighbours; the pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

from corporate_parenting.models import Organisation
from surveys import demo_figures
from surveys.models import Figure, PerformanceIndicator

from .test_accessibility import violations

pytestmark = pytest.mark.browser


def _upload(page, live_server, path):
    page.goto(f"{live_server.url}/surveys/figures/import/")
    page.get_by_label("Upload a DfE figures file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and read the file").click()


def _choose(page):
    page.get_by_label("Your council", exact=True).select_option("E10000014")
    page.get_by_label("Statistical neighbours").select_option(["E10900001", "E10900002"])
    page.get_by_label("Data set").fill("Children looked after in England including adoptions")
    page.get_by_label("Release").fill("2024 release")
    page.get_by_role("button", name="Check the figures").click()


def test_an_officer_imports_a_figures_file_and_a_councillor_reads_the_trend(
    demo, page, sign_in, live_server, tmp_path
):
    good = demo_figures.demo_file().decode()
    lines = good.split("\r\n")
    # Row 4 of the file is the demo council's first year: spoil one of its figures.
    cells = lines[3].split(",")
    assert cells[8] == "E10000014"
    cells[12] = "twelve"
    bad_path = tmp_path / "figures-with-an-error.csv"
    bad_path.write_text("\r\n".join([*lines[:3], ",".join(cells), *lines[4:]]))
    good_path = tmp_path / "figures.csv"
    good_path.write_text(good)

    # The board's indicators are set up; the file's columns feed them (pre-ticked).
    organisation = Organisation.objects.get(slug="hampshire-demo")
    # The demo loads its figures; this journey is a council's first import, so start empty.
    Figure.objects.filter(organisation=organisation).delete()
    demo_figures.indicators_create(organisation)
    sign_in("officer@example.org")
    _upload(page, live_server, bad_path)
    expect(page.get_by_role("heading", name="Choose what to import")).to_be_visible()
    _choose(page)
    errors = page.get_by_test_id("row-errors")
    expect(errors).to_contain_text("Nothing was imported: 1 problem in the file")
    expect(errors).to_contain_text("Row 4, pc_three_or_more_placements: “twelve” is not a number")
    assert not Figure.objects.exists()
    assert violations(page) == []

    _upload(page, live_server, good_path)
    # The last file's choices are offered again; choosing them afresh changes nothing.
    _choose(page)
    expect(page.get_by_role("heading", name="Check before you import")).to_be_visible()
    expect(page.get_by_test_id("choices")).to_contain_text(
        "England; South East; neighbours: Northshire (invented), Westmere (invented)"
    )
    assert violations(page) == []
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_text(re.compile(r"Imported \d+ new figures"))).to_be_visible()
    neighbours = Figure.objects.filter(area=Figure.Area.NEIGHBOUR).values("area_code")
    assert neighbours.distinct().count() == 2
    assert violations(page) == []

    page.context.clear_cookies()
    sign_in("councillor@example.org")
    placements = PerformanceIndicator.objects.get(name="Three or more placements in a year")
    page.goto(f"{live_server.url}/surveys/figures/")
    page.get_by_role("link", name=placements.name).click()
    trend = page.get_by_test_id("trend")
    expect(trend).to_contain_text("2023-24")
    expect(trend).to_contain_text("Northshire (invented)")
    expect(page.get_by_test_id("direction")).to_have_text("Lower is better")
    assert violations(page) == []
