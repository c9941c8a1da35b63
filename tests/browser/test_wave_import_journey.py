"""Real Chromium: an officer opens a new wave of the demo council's survey and imports its
results from a spreadsheet; one row is wrong, the preview says which row and column, and
nothing is saved; the officer fixes the file, imports it, sees the response-rate table with
its rates worked out and an indicator's charts; importing the same file again is told
nothing changes. Every page passes axe."""

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from corporate_parenting.models import Organisation
from surveys import wave_import as wi
from surveys.models import Cohort, Indicator, Instrument, Wave

from .test_accessibility import violations

pytestmark = pytest.mark.browser


def _row(**cells):
    return [cells.get(c.key, "") for c in wi.COLUMNS]


def _rows(responses_4_7):
    return [
        _row(section="cohort", cohort="4-7 years", eligible=220, responses=responses_4_7),
        _row(section="cohort", cohort="8-11 years", eligible=240, responses=80),
        _row(section="cohort", cohort="11-18 years", eligible=800, responses=280),
        _row(
            section="indicator",
            cohort="11-18 years",
            domain="Rights",
            question="Felt settled where they live all or most of the time",
            key="settled",
            count=238,
            denominator=280,
            higher_is_better="yes",
        ),
        _row(
            section="comparator",
            cohort="11-18 years",
            key="settled",
            kind="Other councils' average",
            label="16 other councils",
            percentage=79,
            count=1296,
            denominator=1640,
        ),
        _row(
            section="comparator",
            cohort="11-18 years",
            key="settled",
            kind="General population",
            percentage=85.5,
        ),
        _row(
            section="finding",
            kind="wish",
            text="More time with their brothers and sisters",
            count=24,
            we_will="We will plan family time around school holidays.",
        ),
    ]


def _csv(path, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(wi.HEADERS)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _xlsx(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(wi.HEADERS)
    for cells in rows:
        sheet.append(cells)
    workbook.save(path)


def _upload(page, path):
    page.get_by_label("Upload the results of the wave").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check the file").click()


def test_an_officer_imports_a_wave_fixes_a_row_and_imports_it_again_to_no_change(
    demo, page, sign_in, live_server, tmp_path
):
    organisation = Organisation.objects.get(slug="hampshire-demo")
    instrument = Instrument.objects.get(organisation=organisation, name="Your Life, Your Care")
    wave = Wave.objects.create(
        organisation=organisation,
        instrument=instrument,
        label="2021",
        period_start=date(2020, 10, 1),
        period_end=date(2021, 3, 31),
    )
    bad, good = tmp_path / "wave-2021.csv", tmp_path / "wave-2021.xlsx"
    _csv(bad, _rows(responses_4_7="forty"))  # row 2: text in a number cell
    _xlsx(good, _rows(responses_4_7=40))

    sign_in("officer@example.org")
    page.get_by_role("link", name="Surveys").first.click()
    page.get_by_role("link", name="2021").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("2021")
    page.get_by_role("link", name="Import results from a spreadsheet").click()
    expect(page.get_by_role("table", name="The columns")).to_contain_text("higher is better")
    expect(page.get_by_test_id("template-xlsx")).to_be_visible()
    assert violations(page) == []

    _upload(page, bad)
    errors = page.get_by_test_id("row-errors")
    expect(errors).to_contain_text("Nothing was imported: 1 problem in the file")
    expect(errors).to_contain_text(
        "Row 2, responses: “forty” is not a number. Enter a whole number, like 42"
    )
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    assert not Cohort.objects.filter(wave=wave).exists()
    assert violations(page) == []

    page.get_by_role("link", name="upload it again").click()
    _upload(page, good)
    expect(page.get_by_role("heading", name="Check before you import")).to_be_visible()
    counts = page.get_by_test_id("plan-counts")
    expect(counts).to_contain_text("Cohorts")
    expect(counts).to_contain_text("3 new, 0 changed, 0 unchanged")
    assert not Cohort.objects.filter(wave=wave).exists()
    assert violations(page) == []
    page.get_by_test_id("confirm-import").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("2021")
    expect(page.get_by_text(re.compile(r"Imported\. cohorts: 3 new"))).to_be_visible()
    rates = page.get_by_role("table", name=re.compile("Response rates by cohort"))
    expect(rates.get_by_role("row", name=re.compile("4-7 years"))).to_contain_text("18%")
    expect(rates.get_by_role("row", name=re.compile("8-11 years"))).to_contain_text("33%")
    expect(rates.get_by_role("row", name=re.compile("11-18 years"))).to_contain_text("35%")
    expect(page.get_by_test_id("overall-rate")).to_have_text("32%")  # 400 of 1,260
    assert violations(page) == []

    page.get_by_role("link", name=re.compile("Felt settled where they live")).first.click()
    expect(page.locator("figure[data-chart]").first).to_be_visible()
    assert page.locator("figure[data-chart]").count() >= 1
    assert violations(page) == []

    page.goto(f"{live_server.url}{wave.get_absolute_url()}")
    page.get_by_role("link", name="Import results from a spreadsheet").click()
    _upload(page, good)
    expect(page.get_by_test_id("nothing-to-change")).to_contain_text("Nothing to change")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    assert violations(page) == []
    assert Indicator.objects.filter(wave=wave).count() == 1
    assert Cohort.objects.filter(wave=wave).count() == 3
