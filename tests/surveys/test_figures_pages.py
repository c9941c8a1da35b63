"""The performance figures pages: councillors read the trend, direction and comparators;
officers import; hostile text from a file or a footnote is shown as text."""

from decimal import Decimal

import pytest
from django.urls import reverse

from surveys import demo_figures
from surveys.models import Figure, FigureSource, PerformanceIndicator

from ..access import client_for
from .figures import COUNCIL, csv_upload, import_file, page_text, row, standard_rows

HOSTILE = "<script>alert('x')</script> \"quoted\"\nline"


def _indicator(world, **fields):
    defaults = {
        "name": "Three or more placements in a year",
        "unit": PerformanceIndicator.Unit.PERCENT,
        "direction": PerformanceIndicator.Direction.LOWER,
        "target": Decimal("9"),
    }
    return PerformanceIndicator.objects.create(
        organisation=world.organisation, **{**defaults, **fields}
    )


def _figure(
    indicator, period, value, *, area=Figure.Area.COUNCIL, code=COUNCIL, name="Us", symbol=""
):
    source, _ = FigureSource.objects.get_or_create(
        organisation=indicator.organisation, dataset="DfE", release="2024"
    )
    return Figure.objects.create(
        organisation=indicator.organisation,
        indicator=indicator,
        period=period,
        area=area,
        area_code=code,
        area_name=name,
        value=None if value is None else Decimal(value),
        symbol=symbol,
        source=source,
    )


@pytest.mark.parametrize(
    ("direction", "values", "movement"),
    [
        (PerformanceIndicator.Direction.LOWER, ("12", "10"), "better"),
        (PerformanceIndicator.Direction.LOWER, ("10", "12"), "worse"),
        (PerformanceIndicator.Direction.HIGHER, ("10", "12"), "better"),
        (PerformanceIndicator.Direction.HIGHER, ("12", "10"), "worse"),
        (PerformanceIndicator.Direction.NEITHER, ("12", "10"), "down"),
        (PerformanceIndicator.Direction.LOWER, ("10", "10"), "same"),
    ],
)
def test_the_trend_says_whether_it_moved_the_right_way(world, direction, values, movement):
    indicator = _indicator(world, direction=direction)
    _figure(indicator, "202223", values[0])
    _figure(indicator, "202324", values[1])
    page = page_text(client_for(world.councillor).get(indicator.get_absolute_url()))
    assert f'data-movement="{movement}"' in page
    listing = page_text(client_for(world.councillor).get(reverse("surveys:figures")))
    assert f'data-movement="{movement}"' in listing


def test_a_suppressed_year_has_no_movement_and_no_zero(world):
    indicator = _indicator(world)
    _figure(indicator, "202223", "12")
    _figure(indicator, "202324", None, symbol="c")
    page = page_text(client_for(world.councillor).get(indicator.get_absolute_url()))
    assert "data-movement" not in page
    assert 'data-symbol="c">c</abbr>' in page
    assert ">0<" not in page


def test_the_neighbours_average_leaves_out_a_suppressed_neighbour_and_says_so(world):
    indicator = _indicator(world)
    _figure(indicator, "202324", "10")
    for n, value in enumerate(("8", "12", None)):
        _figure(
            indicator,
            "202324",
            value,
            area=Figure.Area.NEIGHBOUR,
            code=f"E1090000{n}",
            name=f"Neighbour {n}",
            symbol="" if value else "c",
        )
    page = page_text(client_for(world.councillor).get(indicator.get_absolute_url()))
    assert "10.0 <span" in page and "(2 of 3)" in page


def test_the_target_is_marked_met_or_not_in_words(world):
    indicator = _indicator(world, target=Decimal("9"))
    _figure(indicator, "202324", "8")
    listing = page_text(client_for(world.councillor).get(reverse("surveys:figures")))
    assert '<span class="govuk-visually-hidden">met</span>' in listing


def test_officers_are_offered_the_import_and_councillors_are_not(world):
    assert 'data-testid="figures-import"' in page_text(
        client_for(world.officer).get(reverse("surveys:figures"))
    )
    response = client_for(world.councillor).get(reverse("surveys:figures"))
    assert response.status_code == 200
    assert 'data-testid="figures-import"' not in page_text(response)
    # Co-opted young members read the figures as published, and are not offered the import.
    response = client_for(world.young_member).get(reverse("surveys:figures"))
    assert response.status_code == 200
    assert 'data-testid="figures-import"' not in page_text(response)


def test_an_outsider_cannot_see_an_indicator(world):
    indicator = _indicator(world)
    response = client_for(world.outsiders["councillor"]).get(indicator.get_absolute_url())
    assert response.status_code == 404


def test_hostile_text_in_a_file_and_a_footnote_is_shown_as_text(world):
    rows = standard_rows()
    for cells in rows:
        if cells[7] == COUNCIL:
            cells[10] = HOSTILE if cells[10] != "Total" else "Total"
    rows = [
        row(cells[0], COUNCIL, name=HOSTILE, characteristic=cells[10], percentage=cells[12])
        if cells[7] == COUNCIL
        else cells
        for cells in rows
    ]
    # The council's rows now have a hostile name and a hostile filter value of their own.
    import_file(
        world.officer,
        csv_upload(rows),
        series=[f"percentage|characteristic={HOSTILE}"],
        footnote=HOSTILE,
        release=HOSTILE,
        neighbour_codes=[],
    )
    indicator = PerformanceIndicator.objects.get()
    for url in (reverse("surveys:figures"), indicator.get_absolute_url()):
        raw = client_for(world.councillor).get(url).content.decode()
        assert "<script>alert" not in raw
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in raw


def test_the_demo_figures_load_once_and_show_the_trend(world):
    _import, result = demo_figures.load(world.organisation)
    assert result.created > 0 and result.new_indicators == 0
    assert PerformanceIndicator.objects.filter(organisation=world.organisation).count() == 12
    _import, again = demo_figures.load(world.organisation)
    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == result.created
    placements = PerformanceIndicator.objects.get(name="Three or more placements in a year")
    council = placements.figures.filter(area=Figure.Area.COUNCIL)
    assert council.count() == len(demo_figures.PERIODS)
    page = page_text(client_for(world.councillor).get(placements.get_absolute_url()))
    assert "2023-24" in page and "Lower is better" in page
    assert "Northshire (invented)" in page and "South East" in page
    # The demo keeps some symbols as typed: none became a zero.
    assert Figure.objects.filter(organisation=world.organisation).exclude(symbol="").exists()
    assert not Figure.objects.filter(symbol="", value__isnull=True).exists()


def _edit(world, indicator, user=None, **changes):
    from ..test_lost_updates import guarded_form

    client = client_for(user or world.officer)
    url = reverse("surveys:figures_indicator_update", args=[indicator.pk])
    data = guarded_form(client.get(url), "name")
    return client.post(url, {**data, **changes})


def test_an_officer_sets_the_direction_and_target_of_an_imported_indicator(world):
    import_file(world.officer, csv_upload(standard_rows()))
    indicator = PerformanceIndicator.objects.get()
    assert indicator.direction == PerformanceIndicator.Direction.NEITHER
    response = _edit(
        world,
        indicator,
        name="Three or more placements in a year",
        direction="lower",
        target="9.5",
        definition="Children with three or more placements during the year.",
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.direction, indicator.target) == (
        "Three or more placements in a year",
        "lower",
        Decimal("9.5"),
    )
    # The next import of the same file feeds the renamed indicator: its series did not change.
    import_file(world.officer, csv_upload(standard_rows()))
    assert PerformanceIndicator.objects.get() == indicator
    page = page_text(client_for(world.councillor).get(indicator.get_absolute_url()))
    assert 'data-movement="better"' in page  # 10% then 9%, lower is better
    assert 'data-testid="change-indicator"' not in page


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("ninety", "Enter the target as a number, like 95 or 9.5, or leave it blank"),
        ("-1", "Enter a target of 0 or more"),
        ("1" * 20, "Enter the target as a number, like 95 or 9.5, or leave it blank"),
    ],
)
def test_a_bad_target_is_refused_in_words(world, target, message):
    indicator = _indicator(world)
    response = _edit(world, indicator, target=target)
    assert response.status_code == 200
    assert message in page_text(response)
    indicator.refresh_from_db()
    assert indicator.target == Decimal("9")


def test_two_indicators_cannot_share_a_name(world):
    _indicator(world, name="Children in care")
    indicator = _indicator(world)
    response = _edit(world, indicator, name="Children  in care")
    assert "Another indicator has this name: choose another" in page_text(response)
