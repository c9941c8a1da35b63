"""The chart layer (surveys/charts.py, surveys/_chart.html): plain data in; an SVG, its alt
text and its data table out, the same on a page and in a PDF. Hidden values never appear as
numbers, the output is the same bytes for the same data, and the charts read without colour."""

import base64
import io
import itertools
import json
import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import lxml.html
import pikepdf
import pytest
from defusedxml import ElementTree as ET
from django.conf import settings
from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from corporate_parenting.pdf import render_pdf
from surveys import charts
from surveys.charts import Point, Series, indicator_chart, trend_chart

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script> \"Quoted\" & 'single'\nsecond line $x^2$"


def feel_safe(**overrides):
    arguments = {
        "title": "Children in care who feel safe",
        "council": Point("Hampshire", 91),
        "comparators": [Point("comparison group", 84)],
        "higher_is_better": True,
    }
    return indicator_chart(**{**arguments, **overrides})


def placements(**overrides):
    arguments = {
        "title": "Three or more placements in a year",
        "periods": ["2016", "2017", "2018"],
        "series": [
            Series("Hampshire", [Point("2016", 11), Point.suppressed("2017"), Point("2018", 9)]),
            Series("England", [Point("2016", 10), Point("2017", 10), Point("2018", 10)]),
        ],
        "target": 9,
        "higher_is_better": False,
    }
    return trend_chart(**{**arguments, **overrides})


def svg_texts(chart) -> list[str]:
    """Every piece of text drawn in the chart's SVG (text stays text: svg.fonttype none)."""
    root = ET.fromstring(chart.svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# What the chart says


def test_the_indicator_alt_text_says_what_the_chart_shows():
    assert feel_safe().alt == (
        "Children in care who feel safe: Hampshire 91%, comparison group 84%. Higher is better."
    )


def test_the_indicator_table_has_the_same_figures_in_rows_and_columns():
    chart = feel_safe(comparators=[Point("comparison group", 84, note="significantly lower")])
    table = chart.table
    assert table.caption == "Children in care who feel safe"
    assert (table.corner, table.columns) == ("Area", ("Percent", "Note"))
    assert [(row.header, row.cells, row.emphasis) for row in table.rows] == [
        ("Hampshire", ("91%", ""), True),
        ("comparison group", ("84%", "significantly lower"), False),
    ]
    assert table.notes == ("Higher is better.",)


def test_the_trend_alt_text_names_every_period_of_a_short_trend_and_the_target():
    assert placements().alt == (
        "Three or more placements in a year, 2016 to 2018. "
        "Hampshire: 11% in 2016, suppressed in 2017, 9% in 2018. "
        "England: 10% in 2016, 10% in 2017, 10% in 2018. "
        "Target: 9%. Lower is better."
    )


def test_the_alt_text_of_a_long_trend_gives_its_ends_and_its_gaps():
    periods = [str(year) for year in range(2015, 2025)]
    points = [Point(year, 50 + i) for i, year in enumerate(periods)]
    points[3] = Point.from_symbol("2018", "c")
    points[-1] = Point.from_symbol("2024", "x")
    chart = trend_chart(
        title="Care leavers in touch", periods=periods, series=[Series("Demo", points)]
    )
    assert chart.alt == (
        "Care leavers in touch, 2015 to 2024. "
        "Demo: from 50% in 2015 to 58% in 2023; suppressed in 2018, not available in 2024."
    )


def test_the_trend_table_has_a_row_per_period_and_a_column_per_series():
    table = placements().table
    assert (table.corner, table.columns) == ("Period", ("Hampshire", "England"))
    assert [(row.header, row.cells) for row in table.rows] == [
        ("2016", ("11%", "10%")),
        ("2017", ("suppressed", "10%")),
        ("2018", ("9%", "10%")),
    ]
    assert table.notes == ("Target: 9%.", "Lower is better.")


def test_a_period_a_series_has_no_point_for_is_not_available():
    chart = placements(series=[Series("Hampshire", [Point("2016", 11)])])
    assert [row.cells for row in chart.table.rows] == [
        ("11%",),
        ("not available",),
        ("not available",),
    ]


def test_counts_are_written_with_thousands_separators_and_no_percent_axis():
    chart = indicator_chart(
        title="Children in care",
        council=Point("Hampshire", 1304),
        comparators=[Point("Kent", 1500)],
        unit="children",
    )
    assert chart.alt == "Children in care: Hampshire 1,304, Kent 1,500."
    assert chart.table.columns == ("Children",)
    assert "100%" not in svg_texts(chart)
    assert "1,304" in svg_texts(chart)


# Hidden values


def test_a_hidden_point_cannot_carry_its_number():
    with pytest.raises(ValueError, match="must not hold its number"):
        Point("Hampshire", 3, hidden="suppressed")
    with pytest.raises(ValueError, match="cannot be shown as anything"):
        Point("Hampshire", hidden="suppressed", shown_as="3")
    with pytest.raises(ValueError, match="say why"):
        Point("Hampshire")


def test_a_suppressed_value_is_named_in_the_svg_alt_text_and_table_never_drawn_as_a_bar():
    chart = feel_safe(
        comparators=[Point("comparison group", 84), Point.suppressed("Demo", "fewer than 5")]
    )
    assert "Demo (suppressed: fewer than 5)" in chart.alt
    assert chart.table.rows[2].cells == ("suppressed: fewer than 5",)
    assert "suppressed: fewer than 5" in svg_texts(chart)
    # Two bars drawn (the council's and one comparator), not three.
    root = ET.fromstring(chart.svg)
    bars = [g for g in root.iter(f"{SVG}g") if g.get("id", "").startswith("patch_")]
    plain_bars = [
        g
        for g in bars
        for path in g.iter(f"{SVG}path")
        if charts.COMPARATOR_FILL in (path.get("style") or "")
    ]
    assert len(plain_bars) == 1


def test_the_statistics_symbols_are_shown_in_words():
    words = {symbol: Point.from_symbol("2020", symbol).hidden for symbol in "ckzx"}
    assert words == {
        "c": "suppressed",
        "k": "rounds to 0",
        "z": "not applicable",
        "x": "not available",
    }
    with pytest.raises(ValueError, match="not a statistics symbol"):
        Point.from_symbol("2020", "q")


def test_a_trend_gap_is_a_break_in_the_line_named_under_the_chart():
    chart = placements()
    assert "Not drawn: Hampshire 2017: suppressed." in svg_texts(chart)


def test_the_drawing_holds_no_more_precision_than_its_label():
    """42 of 231 is 18.18...%: printed as 18%, drawn at 18%, so the SVG's geometry cannot
    give the count back."""
    exact = feel_safe(council=Point("Hampshire", 42 / 231 * 100))
    rounded = feel_safe(council=Point("Hampshire", 18))
    assert exact.svg == rounded.svg
    exact_trend = placements(target=None, series=[Series("A", [Point("2016", 100 / 3)])])
    rounded_trend = placements(target=None, series=[Series("A", [Point("2016", 33)])])
    assert exact_trend.svg == rounded_trend.svg


def test_rounding_is_half_up_and_decimals_can_be_asked_for():
    assert feel_safe(council=Point("Hampshire", 32.5)).table.rows[0].cells == ("33%",)
    chart = feel_safe(council=Point("Hampshire", 42 / 231 * 100), decimals=1)
    assert chart.table.rows[0].cells == ("18.2%",)


# Axes, lines, labels


def test_a_percent_axis_runs_from_0_to_100():
    texts = svg_texts(placements())
    assert "0%" in texts and "100%" in texts
    assert "0%" in svg_texts(feel_safe()) and "100%" in svg_texts(feel_safe())


def test_a_low_percent_measure_can_ask_for_a_shorter_axis_that_still_starts_at_0():
    texts = svg_texts(placements(axis_top=25))
    assert "0%" in texts and "25%" in texts and "100%" not in texts
    # A value above the asked-for top widens the axis rather than running off it.
    ticks = [float(t[:-1]) for t in svg_texts(placements(axis_top=5)) if t[:-1].isdecimal()]
    assert min(ticks) == 0 and max(ticks) >= 11


def test_each_line_is_named_at_its_end_and_the_target_is_a_labelled_line():
    texts = svg_texts(placements())
    assert "Hampshire 9%" in texts
    assert "England 10%" in texts
    assert "Target 9%" in texts


def test_a_line_whose_last_value_is_hidden_is_named_with_the_period_of_its_last_value():
    points = [Point("2016", 11), Point("2017", 12), Point.suppressed("2018")]
    chart = placements(series=[Series("Hampshire", points)])
    assert "Hampshire 12% (2017)" in svg_texts(chart)


@given(
    st.lists(
        st.tuples(st.floats(min_value=0, max_value=100), st.integers(min_value=1, max_value=3)),
        max_size=7,
    )
)
def test_line_end_names_never_overlap(wanted):
    placed = charts._spread(wanted, 0.0, 100.0)
    line = charts.label_line_height(0.0, 100.0)
    order = sorted(range(len(wanted)), key=lambda i: placed[i])
    for below, above in itertools.pairwise(order):
        needed = (wanted[below][1] + wanted[above][1]) * line / 2
        assert placed[above] - placed[below] >= needed - 1e-9
    if sum(count for _y, count in wanted) * line <= 100:  # they fit: they stay on the axis
        for y, (_wanted, count) in zip(placed, wanted, strict=True):
            assert y - count * line / 2 >= -1e-9 and y + count * line / 2 <= 100 + 1e-9


def test_a_negative_value_gets_a_bar_left_of_a_zero_line_and_its_value_beside_it():
    chart = indicator_chart(
        title="Change in children in care since last year",
        council=Point("Hampshire", -12),
        comparators=[Point("England", 30)],
        unit="children",
    )
    texts = svg_texts(chart)
    assert "-12" in texts and "30" in texts
    ticks = [t for t in texts if t.lstrip("-").isdecimal() and t not in ("-12", "30")]
    assert min(int(t) for t in ticks) < -12  # the axis reaches past the negative bar


def test_a_long_trend_labels_some_periods_so_none_overlap_and_always_the_latest():
    periods = [f"{year}-{(year + 1) % 100:02d}" for year in range(2005, 2025)]
    chart = trend_chart(
        title="Children in care",
        periods=periods,
        series=[Series("Demo", [Point(p, 1000 + i) for i, p in enumerate(periods)])],
        unit="children",
    )
    labelled = [t for t in svg_texts(chart) if t in periods]
    assert "2024-25" in labelled
    assert 2 <= len(labelled) < len(periods)
    assert [row.header for row in chart.table.rows] == periods  # the table names them all
    few = placements()
    assert [t for t in svg_texts(few) if t in ("2016", "2017", "2018")] == ["2016", "2017", "2018"]


def test_a_chart_survives_being_kept_as_json():
    chart = placements()
    kept = charts.Chart.from_dict(json.loads(json.dumps(chart.to_dict())))
    assert kept == chart
    assert kept.data_uri == chart.data_uri


# Without colour


def test_the_councils_bar_differs_from_the_comparators_without_colour():
    svg = feel_safe().svg.decode()
    assert "<pattern" in svg  # the hatch
    assert contrast(charts.COUNCIL_FILL, charts.COMPARATOR_FILL) >= 3
    assert contrast(charts.COUNCIL_FILL, "#ffffff") >= 4.5


def test_every_line_has_its_own_marker_and_dash_pattern_and_strong_colour():
    styles = charts.TREND_STYLES
    assert len({style["marker"] for style in styles}) == len(styles)
    assert len({str(style["linestyle"]) for style in styles}) == len(styles)
    assert all(contrast(style["color"], "#ffffff") >= 4.5 for style in styles)
    # In the file: the dash patterns of both lines and the target differ.
    svg = placements().svg.decode()
    dashes = {part.split(";")[0] for part in svg.split("stroke-dasharray: ")[1:]}
    assert len(dashes) == 2  # England's and the target's; Hampshire's line is solid


# The file


def test_the_svg_has_a_title_and_desc_and_keeps_its_text_as_text():
    chart = feel_safe()
    root = ET.fromstring(chart.svg)
    first, second = list(root)[:2]
    assert (first.tag, first.text) == (f"{SVG}title", "Children in care who feel safe")
    assert (second.tag, second.text) == (f"{SVG}desc", chart.alt)
    assert root.get("role") == "img"
    assert "Hampshire" in svg_texts(chart)


def test_the_same_data_gives_the_same_bytes(monkeypatch):
    monkeypatch.setattr(charts, "CACHE_SIZE", 0)  # drawn each time, not remembered
    assert feel_safe().svg == feel_safe().svg
    assert placements().svg == placements().svg
    assert b"dc:date" not in feel_safe().svg


def test_charts_drawn_at_once_in_threads_are_the_same_bytes(monkeypatch):
    """matplotlib's settings are global: charts drawn side by side in threads (a threaded
    server, a report with several blocks) must not take each other's settings."""
    monkeypatch.setattr(charts, "CACHE_SIZE", 0)
    expected = {"indicator": feel_safe().svg, "trend": placements().svg}
    kinds = ["indicator", "trend"] * 6
    with ThreadPoolExecutor(max_workers=4) as pool:
        drawn = list(
            pool.map(lambda kind: (feel_safe if kind == "indicator" else placements)(), kinds)
        )
    assert [chart.svg for chart in drawn] == [expected[kind] for kind in kinds]


def test_a_long_value_widens_the_right_margin_so_it_is_not_cut_off():
    written = "91% (1,187 of 1,304 children)"
    chart = feel_safe(council=Point("Hampshire", 91, shown_as=written))
    root = ET.fromstring(chart.svg)
    (text,) = [node for node in root.iter(f"{SVG}text") if node.text == written]
    figure_width = float(root.get("viewBox").split()[2])
    assert float(text.get("x")) + len(written) * 0.6 * 12 <= figure_width  # 0.6 em a letter


def test_hostile_text_stays_text_everywhere():
    chart = indicator_chart(
        title=HOSTILE,
        council=Point(HOSTILE, 50, note=HOSTILE),
        comparators=[Point.suppressed(HOSTILE, HOSTILE)],
    )
    trend = trend_chart(
        title=HOSTILE,
        periods=[HOSTILE, "2019"],
        series=[Series(HOSTILE, [Point(HOSTILE, 40), Point.suppressed("2019", HOSTILE)])],
        target=50,
        target_label=HOSTILE,
    )
    one_line = " ".join(HOSTILE.split())
    for drawn in (chart, trend):
        root = ET.fromstring(drawn.svg)  # still well-formed XML
        assert not [node for node in root.iter() if node.tag.endswith("script")]
        assert b"<script" not in drawn.svg
        assert "$x^2$" in " ".join(svg_texts(drawn))  # drawn as typed, not as mathtext
        assert "\n" not in drawn.alt and one_line in drawn.alt
        html = render_to_string("surveys/_chart.html", {"chart": drawn})
        assert "<script" not in html
        page = lxml.html.fromstring(html)
        assert page.xpath("//img")[0].get("alt") == drawn.alt
        assert page.xpath("//caption")[0].text_content() == one_line


def test_bad_data_is_refused_with_a_plain_message():
    with pytest.raises(ValueError, match="120% is not between 0% and 100%"):
        feel_safe(council=Point("Hampshire", 120))
    with pytest.raises(ValueError, match="not a number"):
        Point("Hampshire", True)
    with pytest.raises(ValueError, match="not a finite number"):
        Point("Hampshire", float("nan"))
    with pytest.raises(ValueError, match="needs a title"):
        feel_safe(title="  ")
    with pytest.raises(ValueError, match="2019, which is not a period"):
        placements(series=[Series("Hampshire", [Point("2019", 5)])])
    with pytest.raises(ValueError, match="more than one value for 2016"):
        Series("Hampshire", [Point("2016", 5), Point("2016", 6)])
    with pytest.raises(ValueError, match="only once"):
        placements(periods=["2016", "2016"])
    with pytest.raises(ValueError, match="0 to 3 decimal places"):
        feel_safe(decimals=-1)
    with pytest.raises(ValueError, match="at most 6 lines"):
        placements(series=[Series(f"S{i}", [Point("2016", i)]) for i in range(7)])


def test_a_chart_with_nothing_to_show_says_so():
    chart = trend_chart(
        title="Dental checks",
        periods=["2017", "2018"],
        series=[Series("Demo", [Point.suppressed("2017"), Point.suppressed("2018")])],
        unit="children",
    )
    assert "No values can be shown" in svg_texts(chart)
    assert chart.alt == "Dental checks, 2017 to 2018. Demo: no values shown (suppressed)."


# On a page and in a PDF


def test_the_include_shows_the_image_with_its_alt_text_and_the_table_beside_it():
    chart = placements()
    page = lxml.html.fromstring(render_to_string("surveys/_chart.html", {"chart": chart}))
    image = page.xpath("//img")[0]
    assert image.get("alt") == chart.alt
    prefix = "data:image/svg+xml;base64,"
    assert image.get("src").startswith(prefix)
    assert base64.b64decode(image.get("src")[len(prefix) :]) == chart.svg
    assert (image.get("width"), image.get("height")) == (str(chart.width), str(chart.height))
    table = page.xpath("//table")[0]
    assert table.xpath("caption")[0].text_content() == "Three or more placements in a year"
    headers = table.xpath(".//th")
    assert headers and all(th.get("scope") in ("col", "row") for th in headers)
    assert [th.text_content() for th in table.xpath(".//thead//th")] == [
        "Period",
        "Hampshire",
        "England",
    ]
    assert [td.text_content() for td in table.xpath(".//tbody/tr[2]/td")] == ["suppressed", "10%"]
    notes = [p.text_content() for p in page.xpath("//p")]
    assert notes == ["Target: 9%.", "Lower is better."]


def _figure_alts(pdf: bytes) -> list[str]:
    with pikepdf.Pdf.open(io.BytesIO(pdf)) as document:
        found, stack = [], [document.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            if element.get("/S") == pikepdf.Name.Figure and "/Alt" in element:
                found.append(str(element.Alt))
            kids = element.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary))
        return found


def test_the_same_chart_prints_through_the_pdf_pipeline_with_its_alt_text_and_table():
    chart = feel_safe(
        comparators=[Point("comparison group", 84), Point.suppressed("Demo", "fewer than 5")]
    )
    body = render_to_string("surveys/_chart.html", {"chart": chart})
    pdf = render_pdf(
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Evidence</title>'
        "<style>img { max-width: 100%; height: auto; }</style></head>"
        f"<body><h1>Evidence</h1>{body}</body></html>"
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # The table, as text.
    assert "Children in care who feel safe" in text
    assert "comparison group" in text and "84%" in text and "suppressed: fewer than 5" in text
    # The SVG was drawn, not dropped: its axis label is in no table.
    assert "Percent (higher is better)" in text
    # The image is a tagged figure carrying the alt text.
    assert chart.alt in _figure_alts(pdf)


# Speed and surroundings


def _python(code: str, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "MPLCONFIGDIR"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        timeout=120,
        check=True,
    )


def test_django_start_up_does_not_import_matplotlib():
    result = _python(
        """
        import sys, django
        django.setup()
        from django.urls import resolve, reverse
        import surveys.charts, surveys.views
        resolve(reverse("surveys:index"))
        print("matplotlib" in sys.modules)
        """,
        DJANGO_SETTINGS_MODULE="corporate_parenting.settings",
    )
    assert result.stdout.decode().strip() == "False"


DRAW_ONE = """
    import sys
    from surveys.charts import Point, indicator_chart
    chart = indicator_chart(
        title="Children in care who feel safe",
        council=Point("Hampshire", 91),
        comparators=[Point("comparison group", 84)],
        higher_is_better=True,
    )
    sys.stdout.buffer.write(chart.svg)
"""


def test_the_bytes_do_not_depend_on_the_home_folder_or_a_matplotlibrc(tmp_path):
    """In a process whose home folder cannot be written (matplotlib then keeps its font list
    in a temporary folder) and in one with a matplotlibrc that changes everything it can,
    the same data gives the same file as here."""
    expected = feel_safe().svg
    unwritable = _python(DRAW_ONE, HOME="/proc/no-such-home")
    assert unwritable.stdout == expected
    config = tmp_path / "mplconfig"
    config.mkdir()
    (config / "matplotlibrc").write_text(
        "font.size: 30\nlines.linewidth: 9\nsvg.hashsalt: other\nsvg.fonttype: path\n"
        "axes.facecolor: red\ntext.parse_math: True\n"
    )
    customised = _python(DRAW_ONE, MPLCONFIGDIR=str(config))
    assert customised.stdout == expected
    assert not Path("/proc/no-such-home").exists()


def test_a_chart_asked_for_again_is_the_one_drawn_before(monkeypatch):
    charts.cache_clear()
    drawn = []
    real = charts._draw
    monkeypatch.setattr(charts, "_draw", lambda *a, **k: drawn.append(1) or real(*a, **k))
    first = placements()
    assert placements() is first
    assert len(drawn) == 1


def test_remembered_charts_are_told_apart_by_every_argument(monkeypatch):
    charts.cache_clear()
    base = {
        "title": "Felt safe",
        "council": Point("Hampshire", Decimal("9.5")),
        "comparators": [Point("England", 9)],
    }
    one = indicator_chart(**base)
    assert indicator_chart(**{**base, "decimals": 1}).table != one.table
    assert indicator_chart(**{**base, "title": "Felt unsafe"}).title == "Felt unsafe"
    other = indicator_chart(**{**base, "council": Point("Hampshire", Decimal("9.50"))})
    assert other is not one  # equal numbers, but not the same argument: drawn on their own
    assert other.svg == one.svg
    # A generator of comparators is read once and keyed by its points, not its identity.
    again = indicator_chart(**{**base, "comparators": (p for p in base["comparators"])})
    assert again is one


def test_the_remembered_charts_are_bounded(monkeypatch):
    charts.cache_clear()
    monkeypatch.setattr(charts, "CACHE_SIZE", 3)
    made = [
        indicator_chart(title=f"Chart {n}", council=Point("Us", n), comparators=[])
        for n in range(5)
    ]
    assert len(charts._remembered_charts) == 3
    assert indicator_chart(title="Chart 4", council=Point("Us", 4), comparators=[]) is made[4]
    assert indicator_chart(title="Chart 0", council=Point("Us", 0), comparators=[]) is not made[0]
