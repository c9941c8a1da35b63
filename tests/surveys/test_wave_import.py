"""Importing a wave's results from one spreadsheet, through the pages: the format read by its
headers, a preview of what would be added and changed, every bad file or row refused with a
clear message naming the row and column and nothing saved, and the same file imported twice
changing nothing."""

import csv
import io
import zipfile
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from surveys import wave_import as wi
from surveys.models import (
    Cohort,
    Comparator,
    DemographicCount,
    Finding,
    Indicator,
    WaveImport,
)
from surveys.rates import percent

from ..access import client_for
from .factories import CohortFactory, IndicatorFactory, WaveFactory

HEADER = list(wi.HEADERS)


def record(**cells):
    return [cells.get(c.key, "") for c in wi.COLUMNS]


def cohort(label, eligible, responses):
    return record(section="cohort", cohort=label, eligible=eligible, responses=responses)


def standard_rows():
    """Seed 002's response-rate table and one of each other section."""
    return [
        cohort("4-7 years", 231, 42),
        cohort("8-11 years", 238, 75),
        cohort("11-18 years", 835, 261),
        record(
            section="demographic",
            dimension="Gender",
            category="Girls",
            count=190,
            care_population=610,
        ),
        record(
            section="demographic",
            cohort="8-11 years",
            dimension="Placement type",
            category="Foster care",
            count=60,
        ),
        record(
            section="indicator",
            cohort="11-18 years",
            domain="Rights",
            question="Felt settled where they live",
            key="felt-settled",
            count=232,
            denominator=261,
            higher_is_better="yes",
        ),
        record(
            section="indicator",
            domain="Relationships",
            question="Worried about their feelings",
            count=50,
            denominator=300,
            higher_is_better="no",
        ),
        record(
            section="comparator",
            cohort="11-18 years",
            key="felt-settled",
            kind="Other councils' average",
            label="16 other councils",
            count=1296,
            denominator=1640,
        ),
        record(
            section="comparator",
            cohort="11-18 years",
            key="felt-settled",
            kind="General population",
            percentage="85.5",
        ),
        record(
            section="comparator",
            question="Worried about their feelings",
            kind="England",
            percentage="12",
        ),
        record(
            section="finding",
            kind="wish",
            text="Fewer changes of social worker",
            count=31,
            we_will="We will keep the same social worker wherever we can.",
        ),
        record(section="finding", cohort="4-7 years", kind="Theme", text="Pets"),
    ]


def csv_bytes(rows, header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def csv_upload(rows, header=HEADER, *, name="wave.csv"):
    return SimpleUploadedFile(name, csv_bytes(rows, header), content_type="text/csv")


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for cells in rows:
        sheet.append([_typed(cell) for cell in cells])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _typed(cell):
    """Numbers as Excel holds them."""
    if isinstance(cell, str):
        try:
            return int(cell)
        except ValueError:
            try:
                return float(cell)
            except ValueError:
                return cell
    return cell


@pytest.fixture
def wave(world):
    return WaveFactory(instrument__organisation=world.organisation, label="2018")


def upload(user, wave, upload_file):
    return client_for(user).post(
        reverse("surveys:wave_import", args=[wave.pk]), {"file": upload_file}
    )


def page_text(response) -> str:
    return unescape(response.content.decode())


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def uploaded(user, wave, upload_file) -> WaveImport:
    response = upload(user, wave, upload_file)
    assert response.status_code == 302, page_text(response)
    return WaveImport.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[-1]))


def preview(user, wave_import):
    return client_for(user).get(reverse("surveys:wave_import_preview", args=[wave_import.pk]))


def digest_of(response) -> str:
    text = response.content.decode()
    marker = 'name="plan" value="'
    assert marker in text, "no import button on the preview"
    start = text.index(marker) + len(marker)
    return text[start : text.index('"', start)]


def confirm(user, wave_import, digest=None):
    if digest is None:
        digest = digest_of(preview(user, wave_import))
    url = reverse("surveys:wave_import_preview", args=[wave_import.pk])
    return client_for(user).post(url, {"plan": digest})


def import_file(user, wave, upload_file):
    """Upload, preview and confirm; the import's messages."""
    wave_import = uploaded(user, wave, upload_file)
    response = confirm(user, wave_import)
    assert response.status_code == 302
    assert response.url == wave.get_absolute_url()
    return messages_of(response)


def _nothing_saved(wave):
    assert not Cohort.objects.filter(wave=wave).exists()
    assert not DemographicCount.objects.exists()
    assert not Indicator.objects.exists()
    assert not Comparator.objects.exists()
    assert not Finding.objects.exists()


def _errors(response):
    """(row, column, message) of each row error on a preview page."""
    import re

    return [
        (int(row), column, unescape(message))
        for row, column, message in re.findall(
            r'<li data-row="(\d+)" data-column="([^"]*)">Row \d+, [^:]*: (.*?)</li>',
            response.content.decode(),
        )
    ]


def refused_rows(user, wave, rows, header=HEADER):
    """Upload a file with row errors: its preview's errors; nothing saved, no import button."""
    wave_import = uploaded(user, wave, csv_upload(rows, header))
    assert wave_import.state == WaveImport.State.REJECTED
    response = preview(user, wave_import)
    assert response.status_code == 200
    assert "Nothing was imported" in page_text(response)
    assert 'name="plan"' not in response.content.decode()
    _nothing_saved(wave)
    # Confirming it anyway is refused.
    confirm(user, wave_import, digest="x")
    _nothing_saved(wave)
    return _errors(response)


def refused_file(user, wave, upload_file) -> str:
    """Upload a file that is not a wave spreadsheet: the form's message; nothing kept."""
    response = upload(user, wave, upload_file)
    assert response.status_code == 200
    assert not WaveImport.objects.exists()
    _nothing_saved(wave)
    text = page_text(response)
    assert "There is a problem" in text
    return text


# The import page ------------------------------------------------------------------------------


def test_the_wave_page_offers_the_import_to_officers_only(world, wave):
    url = reverse("surveys:wave_import", args=[wave.pk])
    assert url in page_text(client_for(world.officer).get(wave.get_absolute_url()))
    assert url not in page_text(client_for(world.councillor).get(wave.get_absolute_url()))


def test_the_import_page_describes_every_column_and_offers_both_templates(world, wave):
    response = client_for(world.officer).get(reverse("surveys:wave_import", args=[wave.pk]))
    text = page_text(response)
    for column in wi.COLUMNS:
        assert f"<code>{column.header}</code>" in text
        assert column.help in text
    for file_format in ("csv", "xlsx"):
        assert reverse("surveys:wave_import_template", args=[file_format]) in text


def test_the_templates_import_as_they_are(world, wave):
    client = client_for(world.officer)
    csv_response = client.get(reverse("surveys:wave_import_template", args=["csv"]))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "attachment" in csv_response["Content-Disposition"]
    xlsx_response = client.get(reverse("surveys:wave_import_template", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [c.value for c in sheet[1]] == HEADER
    assert client.get(reverse("surveys:wave_import_template", args=["xls"])).status_code == 404

    messages = import_file(
        world.officer, wave, SimpleUploadedFile("template.xlsx", xlsx_response.content)
    )
    assert messages[0].startswith("Imported.")
    assert wave.cohorts.count() == 3
    other = WaveFactory(instrument=wave.instrument, label="2019")
    import_file(world.officer, other, SimpleUploadedFile("template.csv", csv_response.content))
    assert other.indicators.get().comparators.count() == 2


# A good file ----------------------------------------------------------------------------------


def test_a_wave_is_imported_with_its_rates_computed(world, wave):
    wave_import = uploaded(world.officer, wave, csv_upload(standard_rows()))
    response = preview(world.officer, wave_import)
    text = page_text(response)
    assert "Check before you import" in text
    assert "3 new, 0 changed, 0 unchanged" in text
    assert not Cohort.objects.exists()  # a preview saves nothing

    response = confirm(world.officer, wave_import)
    assert messages_of(response) == [
        "Imported. cohorts: 3 new; counts of who answered: 2 new; indicators: 2 new; "
        "comparators: 3 new; findings: 2 new."
    ]
    assert [(c.label, c.eligible, c.responses, c.position) for c in wave.cohorts.all()] == [
        ("4-7 years", 231, 42, 1),
        ("8-11 years", 238, 75, 2),
        ("11-18 years", 835, 261, 3),
    ]
    assert [c.response_rate for c in wave.cohorts.all()] == [18, 32, 31]
    assert wave.response_rate == 29
    settled = Indicator.objects.get(key="felt-settled")
    assert (settled.cohort.label, settled.domain, settled.count, settled.denominator) == (
        "11-18 years",
        "rights",
        232,
        261,
    )
    assert settled.higher_is_better
    worried = Indicator.objects.get(cohort=None)
    assert worried.key == "worried-about-their-feelings"
    assert not worried.higher_is_better
    others = settled.comparators.get(kind=Comparator.Kind.OTHER_COUNCILS)
    assert (others.label, others.count, others.denominator, others.percentage) == (
        "16 other councils",
        1296,
        1640,
        Decimal("79.0"),  # worked out from the counts
    )
    assert settled.comparators.get(kind="general_population").percentage == Decimal("85.5")
    assert worried.comparators.get().kind == Comparator.Kind.ENGLAND
    girls = DemographicCount.objects.get(category="Girls")
    assert (girls.cohort, girls.dimension, girls.care_population) == (None, "gender", 610)
    assert DemographicCount.objects.get(category="Foster care").cohort.label == "8-11 years"
    wish = Finding.objects.get(kind=Finding.Kind.WISH)
    assert wish.count == 31 and wish.response.startswith("We will")
    assert Finding.objects.get(kind=Finding.Kind.THEME).cohort.label == "4-7 years"
    assert WaveImport.objects.get().state == WaveImport.State.IMPORTED

    page = page_text(client_for(world.officer).get(wave.get_absolute_url()))
    assert "29%" in page and "Felt settled where they live" in page


def test_the_same_file_again_changes_nothing(world, wave):
    import_file(world.officer, wave, csv_upload(standard_rows()))
    before = {
        model: list(model.objects.order_by("pk").values())
        for model in (Cohort, DemographicCount, Indicator, Comparator, Finding)
    }
    again = uploaded(world.officer, wave, csv_upload(standard_rows()))
    response = preview(world.officer, again)
    text = page_text(response)
    assert "Nothing to change" in text
    assert 'name="plan"' not in response.content.decode()
    assert "0 new, 0 changed, 3 unchanged" in text
    # The same file as a spreadsheet, with other capitals in its names, matches too.
    rows = standard_rows()
    rows[0][1] = "4-7 YEARS"
    header = [name.upper().replace(" ", "_") for name in HEADER]
    as_xlsx = SimpleUploadedFile("wave.xlsx", xlsx_bytes(rows, header))
    assert "Nothing to change" in page_text(
        preview(world.officer, uploaded(world.officer, wave, as_xlsx))
    )
    after = {
        model: list(model.objects.order_by("pk").values())
        for model in (Cohort, DemographicCount, Indicator, Comparator, Finding)
    }
    assert after == before


def test_a_changed_file_changes_only_what_differs_and_says_so(world, wave):
    import_file(world.officer, wave, csv_upload(standard_rows()))
    finding = Finding.objects.get(kind="wish")
    rows = standard_rows()
    rows[1] = cohort("8-11 years", 240, 75)
    rows[10] = record(section="finding", kind="wish", text="Fewer changes of social worker")
    rows.append(cohort("Care leavers", 100, 20))
    wave_import = uploaded(world.officer, wave, csv_upload(rows))
    text = page_text(preview(world.officer, wave_import))
    assert "1 new, 1 changed, 2 unchanged" in text
    assert "eligible: 238 to 240" in text
    confirm(world.officer, wave_import)
    assert Cohort.objects.get(label="8-11 years").eligible == 240
    assert Cohort.objects.get(label="Care leavers").position == 4
    finding.refresh_from_db()
    # A blank optional cell never clears what is recorded.
    assert finding.count == 31 and finding.response.startswith("We will")
    assert Cohort.objects.count() == 4


def test_whole_numbers_kept_as_decimals_in_a_spreadsheet_are_read(world, wave):
    rows = standard_rows()
    rows[0] = cohort("4-7 years", 231.0, 42.0)
    rows[10][HEADER.index("we_will".replace("_", " "))] = "We will ask.\r\n\r\nThen we will act."
    import_file(world.officer, wave, SimpleUploadedFile("wave.xlsx", xlsx_bytes(rows)))
    assert Cohort.objects.get(label="4-7 years").eligible == 231
    assert Finding.objects.get(kind="wish").response == "We will ask.\n\nThen we will act."
    again = uploaded(world.officer, wave, SimpleUploadedFile("wave.xlsx", xlsx_bytes(rows)))
    assert "Nothing to change" in page_text(preview(world.officer, again))


def test_rows_may_name_cohorts_the_wave_already_has(world, wave):
    CohortFactory(wave=wave, label="8-11 years", eligible=238, responses=75)
    IndicatorFactory(wave=wave, key="trusted", cohort=None, count=10, denominator=70)
    rows = [
        record(
            section="indicator",
            cohort="8-11 YEARS",
            domain="rights",
            question="Felt safe",
            count=60,
            denominator=70,
        ),
        record(section="comparator", key="trusted", kind="england", percentage="70"),
    ]
    import_file(world.officer, wave, csv_upload(rows))
    assert Indicator.objects.get(key="felt-safe").cohort.label == "8-11 years"
    assert Comparator.objects.get().indicator.key == "trusted"


def test_confirming_after_the_wave_changed_is_refused(world, wave):
    wave_import = uploaded(world.officer, wave, csv_upload(standard_rows()))
    digest = digest_of(preview(world.officer, wave_import))
    CohortFactory(wave=wave, label="4-7 years", eligible=231, responses=40)  # someone else
    response = confirm(world.officer, wave_import, digest=digest)
    assert response.status_code == 302
    assert "The wave has changed since you checked the file" in messages_of(response)[0]
    assert Cohort.objects.count() == 1
    assert "responses: 40 to 42" in page_text(preview(world.officer, wave_import))


def test_a_file_is_imported_once(world, wave):
    wave_import = uploaded(world.officer, wave, csv_upload(standard_rows()))
    digest = digest_of(preview(world.officer, wave_import))
    confirm(world.officer, wave_import, digest=digest)
    response = confirm(world.officer, wave_import, digest=digest)
    assert messages_of(response) == [
        "This file has already been imported. Nothing was imported again"
    ]
    assert Cohort.objects.count() == 3
    assert "Imported" in page_text(preview(world.officer, wave_import))


def test_each_record_is_on_the_audit_trail_without_copying_what_children_said(world, wave):
    from auditlog import get_logentry_model

    from corporate_parenting import audit

    rows = standard_rows()
    rows[10][HEADER.index("text")] = "Emma wants to see her brother"
    import_file(world.officer, wave, csv_upload(rows))
    entries = get_logentry_model().objects.filter(organisation=world.organisation)
    models = {e.content_type.model for e in entries}
    assert {"cohort", "demographiccount", "indicator", "comparator", "finding"} <= models
    finding = entries.get(
        content_type__model="finding",
        changes__icontains="summary",
        object_pk=str(Finding.objects.get(kind="wish").pk),
    )
    assert "Emma" not in str(finding.changes) and "Emma" not in finding.object_repr
    assert finding.changes_dict["summary"][1] == audit.NOT_COPIED


def test_hostile_text_is_shown_as_text(world, wave):
    rows = [record(section="finding", kind="theme", text="<script>alert(1)</script>")]
    wave_import = uploaded(world.officer, wave, csv_upload(rows))
    body = preview(world.officer, wave_import).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


# Bad files: a clear message, nothing saved ----------------------------------------------------


def test_wrong_columns_are_refused(world, wave):
    header = [*HEADER[:2], "eligable", *HEADER[3:]]
    text = refused_file(world.officer, wave, csv_upload(standard_rows(), header))
    assert "Row 1 of the selected file has the column eligable, which is not recognised" in text


def test_a_file_without_the_section_column_is_refused(world, wave):
    rows = [cells[1:] for cells in standard_rows()]
    text = refused_file(world.officer, wave, csv_upload(rows, HEADER[1:]))
    assert "Row 1 of the selected file has no column section" in text


def test_a_missing_column_a_section_needs_is_refused(world, wave):
    header = [name for name in HEADER if name != "denominator"]
    rows = [
        [cell for name, cell in zip(HEADER, cells, strict=True) if name != "denominator"]
        for cells in standard_rows()
    ]
    text = refused_file(world.officer, wave, csv_upload(rows, header))
    assert (
        "The selected file has indicators (the first in row 7) but no the column denominator"
        in text
        or "but no column denominator" in text
    )


def test_a_column_named_twice_is_refused(world, wave):
    text = refused_file(world.officer, wave, csv_upload(standard_rows(), [*HEADER[:-1], "count"]))
    assert "names the column count more than once" in text


def test_an_empty_file_is_refused(world, wave):
    text = refused_file(world.officer, wave, SimpleUploadedFile("wave.csv", b""))
    assert "The selected file is empty" in text


def test_a_file_with_only_the_column_names_is_refused(world, wave):
    text = refused_file(world.officer, wave, csv_upload([]))
    assert "The selected file has no results" in text


def test_a_huge_file_is_refused(world, wave):
    big = SimpleUploadedFile("wave.csv", b"x" * (wi.MAX_BYTES + 1))
    text = refused_file(world.officer, wave, big)
    assert "The selected file must be smaller than 2 MB" in text


def test_too_many_rows_are_refused(world, wave):
    rows = [cohort(f"Cohort {n}", 10, 5) for n in range(wi.MAX_ROWS + 1)]
    text = refused_file(world.officer, wave, csv_upload(rows))
    assert f"The selected file has more than {wi.MAX_ROWS:,} rows" in text


def test_an_old_excel_file_is_refused(world, wave):
    old = SimpleUploadedFile("wave.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    text = refused_file(world.officer, wave, old)
    assert "The selected file is an old Excel file (.xls). Save it as .xlsx or as CSV UTF-8" in text


def test_a_password_protected_spreadsheet_is_refused(world, wave):
    protected = SimpleUploadedFile("wave.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    text = refused_file(world.officer, wave, protected)
    assert "The selected file is protected with a password. Remove the password" in text


def test_a_damaged_spreadsheet_is_refused(world, wave):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    text = refused_file(world.officer, wave, SimpleUploadedFile("wave.xlsx", out.getvalue()))
    assert "could not be opened as an Excel spreadsheet" in text


def test_a_file_that_is_not_utf8_is_refused(world, wave):
    latin = "section,cohort,eligible,responses\r\ncohort,Années,10,5\r\n".encode("latin-1")
    text = refused_file(world.officer, wave, SimpleUploadedFile("wave.csv", latin))
    assert "must be saved as CSV UTF-8" in text


# Bad rows: each named by row and column, nothing saved ----------------------------------------


def test_text_in_a_number_cell_is_refused(world, wave):
    rows = standard_rows()
    rows[1] = cohort("8-11 years", "two hundred", 75)
    assert refused_rows(world.officer, wave, rows) == [
        (3, "eligible", "“two hundred” is not a number. Enter a whole number, like 42")
    ]


def test_a_fraction_in_a_count_is_refused(world, wave):
    rows = standard_rows()
    rows[3][HEADER.index("count")] = "19.5"
    assert refused_rows(world.officer, wave, rows) == [
        (5, "count", "“19.5” is not a whole number. Enter a whole number, like 42")
    ]


def test_more_responses_than_eligible_are_refused(world, wave):
    rows = standard_rows()
    rows[0] = cohort("4-7 years", 42, 231)
    assert refused_rows(world.officer, wave, rows) == [
        (
            2,
            "responses",
            "There cannot be more responses (231) than children and young people who could "
            "have answered (42)",
        )
    ]


def test_a_count_above_its_denominator_is_refused(world, wave):
    rows = standard_rows()
    rows[5][HEADER.index("count")] = 262
    errors = refused_rows(world.officer, wave, rows)
    assert errors == [
        (
            7,
            "count",
            "The number who answered this way (262) cannot be more than the number who "
            "answered the question (261)",
        )
    ]


def test_a_denominator_above_the_cohorts_responses_is_refused(world, wave):
    rows = standard_rows()
    rows[5][HEADER.index("denominator")] = 300
    assert refused_rows(world.officer, wave, rows) == [
        (
            7,
            "denominator",
            "The number who answered the question (300) cannot be more than the 261 who "
            "responded in 11-18 years",
        )
    ]


def test_a_comparator_count_above_its_denominator_is_refused(world, wave):
    rows = standard_rows()
    rows[7][HEADER.index("count")] = 1700
    assert refused_rows(world.officer, wave, rows) == [
        (9, "count", "Their count (1,700) cannot be more than how many of them answered (1,640)")
    ]


def test_negative_counts_are_refused(world, wave):
    rows = standard_rows()
    rows[2] = cohort("11-18 years", 835, -5)
    rows[11][HEADER.index("count")] = -1
    assert refused_rows(world.officer, wave, rows) == [
        (4, "responses", "“-5” is negative. A count cannot be negative"),
        (13, "count", "“-1” is negative. A count cannot be negative"),
    ]


def test_duplicate_cohorts_are_refused(world, wave):
    rows = standard_rows()
    rows.insert(3, cohort("8-11 Years", 240, 70))
    assert refused_rows(world.officer, wave, rows) == [
        (5, "cohort", "The cohort 8-11 Years is already in row 3. Give it once")
    ]


def test_a_duplicate_indicator_for_the_same_cohort_is_refused(world, wave):
    rows = standard_rows()
    rows.append(
        record(
            section="indicator",
            cohort="11-18 years",
            domain="Rights",
            question="Felt settled (again)",
            key="Felt settled",
            count=1,
            denominator=2,
        )
    )
    assert refused_rows(world.officer, wave, rows) == [
        (14, "key", "The indicator felt-settled for this cohort is already in row 7. Give it once")
    ]


def test_the_same_key_for_another_cohort_is_another_indicator(world, wave):
    rows = standard_rows()
    rows.append(
        record(
            section="indicator",
            cohort="8-11 years",
            domain="Rights",
            question="Felt settled where they live",
            key="felt-settled",
            count=60,
            denominator=75,
        )
    )
    import_file(world.officer, wave, csv_upload(rows))
    assert Indicator.objects.filter(key="felt-settled").count() == 2


def test_an_unknown_cohort_is_refused(world, wave):
    rows = standard_rows()
    rows[5][HEADER.index("cohort")] = "12-18 years"
    rows[7][HEADER.index("cohort")] = "12-18 years"
    rows[8][HEADER.index("cohort")] = ""
    errors = refused_rows(world.officer, wave, rows)
    assert [(row, column) for row, column, _m in errors] == [
        (7, "cohort"),
        (9, "cohort"),
        (10, "key"),  # felt-settled for all respondents: there is none
    ]
    assert errors[0][2] == (
        "There is no cohort “12-18 years” in the file or on this wave. Add a cohort row for "
        "it, correct the name, or leave it blank for all respondents. The cohorts are: "
        "11-18 years, 4-7 years, 8-11 years"
    )


def test_a_comparator_of_an_unknown_indicator_is_refused(world, wave):
    rows = standard_rows()
    rows[8][HEADER.index("key")] = "felt-setled"
    assert refused_rows(world.officer, wave, rows) == [
        (
            10,
            "key",
            "There is no indicator “felt-setled” for the cohort 11-18 years in the file or on "
            "this wave. Compare an indicator of the file (the same key and cohort as its "
            "indicator row)",
        )
    ]


def test_unknown_words_are_refused_with_the_words_to_use(world, wave):
    rows = standard_rows()
    rows[3][HEADER.index("dimension")] = "Sex"
    rows[5][HEADER.index("domain")] = "Happiness"
    rows[8][HEADER.index("kind")] = "Wales"
    rows[11][HEADER.index("kind")] = "idea"
    rows[6][HEADER.index("higher_is_better".replace("_", " "))] = "maybe"
    rows.append(record(section="wish", text="More pocket money"))
    errors = refused_rows(world.officer, wave, rows)
    assert errors == [
        (
            5,
            "dimension",
            "“Sex” is not a dimension. Use one of: Gender, Age, Ethnicity, Placement type, "
            "Time in care",
        ),
        (
            7,
            "domain",
            "“Happiness” is not a domain. Use one of: Well-being, Relationships, Resilience, "
            "Rights, Recovery",
        ),
        (8, "higher is better", "“maybe” is not yes or no. Enter yes or no"),
        (
            10,
            "kind",
            "“Wales” is not a comparator. Use one of: Other councils' average, General "
            "population, England, Region, Statistical neighbours",
        ),
        (13, "kind", "“idea” is not a kind of finding. Use one of: wish, theme"),
        (
            14,
            "section",
            "“wish” is not a section. Use one of: cohort, demographic, indicator, comparator, "
            "finding",
        ),
    ]


def test_a_comparator_needs_a_percentage_or_both_counts(world, wave):
    rows = standard_rows()
    rows[9][HEADER.index("percentage")] = ""
    rows[8][HEADER.index("percentage")] = "185"
    rows.append(
        record(
            section="comparator", question="Worried about their feelings", kind="Region", count=5
        )
    )
    assert refused_rows(world.officer, wave, rows) == [
        (10, "percentage", "“185” is not a percentage. Enter a number from 0 to 100, like 79.5"),
        (11, "percentage", "Enter their percentage, or their count and denominator"),
        (14, "denominator", "Give both their count and how many of them answered, or neither"),
    ]


def test_a_percentage_formatted_as_one_in_excel_is_refused(world, wave):
    rows = standard_rows()
    rows[8][HEADER.index("percentage")] = 0.855
    wave_import = uploaded(world.officer, wave, SimpleUploadedFile("wave.xlsx", xlsx_bytes(rows)))
    errors = _errors(preview(world.officer, wave_import))
    assert errors == [
        (
            10,
            "percentage",
            "“0.855” looks like a cell formatted as a percentage in Excel (86% kept as 0.855). "
            "Format the column as a number and type the percentage, like 79.5",
        )
    ]
    _nothing_saved(wave)


def test_a_required_cell_left_blank_is_named(world, wave):
    rows = standard_rows()
    rows[0][HEADER.index("eligible")] = ""
    rows[10][HEADER.index("text")] = ""
    assert refused_rows(world.officer, wave, rows) == [
        (2, "eligible", "Enter how many could have answered"),
        (12, "text", "Enter what they said, in a few words"),
    ]


def test_xlsx_row_errors_are_named_as_excel_numbers_them(world, wave):
    rows = standard_rows()
    rows.insert(2, ["" for _ in HEADER])  # a blank row is skipped but keeps its number
    rows[3] = cohort("11-18 years", "lots", 261)
    wave_import = uploaded(world.officer, wave, SimpleUploadedFile("w.xlsx", xlsx_bytes(rows)))
    assert _errors(preview(world.officer, wave_import)) == [
        (5, "eligible", "“lots” is not a number. Enter a whole number, like 42")
    ]


def test_the_rates_come_out_as_seed_002_prints_them(world, wave):
    import_file(world.officer, wave, csv_upload(standard_rows()))
    assert [percent(c.responses, c.eligible) for c in wave.cohorts.all()] == [18, 32, 31]
