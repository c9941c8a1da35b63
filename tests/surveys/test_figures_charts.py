"""The performance figures' charts: an indicator's page draws the council's trend against
England, the region and the neighbours' average (surveys.charts), with alt text naming the
latest values and the chart's table beside it; a statistics symbol is a gap in the line and
its symbol in words in the table, never a 0; the same figures give the same bytes; hostile
names stay text in the alt text, the table and the SVG."""

import base64
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse

from corporate_parenting.roles import Role
from surveys import charts
from surveys.models import Figure, FigureSource, PerformanceIndicator

from ..access import client_for

HOSTILE = "<script>alert('x')</script> \"quoted\" & $5"
AVERAGE = "Neighbours\u2019 average"
PERIODS = ("202021", "202122", "202223", "202324")


def _indicator(organisation, **fields):
    defaults = {
        "name": "Three or more placements in a year",
        "unit": PerformanceIndicator.Unit.PERCENT,
        "direction": PerformanceIndicator.Direction.LOWER,
        "target": Decimal("9"),
    }
    return PerformanceIndicator.objects.create(organisation=organisation, **{**defaults, **fields})


def _figure(indicator, period, value, *, area=Figure.Area.COUNCIL, code="E10000014", name="Us"):
    source, _ = FigureSource.objects.get_or_create(
        organisation=indicator.organisation, dataset="DfE", release="2024"
    )
    symbol = value if isinstance(value, str) and not value[0].isdigit() else ""
    return Figure.objects.create(
        organisation=indicator.organisation,
        indicator=indicator,
        period=period,
        area=area,
        area_code=code,
        area_name=name,
        value=None if symbol else Decimal(value),
        symbol=symbol,
        source=source,
    )


def _figures(
    indicator, *, council, england=None, region=None, neighbours=(), region_name="South East"
):
    """Values by period (in PERIODS' order) for each area; a symbol is given as its text."""
    for period, value in zip(PERIODS, council, strict=False):
        _figure(indicator, period, value)
    for period, value in zip(PERIODS, england or (), strict=False):
        _figure(
            indicator, period, value, area=Figure.Area.ENGLAND, code="E92000001", name="England"
        )
    for period, value in zip(PERIODS, region or (), strict=False):
        _figure(
            indicator, period, value, area=Figure.Area.REGION, code="E12000008", name=region_name
        )
    for index, (name, values) in enumerate(neighbours):
        for period, value in zip(PERIODS, values, strict=False):
            _figure(
                indicator, period, value, area=Figure.Area.NEIGHBOUR, code=f"E1090000{index}",
                name=name,
            )  # fmt: skip


def _page(user, indicator) -> str:
    response = client_for(user).get(indicator.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _images(html: str) -> list[dict]:
    """Each chart image on the page: its alt text (unescaped) and its SVG (decoded)."""
    found = []
    for tag in re.findall(r"<img [^>]*class=\"cp-chart__image\"[^>]*>", html):
        src = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', tag).group(1)
        alt = re.search(r'alt="([^"]*)"', tag).group(1)
        found.append({"tag": tag, "alt": unescape(alt), "svg": base64.b64decode(src).decode()})
    return found


def _chart_table(html: str) -> list[list[str]]:
    """The chart's own data table (inside the figure), as rows of cell texts."""
    figure = re.search(r'<figure class="cp-chart".*?</figure>', html, re.S).group(0)
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", figure, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells])
    return rows


def test_the_page_draws_the_trend_with_alt_text_naming_the_latest_values(world):
    indicator = _indicator(world.organisation)
    _figures(
        indicator,
        council=("12", "11", "10", "9.5"),
        england=("11", "11", "10", "10"),
        region=("10", "10", "9", "9"),
        neighbours=[("Northshire", ("13", "12", "12", "11")), ("Westmere", ("9", "9", "8", "8"))],
    )
    html = _page(world.councillor, indicator)
    [image] = _images(html)
    assert image["svg"].startswith("<?xml") or "<svg " in image["svg"][:200]
    alt = image["alt"]
    assert alt.startswith("Three or more placements in a year")
    # Four periods: every value is named, the latest of each line among them.
    assert "Us: 12% in 2020-21, 11% in 2021-22, 10% in 2022-23, 9.5% in 2023-24." in alt
    assert "England: " in alt and "10% in 2023-24" in alt
    assert "South East: " in alt and "9% in 2023-24" in alt
    assert f"{AVERAGE}: " in alt and "9.5% in 2023-24" in alt
    assert "Target: 9.0%." in alt  # drawn, like every line here, to one decimal place
    assert "Lower is better." in alt
    table = _chart_table(html)
    assert table[0] == ["Period", "Us", "England", "South East", AVERAGE]
    assert table[-1] == ["2023-24", "9.5%", "10%", "9%", "9.5%"]
    # The SVG names itself and carries the same words as the alt text.
    assert "<title>Three or more placements in a year" in image["svg"]
    assert "<desc>" in image["svg"]


def test_a_suppressed_year_is_a_gap_and_the_table_says_c_and_what_it_means(world):
    indicator = _indicator(world.organisation)
    _figures(
        indicator,
        council=("12", "c", "10", "9"),
        england=("11", "11", "10", "10"),
    )
    html = _page(world.councillor, indicator)
    [image] = _images(html)
    table = _chart_table(html)
    row = next(r for r in table if r[0] == "2021-22")
    assert row[1] == "c (suppressed)"
    assert "c (suppressed) in 2021-22" in image["alt"]
    # Named under the drawing, and not drawn: the council's line (the brand colour) breaks
    # where 2021-22 would be and has three markers, not four; nothing sits at 0.
    assert "Not drawn: Us 2021-22: c (suppressed)." in image["svg"]
    council = next(
        group
        for group in re.findall(r'<g id="line2d_\d+">.*?</g>\s*</g>', image["svg"], re.S)
        if "stroke: #1d5c63; stroke-width: 2.6" in group
    )
    path = re.search(r'<path d="([^"]+)"', council).group(1)
    assert path.split().count("M") == 2 and path.split().count("L") == 1
    assert council.count("<use ") == 3
    assert ">0%<" not in html
    assert "0% in 2021-22" not in image["alt"]


@pytest.mark.parametrize(
    ("symbol", "words"),
    [
        ("k", "k (rounds to 0)"),
        ("z", "z (not applicable)"),
        ("x", "x (not available)"),
        ("u", "u (low reliability)"),
        ("low", "low (rounds to 0)"),
        ("~", "~ (less than half the smallest unit)"),
        (":", ": (not available)"),
        (".", ". (not applicable)"),
    ],
)
def test_every_symbol_is_a_gap_in_words_never_a_zero(world, symbol, words):
    indicator = _indicator(world.organisation)
    _figures(indicator, council=("12", symbol, "10"))
    html = _page(world.councillor, indicator)
    [image] = _images(html)
    row = next(r for r in _chart_table(html) if r[0] == "2021-22")
    assert row[1] == words
    assert f"{words} in 2021-22" in image["alt"]


def test_the_same_figures_give_the_same_bytes(world, monkeypatch):
    monkeypatch.setattr(charts, "CACHE_SIZE", 0)  # drawn for each page, not remembered
    indicator = _indicator(world.organisation)
    _figures(indicator, council=("12", "c", "10", "9"), england=("11", "11", "10", "10"))
    first = _images(_page(world.councillor, indicator))[0]
    again = _images(_page(world.officer, indicator))[0]
    assert first["svg"] == again["svg"]
    assert first["alt"] == again["alt"]
    # Another council with the same figures under the same names gets the same file.
    other = _indicator(world.other_organisation)
    _figures(other, council=("12", "c", "10", "9"), england=("11", "11", "10", "10"))
    elsewhere = _page(world.outsiders[Role.COUNCILLOR], other)
    assert _images(elsewhere)[0]["svg"] == first["svg"]


def test_hostile_names_stay_text_in_the_alt_text_the_table_and_the_svg(world):
    indicator = _indicator(world.organisation, name=HOSTILE)
    _figures(
        indicator,
        council=("12", "11"),
        england=("11", "11"),
        region=("10", "10"),
        region_name=f"Region {HOSTILE}",
        neighbours=[(f"Neighbour {HOSTILE}", ("13", "12"))],
    )
    html = _page(world.councillor, indicator)
    assert "<script>alert" not in html
    [image] = _images(html)
    # In the attribute the text is escaped, and read back it is the name as typed.
    assert "<script>" not in image["tag"]
    assert image["alt"].startswith(" ".join(HOSTILE.split()))
    caption = re.search(r'<figure class="cp-chart".*?<caption[^>]*>(.*?)</caption>', html, re.S)
    assert "&lt;script&gt;" in caption.group(1)
    assert "Region &lt;script&gt;" in html
    svg = image["svg"]
    assert "<script" not in svg
    assert "&lt;script&gt;alert(" in svg
    assert "$5" in svg  # a dollar sign, not mathtext


def test_a_count_is_the_councils_line_alone_with_its_unit(world):
    indicator = _indicator(
        world.organisation,
        name="Children in care",
        unit=PerformanceIndicator.Unit.COUNT,
        direction=PerformanceIndicator.Direction.NEITHER,
        target=None,
    )
    _figures(indicator, council=("1450", "1485", "1520"), england=("1400", "1420", "1500"))
    html = _page(world.councillor, indicator)
    [image] = _images(html)
    assert "Us: 1,450 in 2020-21, 1,485 in 2021-22, 1,520 in 2022-23." in image["alt"]
    assert "Target" not in image["alt"]
    assert "better" not in image["alt"]
    # England's count is many times the council's: in the table, not on the same axis.
    assert "England" not in image["alt"]
    assert "1,400" in html


def test_an_indicator_without_figures_has_no_chart(world):
    indicator = _indicator(world.organisation)
    html = _page(world.councillor, indicator)
    assert _images(html) == []
    assert "No figures have been imported for this indicator yet." in html


def test_the_list_links_each_indicator_to_its_chart_and_draws_none(world):
    first = _indicator(world.organisation)
    second = _indicator(world.organisation, name="Children in care", target=None)
    _figures(first, council=("12", "11"))
    _figures(second, council=("1450", "1485"))
    response = client_for(world.councillor).get(reverse("surveys:figures"))
    html = response.content.decode()
    for indicator in (first, second):
        assert f'href="{indicator.get_absolute_url()}"' in html
    assert "cp-chart__image" not in html


def test_an_officer_is_offered_the_change_link_and_a_councillor_is_not(world):
    indicator = _indicator(world.organisation)
    assert 'data-testid="change-indicator"' in _page(world.officer, indicator)
    assert 'data-testid="change-indicator"' not in _page(world.councillor, indicator)


def test_the_next_reader_gets_the_chart_drawn_for_the_first(world, monkeypatch):
    indicator = _indicator(world.organisation)
    _figures(indicator, council=("12", "11"), england=("11", "11"))
    charts.cache_clear()
    drawn = []
    real = charts._draw
    monkeypatch.setattr(charts, "_draw", lambda *a, **k: drawn.append(1) or real(*a, **k))
    first = _images(_page(world.councillor, indicator))[0]
    assert _images(_page(world.officer, indicator))[0] == first
    assert len(drawn) == 1
    # A changed figure is a new chart.
    Figure.objects.filter(indicator=indicator, period="202122", area="council").update(
        value=Decimal("10")
    )
    changed = _images(_page(world.councillor, indicator))[0]
    assert len(drawn) == 2
    assert "10% in 2021-22" in changed["alt"]


def test_a_figure_that_cannot_be_drawn_is_said_in_words_and_the_table_stays(world):
    indicator = _indicator(world.organisation)
    _figures(indicator, council=("12", "105"))  # the import refuses this; a hand edit might not
    html = unescape(_page(world.councillor, indicator))
    assert _images(html) == []
    assert "The chart cannot be drawn: 2021-22: 105% is not between 0% and 100%." in html
    assert "105%" in re.search(r'data-testid="trend".*?</table>', html, re.S).group(0)
