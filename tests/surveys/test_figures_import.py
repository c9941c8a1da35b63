"""Importing a DfE figures file: read by its headers, the officer's choices, symbols kept as
typed, every bad file refused with a clear message and nothing saved, and re-importing the
same file changing nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from surveys import figures_import as fi
from surveys.models import Figure, FiguresImport, FigureSource, PerformanceIndicator

from ..access import client_for
from .figures import (
    COUNCIL,
    HEADER,
    NEIGHBOUR,
    OTHER,
    PLACEMENTS,
    TOTAL,
    check,
    confirm,
    csv_bytes,
    csv_upload,
    import_file,
    page_text,
    row,
    standard_rows,
    upload,
    uploaded,
    xlsx_upload,
)


def _nothing_saved():
    assert not Figure.objects.exists()
    assert not PerformanceIndicator.objects.exists()
    assert not FigureSource.objects.exists()


def _figures(area=None):
    figures = Figure.objects.select_related("indicator").order_by("period", "area_code")
    if area:
        figures = figures.filter(area=area)
    return {(f.period, f.area_code): f for f in figures}


# Reading by headers ---------------------------------------------------------------------------


def test_it_reads_the_columns_by_name_and_tells_filters_from_indicators():
    summary = fi.summarise(csv_bytes(standard_rows()), "figures.csv")
    assert summary.filter_columns == ["characteristic"]
    assert summary.indicator_columns == ["number", "percentage"]
    assert [c[0] for c in summary.councils] == [OTHER, COUNCIL, NEIGHBOUR]  # by name
    assert summary.regions == [("E12000008", "South East"), ("E12000009", "South West")]
    assert summary.has_england
    assert summary.periods == ["202223", "202324"]
    assert {s[0] for s in summary.series} == {
        PLACEMENTS,
        TOTAL,
        "number|characteristic=Three or more placements",
        "percentage|characteristic=Total",
    }
    assert summary.errors == []


def test_columns_in_another_order_read_the_same():
    order = list(reversed(HEADER))
    rows = [list(reversed(cells)) for cells in standard_rows()]
    summary = fi.summarise(csv_bytes(rows, order), "figures.csv")
    assert summary.indicator_columns == ["percentage", "number"]
    assert len(summary.councils) == 3


# The officer's choices ------------------------------------------------------------------------


def test_it_imports_the_council_and_the_chosen_comparators_only(world):
    message = import_file(world.officer, csv_upload(standard_rows()))
    assert message == ["Imported 8 new figures, for 1 new indicator."]
    indicator = PerformanceIndicator.objects.get()
    assert indicator.source_column == "percentage"
    assert indicator.source_filters == {"characteristic": "Three or more placements"}
    assert indicator.unit == PerformanceIndicator.Unit.PERCENT
    figures = _figures()
    # Two years of: the council, England, its own region (not the South West), the neighbour.
    assert {code for _period, code in figures} == {COUNCIL, "E92000001", "E12000008", NEIGHBOUR}
    council = figures[("202324", COUNCIL)]
    assert (council.area, council.value, council.symbol) == (
        Figure.Area.COUNCIL,
        Decimal("9"),
        "",
    )
    assert figures[("202324", NEIGHBOUR)].area == Figure.Area.NEIGHBOUR
    assert council.source.dataset == "Children looked after in England including adoptions"
    assert council.source.release == "2024 release"
    assert council.source.footnote == "Figures for 2023-24."
    assert council.period_label == "2023-24"


def test_comparators_left_out_are_not_imported(world):
    import_file(
        world.officer,
        csv_upload(standard_rows()),
        include_england=None,
        include_region=None,
        neighbour_codes=[],
    )
    assert {code for _period, code in _figures()} == {COUNCIL}


def test_an_existing_indicator_is_fed_by_its_series(world):
    indicator = PerformanceIndicator.objects.create(
        organisation=world.organisation,
        name="Three or more placements in a year",
        direction=PerformanceIndicator.Direction.LOWER,
        unit=PerformanceIndicator.Unit.PERCENT,
        target=Decimal("9"),
        source_column="percentage",
        source_filters={"characteristic": "Three or more placements"},
    )
    figures_import = uploaded(world.officer, csv_upload(standard_rows()))
    page = page_text(
        client_for(world.officer).get(
            reverse("surveys:figures_import_preview", args=[figures_import.pk])
        )
    )
    assert "Three or more placements in a year: percentage (characteristic: Three" in page
    assert check(world.officer, figures_import).status_code == 302
    confirm(world.officer, figures_import)
    assert PerformanceIndicator.objects.get() == indicator
    assert indicator.figures.count() == 8


def test_choices_the_file_cannot_give_are_refused(world):
    figures_import = uploaded(world.officer, csv_upload(standard_rows()))
    response = check(world.officer, figures_import, council_code="E10999999", series=[], dataset="")
    assert response.status_code == 200
    page = page_text(response)
    assert "Select a valid choice. E10999999 is not one of the available choices." in page
    assert "Choose at least one measure to import" in page
    assert "Enter the data set the figures come from" in page
    response = check(world.officer, figures_import, neighbour_codes=[COUNCIL])
    assert "Your own council cannot be one of its neighbours" in page_text(response)
    _nothing_saved()


def test_the_last_choices_are_offered_again(world):
    import_file(world.officer, csv_upload(standard_rows()))
    again = uploaded(world.officer, csv_upload(standard_rows()))
    assert again.council_code == COUNCIL
    assert again.neighbour_codes == [NEIGHBOUR]
    assert again.dataset == "Children looked after in England including adoptions"


def test_an_excel_file_imports_as_its_csv_does(world):
    import_file(world.officer, xlsx_upload(standard_rows()))
    figures = _figures()
    assert len(figures) == 8
    assert figures[("202324", COUNCIL)].value == Decimal("9")


# Symbols ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "symbol"),
    [
        ("c", "c"),
        ("k", "k"),
        ("z", "z"),
        ("x", "x"),
        ("u", "u"),
        ("~", "~"),
        (":", ":"),
        ("[c]", "c"),
        ("low", "low"),
        ("C", "c"),
    ],
)
def test_a_symbol_is_kept_as_typed_never_as_zero(world, cell, symbol):
    rows = standard_rows()
    rows[6] = row("202223", COUNCIL, percentage=cell)  # the council's first year
    import_file(world.officer, csv_upload(rows))
    figure = _figures()[("202223", COUNCIL)]
    assert figure.value is None
    assert figure.symbol == symbol
    assert figure.display == symbol
    page = page_text(client_for(world.councillor).get(figure.indicator.get_absolute_url()))
    assert f'data-symbol="{symbol}">{symbol}</abbr>' in page


def test_a_symbol_replaced_by_a_number_in_a_later_release_is_updated(world):
    rows = standard_rows()
    rows[6] = row("202223", COUNCIL, percentage="c")
    import_file(world.officer, csv_upload(rows))
    message = import_file(world.officer, csv_upload(standard_rows()))
    assert message == ["Imported 0 new figures, 1 changed, 7 already recorded."]
    figure = _figures()[("202223", COUNCIL)]
    assert (figure.value, figure.symbol) == (Decimal("10"), "")


# Re-importing ---------------------------------------------------------------------------------


def test_importing_the_same_file_again_changes_nothing(world):
    import_file(world.officer, csv_upload(standard_rows()))
    before = {key: (f.pk, f.value, f.symbol, f.source_id) for key, f in _figures().items()}
    message = import_file(world.officer, csv_upload(standard_rows()))
    assert message == [
        "Nothing changed: all 8 figures in the file were already recorded as it gives them."
    ]
    after = {key: (f.pk, f.value, f.symbol, f.source_id) for key, f in _figures().items()}
    assert after == before
    assert PerformanceIndicator.objects.count() == 1
    assert FigureSource.objects.count() == 1


def test_a_file_cannot_be_imported_twice_from_one_upload(world):
    figures_import = uploaded(world.officer, csv_upload(standard_rows()))
    check(world.officer, figures_import)
    confirm(world.officer, figures_import)
    client = client_for(world.officer)
    url = reverse("surveys:figures_import_preview", args=[figures_import.pk])
    response = client.post(url, {"action": "import"}, follow=True)
    assert Figure.objects.count() == 8
    page = page_text(response)
    assert "This file has already been imported. Nothing was imported again" in page
    assert 'data-testid="imported"' in page


# Bad files ----------------------------------------------------------------------------------


def _upload_error(world, upload_file):
    response = upload(world.officer, upload_file)
    assert response.status_code == 200, "the upload should have been refused"
    assert not FiguresImport.objects.exists()
    _nothing_saved()
    return page_text(response)


def _row_errors(world, rows, **overrides):
    figures_import = uploaded(world.officer, csv_upload(rows))
    response = check(world.officer, figures_import, **overrides)
    assert response.status_code == 200, "the check should have found errors"
    assert confirm(world.officer, figures_import).status_code == 302
    _nothing_saved()
    figures_import.refresh_from_db()
    assert figures_import.state == FiguresImport.State.UPLOADED
    return page_text(response)


def test_wrong_columns_are_refused(world):
    header = [name for name in HEADER if name not in ("new_la_code", "geographic_level")]
    page = _upload_error(world, csv_upload([], header))
    assert (
        "Row 1 of the selected file must name the DfE&#x27;s columns" in page
        or "Row 1 of the selected file must name the DfE's columns" in page
    )
    assert "It does not name geographic_level, new_la_code." in page


def test_a_file_with_no_indicator_columns_is_refused(world):
    header = HEADER[:-3]
    page = _upload_error(world, csv_upload([r[:-3] for r in standard_rows()], header))
    assert "after new_la_code there must be at least one indicator column" in page


def test_an_empty_file_is_refused(world):
    page = _upload_error(world, csv_upload([], None))
    assert "The selected file is empty" in page


def test_a_file_with_only_its_header_is_refused(world):
    page = _upload_error(world, csv_upload([]))
    assert "The selected file has no figures" in page


def test_a_file_with_too_many_rows_is_refused(world, monkeypatch):
    monkeypatch.setattr(fi, "MAX_ROWS", 5)
    page = _upload_error(world, csv_upload(standard_rows()))
    assert "The selected file has more than 5 rows of figures." in page


def test_a_file_too_large_is_refused(world, monkeypatch):
    monkeypatch.setattr(fi, "MAX_BYTES", 1000)
    page = _upload_error(world, csv_upload(standard_rows()))
    assert "The selected file must be smaller than 1 KB" in page
    assert "must be smaller than" in page


def test_a_file_that_is_not_a_spreadsheet_is_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = _upload_error(world, SimpleUploadedFile("figures.pdf", b"%PDF-1.7 not a table"))
    assert "The selected file must be a CSV or an Excel spreadsheet (.xlsx)" in page
    page = _upload_error(world, SimpleUploadedFile("figures.xlsx", b"not really excel"))
    assert "could not be opened as an Excel spreadsheet" in page


def test_text_in_a_number_cell_is_a_row_error(world):
    rows = standard_rows()
    rows[8] = row("202223", NEIGHBOUR, percentage="about 9")  # spreadsheet row 10
    page = _row_errors(world, rows)
    assert "Nothing was imported: 1 problem in the file" in page
    assert "Row 10, percentage: “about 9” is not a number or one of the statistics symbols" in page


def test_a_negative_count_is_a_row_error(world):
    rows = standard_rows()
    rows[7] = row("202223", COUNCIL, characteristic="Total", number="-5", percentage="100")
    page = _row_errors(world, rows, series=[TOTAL])
    assert "Row 9, number: -5 is negative, and a count cannot be" in page


def test_a_percentage_over_100_is_a_row_error(world):
    rows = standard_rows()
    rows[6] = row("202223", COUNCIL, percentage="140")
    page = _row_errors(world, rows)
    assert "Row 8, percentage: 140 is not a percentage between 0 and 100" in page


def test_a_blank_figure_is_a_row_error_not_a_zero(world):
    rows = standard_rows()
    rows[6] = row("202223", COUNCIL, percentage="")
    page = _row_errors(world, rows)
    assert "Row 8, percentage: The cell is blank." in page


def test_a_duplicate_row_is_a_row_error(world):
    rows = [*standard_rows(), row("202324", COUNCIL, percentage="7")]
    page = _row_errors(world, rows)
    assert "Row 26, percentage: This row repeats row 20: the same period (2023-24), area" in page


def test_a_broken_time_period_is_a_row_error(world):
    rows = standard_rows()
    rows[0][0] = "2023/24"
    page = _row_errors(world, rows)
    assert "Row 2, time_period: “2023/24” is not a DfE time period" in page


def test_an_error_in_a_council_not_chosen_holds_nothing_up(world):
    rows = standard_rows()
    rows[10] = row("202223", OTHER, percentage="oops")
    import_file(world.officer, csv_upload(rows))
    assert len(_figures()) == 8


def test_every_error_is_listed_at_once(world):
    rows = standard_rows()
    rows[6] = row("202223", COUNCIL, percentage="x1")
    rows[8] = row("202223", NEIGHBOUR, percentage="-3")
    page = _row_errors(world, rows)
    assert "Nothing was imported: 2 problems in the file" in page


# The template -------------------------------------------------------------------------------


def test_the_template_is_a_file_that_imports(world):
    response = client_for(world.officer).get(reverse("surveys:figures_import_template"))
    assert response["Content-Disposition"] == 'attachment; filename="dfe-figures-template.csv"'
    content = b"".join(response)
    from django.core.files.uploadedfile import SimpleUploadedFile

    import_file(
        world.officer,
        SimpleUploadedFile("template.csv", content),
        series=["pc_three_or_more_placements|cla_group=Children looked after"],
        neighbour_codes=[],
    )
    figures = _figures()
    assert figures[("202324", "E12000008")].symbol == "c"
    assert figures[("202324", COUNCIL)].value == Decimal("9")


def test_the_check_shows_the_councils_figures_before_anything_is_saved(world):
    figures_import = uploaded(world.officer, csv_upload(standard_rows()))
    response = check(world.officer, figures_import)
    page = page_text(client_for(world.officer).get(response.url))
    assert "Check before you import" in page
    assert "Hampshire (E10000014)" in page
    assert "England; South East; neighbours: Northshire" in page
    assert "202223: 10; 202324: 9" in page
    assert "8 for 1 indicator, 1 of them new" in page
    _nothing_saved()
    client = client_for(world.officer)
    url = reverse("surveys:figures_import_preview", args=[figures_import.pk])
    client.post(url, {"action": "change"})
    figures_import.refresh_from_db()
    assert figures_import.state == FiguresImport.State.UPLOADED
    assert 'data-testid="choices-form"' in page_text(client.get(url))


def test_an_excel_file_keeps_its_symbols(world):
    rows = standard_rows()
    rows[6] = row("202223", COUNCIL, percentage="c")
    rows[8] = row("202223", NEIGHBOUR, percentage="[z]")
    import_file(world.officer, xlsx_upload(rows))
    figures = _figures()
    assert (figures[("202223", COUNCIL)].value, figures[("202223", COUNCIL)].symbol) == (None, "c")
    assert figures[("202223", NEIGHBOUR)].symbol == "z"
    assert figures[("202324", COUNCIL)].value == Decimal("9")


def test_the_database_refuses_a_figure_with_neither_a_value_nor_a_symbol(world):
    from django.db import IntegrityError, transaction

    import_file(world.officer, csv_upload(standard_rows()))
    figure = Figure.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.filter(pk=figure.pk).update(value=None, symbol="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Figure.objects.filter(pk=figure.pk).update(value=Decimal("0"), symbol="c")


def test_hostile_text_in_the_file_is_shown_as_text_in_the_choices(world):
    hostile = "<script>alert('x')</script>"
    rows = [*standard_rows(), row("202324", "E10900066", name=hostile, characteristic=hostile)]
    figures_import = uploaded(world.officer, csv_upload(rows))
    url = reverse("surveys:figures_import_preview", args=[figures_import.pk])
    raw = client_for(world.officer).get(url).content.decode()
    assert "<script>alert" not in raw
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; (E10900066)" in raw


def test_a_file_with_too_many_series_to_choose_from_is_refused(world, monkeypatch):
    monkeypatch.setattr(fi, "MAX_SERIES", 3)
    page = _upload_error(world, csv_upload(standard_rows()))
    assert "more series of figures (indicator columns times their filters) than the 3" in page


# Export: the round trip ------------------------------------------------------------------------


def test_an_exported_indicator_imports_back_unchanged_symbols_and_all(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    formula = '=HYPERLINK("http://evil.example")'
    rows = standard_rows()
    rows[6] = row("202223", COUNCIL, percentage="c")
    rows[8] = row("202223", NEIGHBOUR, name=formula, percentage="~")
    rows[20] = row("202324", NEIGHBOUR, name=formula, percentage="[k]")
    import_file(world.officer, csv_upload(rows))
    indicator = PerformanceIndicator.objects.get()
    before = {key: (f.value, f.symbol, f.area_name) for key, f in _figures().items()}
    assert before[("202223", NEIGHBOUR)] == (None, "~", formula)

    response = client_for(world.councillor).get(
        reverse("surveys:figures_indicator_export", args=[indicator.pk])
    )
    content = b"".join(response)
    assert response["Content-Disposition"].startswith("attachment;")
    text = content.decode()
    assert "'=HYPERLINK" in text  # a spreadsheet shows it as text, never runs it
    assert ",c\r\n" in text and ",~\r\n" in text and ",k\r\n" in text

    message = import_file(world.officer, SimpleUploadedFile("export.csv", content))
    assert message == [
        "Nothing changed: all 8 figures in the file were already recorded as it gives them."
    ]
    after = {key: (f.value, f.symbol, f.area_name) for key, f in _figures().items()}
    assert after == before


def test_comparators_the_file_does_not_have_are_refused_in_words(world):
    rows = [cells for cells in standard_rows() if cells[2] == "Local authority"]
    figures_import = uploaded(world.officer, csv_upload(rows))
    page = page_text(check(world.officer, figures_import))
    assert "The file has no National rows for England. Untick England" in page
    assert "The file has no Regional rows for Hampshire's region (E12000008)." in page
    _nothing_saved()
    import_file(world.officer, csv_upload(rows), include_england=None, include_region=None)
    assert {code for _period, code in _figures()} == {COUNCIL, NEIGHBOUR}


def test_a_compressed_file_that_would_unpack_to_far_more_is_refused(world):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * (20 * 1024 * 1024))
    page = _upload_error(world, SimpleUploadedFile("figures.xlsx", out.getvalue()))
    assert "would unpack to far more than its size" in page


def test_an_old_excel_file_is_refused_with_what_to_do(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    old = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    page = _upload_error(world, SimpleUploadedFile("figures.xls", old))
    assert "old Excel file (.xls). Save it as .xlsx" in page
