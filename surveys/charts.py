"""Charts of the evidence: plain data in; an SVG, its alt text and its data table out.

Every output that shows a chart (the indicator pages, a report block, the agenda pack's PDF)
calls `indicator_chart()` or `trend_chart()` and shows the `Chart` it returns through
`surveys/_chart.html`, so the page and the PDF carry the same file, the same words and the
same table. Decision 0025 says why the charts are drawn on the server and how they stay
accessible.

What this module promises, whatever the caller passes:

- A hidden value (disclosure control, or a statistics symbol such as c, k, z, x) is a
  `Point` with no number at all: `value=None` and the words to show instead ("suppressed",
  "not available"). It cannot reach the SVG, the alt text or the table, because it is not
  there. It is drawn as a gap (a missing bar with its words; a break in the line, named in a
  note under the chart), never as a zero.
- What is drawn is what is printed: each value is rounded to the chart's `decimals` (half
  up) before it becomes a bar length or a line height, so the geometry of the SVG never
  holds more precision than the label beside it. Pass the published value (after any
  rounding disclosure control applies); the chart does not round counts to 5 for you.
- The axis range comes only from the values shown (and the target), so a hidden value
  cannot move it. A percent axis always runs from 0 to 100.
- Readable without colour: the council's bar is hatched and first, each line has its own
  marker and dash pattern and is named at its end, and the target is a labelled line.
- The same data gives the same bytes: the drawing starts from matplotlib's defaults (a
  matplotlibrc in the home folder changes nothing), ids are salted with a fixed salt, and
  no date is written.
- A chart asked for again with the same arguments is the one drawn before (the process keeps
  the last CACHE_SIZE), so the next reader of a page does not pay for the drawing again.
- Text stays text in the SVG (svg.fonttype "none"), with a <title> and <desc>. Text is
  never read as mathtext, so a "$" in a label is a dollar sign.

Nothing here imports matplotlib until a chart is drawn: the import costs about half a second
and most requests never draw one. matplotlib needs a writable folder for its font list; where
the home folder is read-only it makes a temporary one per process (and logs a warning), so
set MPLCONFIGDIR to a writable folder in production (the Dockerfile does).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import math
import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real
from xml.sax.saxutils import escape

PERCENT = "percent"

# The GSS statistics symbols the figures keep as typed states, in the words a chart shows.
SYMBOL_WORDS = {
    "c": "suppressed",
    "k": "rounds to 0",
    "z": "not applicable",
    "x": "not available",
    # The DfE's other and older symbols (surveys.models_figures.Figure.Symbol).
    "low": "rounds to 0",
    "u": "low reliability",
    "~": "less than half the smallest unit",
    ":": "not available",
    ".": "not applicable",
}

MAX_TREND_SERIES = 6

# The drawing's settings, applied over matplotlib's defaults for each chart.
_RC = {
    "svg.fonttype": "none",  # text as <text>: selectable, searchable, read back from PDFs
    "svg.hashsalt": "corporate-parenting-charts",  # stable clip-path and hatch ids
    "text.parse_math": False,  # "$5 a week" is text, not mathtext
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib: the same metrics everywhere
    "font.size": 12,  # the image is often shown narrower than drawn: big enough then
    "axes.edgecolor": "#0b0c0c",
    "axes.labelcolor": "#0b0c0c",
    "xtick.color": "#0b0c0c",
    "ytick.color": "#0b0c0c",
    "text.color": "#0b0c0c",
    "hatch.linewidth": 1.2,
}

TITLE_SIZE = 14
END_LABEL_SIZE = 11.5
NOTE_SIZE = 10.5
TREND_PLOT_HEIGHT = 3.2  # inches

TEXT = "#0b0c0c"
GRID = "#d8dadb"
COUNCIL_FILL = "#1d5c63"  # the product's brand colour: dark in greyscale too
COMPARATOR_FILL = "#b1b4b6"  # light grey: the council's bar is darker and hatched

# One style per line: colour (each at least 4.5:1 on white), marker and dash pattern, so any
# two lines differ without colour. The first is the council's.
TREND_STYLES = (
    {"color": "#1d5c63", "marker": "o", "linestyle": "-", "linewidth": 2.6},
    {"color": "#0b0c0c", "marker": "s", "linestyle": (0, (6, 3)), "linewidth": 1.8},
    {"color": "#6f4f00", "marker": "^", "linestyle": (0, (1.5, 2)), "linewidth": 1.8},
    {"color": "#912b88", "marker": "D", "linestyle": (0, (6, 2, 1.5, 2)), "linewidth": 1.8},
    {"color": "#505a5f", "marker": "v", "linestyle": (0, (3, 1.5)), "linewidth": 1.8},
    {"color": "#942514", "marker": "P", "linestyle": (0, (8, 2, 1.5, 2, 1.5, 2)), "linewidth": 1.8},
)
TARGET_STYLE = {"color": TEXT, "linestyle": (0, (2, 2, 8, 2)), "linewidth": 1.2}

_CHAR_WIDTH_IN = 0.6 * 12 / 72  # DejaVu Sans averages 0.6 em; the text is 12 pt

_DRAWING = threading.Lock()  # rcParams are global: one chart is drawn at a time


def _clean(text) -> str:
    """Text on one line: line breaks and runs of spaces become one space."""
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Point:
    """One value of a chart: a bar, or a point of a line (`label` is then its period).

    A shown value has `value` (the published number) and may have `shown_as` (how it is
    written; by default the value rounded to the chart's decimals, with "%" for percent).
    A hidden value has `value=None` and `hidden`: the words shown instead, e.g.
    "suppressed" or "suppressed: fewer than 5". It may carry nothing else that could hold
    the number. `note` is said beside the value, e.g. "significantly higher than the other
    councils"."""

    label: str
    value: float | int | Decimal | None = None
    shown_as: str = ""
    hidden: str = ""
    note: str = ""

    def __post_init__(self):
        object.__setattr__(self, "label", _clean(self.label))
        object.__setattr__(self, "shown_as", _clean(self.shown_as))
        object.__setattr__(self, "hidden", _clean(self.hidden))
        object.__setattr__(self, "note", _clean(self.note))
        if not self.label:
            raise ValueError("Every point of a chart needs a label.")
        if self.value is None:
            if not self.hidden:
                raise ValueError(
                    f"{self.label} has no value: say why (for example 'suppressed' or "
                    "'not available')."
                )
            if self.shown_as:
                raise ValueError(f"{self.label} is hidden, so it cannot be shown as anything.")
        else:
            if self.hidden:
                raise ValueError(
                    f"{self.label} is marked '{self.hidden}' but carries a value: a hidden "
                    "point must not hold its number."
                )
            if isinstance(self.value, bool) or not isinstance(self.value, Real | Decimal):
                raise ValueError(f"{self.label}: {self.value!r} is not a number.")
            if not math.isfinite(self.value):
                raise ValueError(f"{self.label}: {self.value} is not a finite number.")

    @classmethod
    def suppressed(cls, label: str, why: str = "") -> Point:
        """A value hidden by disclosure control; `why` is shown after "suppressed: "."""
        return cls(label, hidden=f"suppressed: {why}" if _clean(why) else "suppressed")

    @classmethod
    def from_symbol(cls, label: str, symbol: str) -> Point:
        """A value published as a statistics symbol (c, k, z or x)."""
        try:
            words = SYMBOL_WORDS[symbol.strip().lower()]
        except KeyError:
            known = ", ".join(SYMBOL_WORDS)
            raise ValueError(f"{symbol!r} is not a statistics symbol ({known}).") from None
        return cls(label, hidden=words)

    @property
    def is_hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Series:
    """One line of a trend chart: its name and a point per period (labelled by period)."""

    label: str
    points: Sequence[Point]

    def __post_init__(self):
        object.__setattr__(self, "label", _clean(self.label))
        object.__setattr__(self, "points", tuple(self.points))
        if not self.label:
            raise ValueError("Every series of a chart needs a label.")
        periods = [point.label for point in self.points]
        repeated = sorted({period for period in periods if periods.count(period) > 1})
        if repeated:
            raise ValueError(f"{self.label} has more than one value for {', '.join(repeated)}.")


@dataclass(frozen=True)
class Row:
    header: str
    cells: tuple[str, ...]
    emphasis: bool = False  # the council's own row


@dataclass(frozen=True)
class Table:
    """The chart's data as a table: caption, the heading of the row headers' column, the
    other columns' headings, the rows, and notes to print under it."""

    caption: str
    corner: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A drawn chart: the SVG file, its alt text and its data table, from the same data."""

    kind: str  # "indicator" or "trend"
    title: str
    svg: bytes
    alt: str
    table: Table
    width: int  # CSS pixels, for the <img>'s width and height
    height: int

    def to_dict(self) -> dict:
        """The chart as JSON-ready data, for a report block frozen on publication: the
        published pack keeps these bytes and words even if matplotlib changes."""
        return {
            "kind": self.kind,
            "title": self.title,
            "svg": self.svg.decode("utf-8"),
            "alt": self.alt,
            "width": self.width,
            "height": self.height,
            "table": {
                "caption": self.table.caption,
                "corner": self.table.corner,
                "columns": list(self.table.columns),
                "rows": [[r.header, list(r.cells), r.emphasis] for r in self.table.rows],
                "notes": list(self.table.notes),
            },
        }

    @classmethod
    def from_dict(cls, data: dict) -> Chart:
        table = data["table"]
        return cls(
            kind=data["kind"],
            title=data["title"],
            svg=data["svg"].encode("utf-8"),
            alt=data["alt"],
            width=data["width"],
            height=data["height"],
            table=Table(
                caption=table["caption"],
                corner=table["corner"],
                columns=tuple(table["columns"]),
                rows=tuple(Row(h, tuple(c), bool(e)) for h, c, e in table["rows"]),
                notes=tuple(table["notes"]),
            ),
        )

    @functools.cached_property
    def data_uri(self) -> str:
        """The SVG as a data: URI for <img src>: allowed by our CSP (img-src data:) and by
        the PDF pipeline's fetcher, and nothing to serve or cache separately."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


# Numbers


def _rounded(value, decimals: int) -> Decimal:
    """`value` rounded half up to `decimals` places (42/231 = 18.18...% is 18%; 32.5% is
    33%): the value the chart draws and prints."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


def _written(value: Decimal, unit: str) -> str:
    return f"{value:,}%" if unit == PERCENT else f"{value:,}"


@dataclass(frozen=True)
class _Shown:
    """A point as this chart shows it: its drawn number (None if hidden) and its words."""

    label: str
    number: float | None
    text: str
    note: str

    @property
    def is_hidden(self) -> bool:
        return self.number is None


def _shown(point: Point, unit: str, decimals: int) -> _Shown:
    if isinstance(decimals, bool) or decimals not in range(4):
        raise ValueError("A chart shows 0 to 3 decimal places.")
    if point.is_hidden:
        return _Shown(point.label, None, point.hidden, point.note)
    number = _rounded(point.value, decimals)
    if unit == PERCENT and not 0 <= number <= 100:
        raise ValueError(f"{point.label}: {number}% is not between 0% and 100%.")
    return _Shown(point.label, float(number), point.shown_as or _written(number, unit), point.note)


def _direction(higher_is_better: bool | None) -> str:
    if higher_is_better is None:
        return ""
    return "Higher is better." if higher_is_better else "Lower is better."


def _axis_label(unit: str, higher_is_better: bool | None) -> str:
    name = "Percent" if unit == PERCENT else _clean(unit)[:1].upper() + _clean(unit)[1:]
    if higher_is_better is None:
        return name
    return f"{name} ({'higher' if higher_is_better else 'lower'} is better)"


def _nice_top(largest: float) -> float:
    """A round axis end at or above `largest` (the ticks are chosen by matplotlib)."""
    if largest <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(largest))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= largest * 1.05:
            return step * magnitude
    return 10 * magnitude


def _axis_end(unit: str, numbers: list[float], axis_top: float | None) -> float:
    """Where the value axis ends (it starts at 0): 100 for percent, a round number above
    the largest value otherwise, or `axis_top` if the caller chose one (a low percent
    measure, such as placement moves at 10%, reads better on 0 to 25%). Only the values
    shown count, so a hidden value cannot move the axis; one beyond `axis_top` widens it."""
    largest = max(numbers, default=0.0)
    if unit == PERCENT and axis_top is not None:
        axis_top = min(float(axis_top), 100.0)
    if axis_top is not None and axis_top > 0 and largest <= axis_top:
        return float(axis_top)
    if unit == PERCENT:
        return 100.0 if axis_top is None else min(100.0, _nice_top(largest))
    return _nice_top(largest)


def _axis_start(numbers: list[float]) -> float:
    """Where the value axis starts: 0, or a round number below a negative value (a change
    from last year can fall)."""
    smallest = min(numbers, default=0.0)
    return -_nice_top(-smallest) if smallest < 0 else 0.0


# Drawing


@functools.cache
def _matplotlib():
    """matplotlib's pieces, imported on first use (Django start-up does not pay for them)."""
    import matplotlib
    from matplotlib import ticker, transforms
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    return matplotlib, Figure, FigureCanvasSVG, ticker, transforms


def _draw(draw, *, width_in: float, height_in: float, title: str, desc: str) -> bytes:
    """Runs `draw(figure, mpl)` on a new figure under our settings and returns the SVG."""
    matplotlib, Figure, FigureCanvasSVG, ticker, transforms = _matplotlib()
    with _DRAWING, matplotlib.rc_context():
        matplotlib.rcdefaults()  # whatever a matplotlibrc or another caller set
        matplotlib.rcParams.update(_RC)
        figure = Figure(figsize=(width_in, height_in), dpi=72)
        FigureCanvasSVG(figure)
        draw(figure, ticker, transforms)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return _with_title_and_desc(buffer.getvalue(), title, desc)


def _with_title_and_desc(svg: bytes, title: str, desc: str) -> bytes:
    """The SVG with <title> and <desc> as the first children of its root element, where
    software that reads the file alone (a download, an SVG viewer) looks for its name."""
    text = svg.decode("utf-8")
    start = text.index("<svg ")
    end = text.index(">", start) + 1
    opening = text[start:end].replace("<svg ", '<svg role="img" xml:lang="en-GB" ', 1)
    inserted = f"\n <title>{escape(title)}</title>\n <desc>{escape(desc)}</desc>"
    return (text[:start] + opening + inserted + text[end:]).encode("utf-8")


def _title_lines(title: str, width: int = 55) -> str:
    return textwrap.fill(title, width) if title else ""


def _title(figure, text: str, width_in: float, height_in: float) -> None:
    """The chart's title at its top left, so the file names itself when shown alone."""
    figure.text(
        0.1 / width_in, 1 - 0.18 / height_in, text, fontsize=TITLE_SIZE, fontweight="bold",
        va="top", ha="left",
    )  # fmt: skip


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(text, width, break_long_words=True, break_on_hyphens=True)


# Charts drawn once: the same data gives the same bytes, so a chart asked for again (the same
# page opened by the next councillor) is the one drawn before, at no cost. The key is the
# repr() of every argument, so it tells 9.5 from Decimal("9.50") and one council's data from
# another's; a process keeps the last CACHE_SIZE charts (each 20 to 60 KB with its data URI).

CACHE_SIZE = 128
_remembered_charts: dict[str, Chart] = {}  # oldest first (dicts keep insertion order)
_REMEMBERING = threading.Lock()


def _remembered(draw, **arguments) -> Chart:
    if CACHE_SIZE <= 0:
        return draw(**arguments)
    key = hashlib.sha256(repr((draw.__name__, sorted(arguments.items()))).encode()).hexdigest()
    with _REMEMBERING:
        chart = _remembered_charts.pop(key, None)
        if chart is not None:
            _remembered_charts[key] = chart  # now the most recently used
            return chart
    chart = draw(**arguments)
    with _REMEMBERING:
        _remembered_charts[key] = chart
        while len(_remembered_charts) > CACHE_SIZE:
            del _remembered_charts[next(iter(_remembered_charts))]
    return chart


def cache_clear() -> None:
    """Forget the charts drawn so far (tests that must see a chart drawn)."""
    with _REMEMBERING:
        _remembered_charts.clear()


# The indicator chart


def indicator_chart(
    *,
    title: str,
    council: Point,
    comparators: Sequence[Point],
    unit: str = PERCENT,
    higher_is_better: bool | None = None,
    decimals: int = 0,
    axis_top: float | None = None,
) -> Chart:
    """The council's value against its comparators, as horizontal bars with the value
    written at each bar's end. The council's bar comes first, hatched and darker, and its
    name is bold."""
    return _remembered(
        _indicator_chart,
        title=title,
        council=council,
        comparators=tuple(comparators),
        unit=unit,
        higher_is_better=higher_is_better,
        decimals=decimals,
        axis_top=axis_top,
    )


def _indicator_chart(
    *, title, council, comparators, unit, higher_is_better, decimals, axis_top
) -> Chart:
    title = _clean(title)
    if not title:
        raise ValueError("A chart needs a title.")
    bars = [_shown(council, unit, decimals)] + [_shown(p, unit, decimals) for p in comparators]

    alt = _indicator_alt(title, bars, higher_is_better)
    notes = tuple(text for text in (_direction(higher_is_better),) if text)
    value_heading = "Percent" if unit == PERCENT else _axis_label(unit, None)
    has_notes = any(bar.note for bar in bars)
    table = Table(
        caption=title,
        corner="Area",
        columns=(value_heading, "Note") if has_notes else (value_heading,),
        rows=tuple(
            Row(
                bar.label,
                (bar.text, bar.note) if has_notes else (bar.text,),
                emphasis=index == 0,
            )
            for index, bar in enumerate(bars)
        ),
        notes=notes,
    )

    title_text = _title_lines(title)
    title_lines = title_text.count("\n") + 1
    names = [_wrap(bar.label, 22) for bar in bars]
    bar_step = 0.36 + 0.2 * max(name.count("\n") + 1 for name in names)
    # Inches: the names on the left; on the right, the longest value written past a full bar.
    longest = max((len(bar.text) for bar in bars if not bar.is_hidden), default=0)
    left, right = 2.5, max(0.9, 0.2 + longest * _CHAR_WIDTH_IN)
    top = 0.25 + 0.28 * title_lines
    bottom = 0.75
    plot_height = bar_step * len(bars)
    width_in, height_in = 7.0, top + plot_height + bottom

    def draw(figure, ticker, transforms):
        axes = figure.add_axes(
            (
                left / width_in,
                bottom / height_in,
                (width_in - left - right) / width_in,
                plot_height / height_in,
            )
        )
        _title(figure, title_text, width_in, height_in)
        positions = list(range(len(bars)))
        shown = [(pos, bar) for pos, bar in zip(positions, bars, strict=True) if not bar.is_hidden]
        numbers = [bar.number for _pos, bar in shown]
        end = _axis_end(unit, numbers, axis_top)
        start = _axis_start(numbers)
        if start < 0:  # room for the values written left of negative bars, and a zero line
            start -= 0.15 * (end - start)
            axes.axvline(0, color=TEXT, linewidth=0.8, zorder=2)
        axes.set_xlim(start, end)
        axes.set_ylim(len(bars) - 0.5, -0.5)  # the council on top
        for pos, bar in shown:
            is_council = pos == 0
            axes.barh(
                pos,
                bar.number,
                height=0.62,
                color=COUNCIL_FILL if is_council else COMPARATOR_FILL,
                edgecolor=TEXT,
                linewidth=0.8,
                hatch="//" if is_council else None,
                hatchcolor="white" if is_council else None,
                zorder=2,
            )
        offset = (end - start) * 0.012
        for pos, bar in zip(positions, bars, strict=True):
            if bar.is_hidden:
                axes.text(
                    offset, pos, _wrap(bar.text, 45), va="center", ha="left", fontstyle="italic",
                    color=TEXT, zorder=3,
                )  # fmt: skip
            else:
                negative = bar.number < 0
                axes.text(
                    bar.number - offset if negative else bar.number + offset, pos, bar.text,
                    va="center", ha="right" if negative else "left",
                    fontweight="bold" if pos == 0 else "normal", clip_on=False, zorder=3,
                )  # fmt: skip
        axes.set_yticks(positions, names)
        for pos, label in enumerate(axes.get_yticklabels()):
            if pos == 0:
                label.set_fontweight("bold")
        axes.tick_params(axis="y", length=0, pad=6)
        if unit == PERCENT:
            axes.xaxis.set_major_locator(ticker.MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
            axes.xaxis.set_major_formatter(ticker.FuncFormatter(lambda x, _pos: f"{x:g}%"))
        else:
            axes.xaxis.set_major_locator(ticker.MaxNLocator(5))
            axes.xaxis.set_major_formatter(ticker.FuncFormatter(lambda x, _pos: f"{x:,g}"))
        axes.grid(axis="x", color=GRID, linewidth=0.8, zorder=0)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_xlabel(_axis_label(unit, higher_is_better))

    svg = _draw(draw, width_in=width_in, height_in=height_in, title=title, desc=alt)
    return Chart(
        kind="indicator",
        title=title,
        svg=svg,
        alt=alt,
        table=table,
        width=round(width_in * 96),
        height=round(height_in * 96),
    )


def _said(bar: _Shown) -> str:
    said = f"{bar.label} ({bar.text})" if bar.is_hidden else f"{bar.label} {bar.text}"
    return f"{said} ({bar.note})" if bar.note else said


def _indicator_alt(title: str, bars: list[_Shown], higher_is_better: bool | None) -> str:
    sentences = [f"{title}: {', '.join(_said(bar) for bar in bars)}."]
    if direction := _direction(higher_is_better):
        sentences.append(direction)
    return " ".join(sentences)


# The trend chart


def trend_chart(
    *,
    title: str,
    periods: Sequence[str],
    series: Sequence[Series],
    unit: str = PERCENT,
    target: float | int | Decimal | None = None,
    target_label: str = "Target",
    higher_is_better: bool | None = None,
    decimals: int = 0,
    axis_top: float | None = None,
) -> Chart:
    """One line per series across `periods` (oldest first), each with its own marker and
    dash pattern and named at its end; the target, if any, as a labelled reference line.
    The first series is the council's and is drawn heaviest. A period a series has no point
    for counts as "not available"."""
    return _remembered(
        _trend_chart,
        title=title,
        periods=tuple(periods),
        series=tuple(series),
        unit=unit,
        target=target,
        target_label=target_label,
        higher_is_better=higher_is_better,
        decimals=decimals,
        axis_top=axis_top,
    )


def _trend_chart(
    *,
    title,
    periods,
    series,
    unit,
    target,
    target_label,
    higher_is_better,
    decimals,
    axis_top,
) -> Chart:
    title = _clean(title)
    periods = tuple(_clean(period) for period in periods)
    if not title:
        raise ValueError("A chart needs a title.")
    if not periods:
        raise ValueError("A trend chart needs at least one period.")
    if len(set(periods)) != len(periods):
        raise ValueError("Each period can appear only once in a trend chart.")
    if not series:
        raise ValueError("A trend chart needs at least one series.")
    if len(series) > MAX_TREND_SERIES:
        raise ValueError(
            f"A trend chart shows at most {MAX_TREND_SERIES} lines so that each can be told "
            "apart; show the others in a table."
        )
    lines = []  # (label, [_Shown per period])
    for line in series:
        by_period = {point.label: point for point in line.points}
        unknown = [label for label in by_period if label not in periods]
        if unknown:
            raise ValueError(f"{line.label} has a value for {unknown[0]}, which is not a period.")
        points = [by_period.get(p) or Point(p, hidden="not available") for p in periods]
        lines.append((line.label, [_shown(point, unit, decimals) for point in points]))
    target_number = None
    target_text = ""
    target_label = _clean(target_label) or "Target"
    if target is not None:
        target_shown = _shown(Point(target_label, target), unit, decimals)
        target_number, target_text = target_shown.number, target_shown.text

    alt = _trend_alt(title, periods, lines, target_label, target_text, higher_is_better)
    gaps = [
        f"{label} {period}: {point.text}"
        for label, points in lines
        for period, point in zip(periods, points, strict=True)
        if point.is_hidden
    ]
    table_notes = []
    if target_text:
        table_notes.append(f"{target_label}: {target_text}.")
    if direction := _direction(higher_is_better):
        table_notes.append(direction)
    table = Table(
        caption=title,
        corner="Period",
        columns=tuple(label for label, _points in lines),
        rows=tuple(
            Row(period, tuple(points[index].text for _label, points in lines))
            for index, period in enumerate(periods)
        ),
        notes=tuple(table_notes),
    )

    title_text = _title_lines(title)
    title_lines = title_text.count("\n") + 1
    gap_text = _wrap("Not drawn: " + "; ".join(gaps) + ".", 80) if gaps else ""
    gap_lines = gap_text.count("\n") + 1 if gap_text else 0
    left, right = 0.85, 2.3  # inches: the axis numbers; the names at the lines' ends
    top = 0.3 + 0.28 * title_lines
    bottom = 0.8 + 0.24 * gap_lines
    plot_height = TREND_PLOT_HEIGHT
    width_in, height_in = 7.0, top + plot_height + bottom

    def draw(figure, ticker, transforms):
        axes = figure.add_axes(
            (
                left / width_in,
                bottom / height_in,
                (width_in - left - right) / width_in,
                plot_height / height_in,
            )
        )
        _title(figure, title_text, width_in, height_in)
        if gap_text:
            figure.text(
                0.1 / width_in, 0.1 / height_in, gap_text, fontsize=NOTE_SIZE, va="bottom",
                ha="left", fontstyle="italic",
            )  # fmt: skip
        xs = list(range(len(periods)))
        numbers = [p.number for _label, points in lines for p in points if not p.is_hidden]
        if target_number is not None:
            numbers.append(target_number)
        low, high = _axis_start(numbers), _axis_end(unit, numbers, axis_top)
        if unit == PERCENT:
            axes.yaxis.set_major_locator(ticker.MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
            axes.yaxis.set_major_formatter(ticker.FuncFormatter(lambda y, _pos: f"{y:g}%"))
        else:
            axes.yaxis.set_major_locator(ticker.MaxNLocator(5))
            axes.yaxis.set_major_formatter(ticker.FuncFormatter(lambda y, _pos: f"{y:,g}"))
        axes.set_ylim(low, high)
        axes.set_xlim(-0.3, len(periods) - 0.7)
        axes.set_xticks(xs, _period_labels(periods, width_in - left - right))
        axes.grid(axis="y", color=GRID, linewidth=0.8, zorder=0)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_ylabel(_axis_label(unit, higher_is_better))
        if not numbers:
            axes.set_yticks([])
            axes.text(
                0.5, 0.5, "No values can be shown", transform=axes.transAxes, ha="center",
                va="center", fontstyle="italic",
            )  # fmt: skip

        ends = []  # (y of the last value shown, label, style, x of that value)
        if target_number is not None:
            # The target is named in the same column as the lines, so no name overlaps.
            axes.axhline(target_number, zorder=1, **TARGET_STYLE)
            ends.append((target_number, _wrap(f"{target_label} {target_text}", 20), None, None))
        for index, (label, points) in enumerate(lines):
            style = TREND_STYLES[index]
            ys = [math.nan if p.is_hidden else p.number for p in points]
            axes.plot(
                xs, ys, color=style["color"], linestyle=style["linestyle"],
                linewidth=style["linewidth"], marker=style["marker"], markersize=8,
                markeredgecolor="white" if index == 0 else style["color"],
                markeredgewidth=0.8, zorder=3 + (index == 0),
            )  # fmt: skip
            last = max((x for x in xs if not points[x].is_hidden), default=None)
            if last is None:
                continue
            end_text = f"{label} {points[last].text}"
            if last != xs[-1]:
                end_text += f" ({periods[last]})"
            ends.append((points[last].number, _wrap(end_text, 20), style, last))

        placed = _spread([(y, text.count("\n") + 1) for y, text, _s, _x in ends], low, high)
        label_at = transforms.blended_transform_factory(axes.transAxes, axes.transData)
        for (y, text, style, x), y_label in zip(ends, placed, strict=True):
            if style is None:  # the target: its line runs to the edge, beside its name
                axes.text(
                    1.04, y_label, text, transform=label_at, va="center", ha="left",
                    color=TEXT, fontsize=END_LABEL_SIZE, fontstyle="italic",
                )  # fmt: skip
                continue
            axes.annotate(
                text, xy=(x, y), xycoords="data", xytext=(1.04, y_label), textcoords=label_at,
                va="center", ha="left", color=TEXT, fontsize=END_LABEL_SIZE,
                fontweight="bold" if style is TREND_STYLES[0] else "normal",
                arrowprops={
                    "arrowstyle": "-", "color": style["color"], "linewidth": 1.0,
                    "shrinkA": 5, "shrinkB": 2,
                },
                annotation_clip=False,
            )  # fmt: skip

    svg = _draw(draw, width_in=width_in, height_in=height_in, title=title, desc=alt)
    return Chart(
        kind="trend",
        title=title,
        svg=svg,
        alt=alt,
        table=table,
        width=round(width_in * 96),
        height=round(height_in * 96),
    )


def _period_labels(periods: tuple[str, ...], axis_width_in: float) -> list[str]:
    """The x axis's labels: every period where they fit side by side, else every k-th one
    (always the latest), so none overlap; the table beside the chart names them all."""
    labels = [_wrap(period, 12) for period in periods]
    widest = max(len(line) for label in labels for line in label.split("\n"))
    needed = (widest + 1.5) * _CHAR_WIDTH_IN
    step = max(1, math.ceil(needed / (axis_width_in / len(periods))))
    last = len(periods) - 1
    return [label if (last - i) % step == 0 else "" for i, label in enumerate(labels)]


def label_line_height(low: float, high: float) -> float:
    """The height of one line of a line-end name, in data units of a trend's value axis."""
    return (high - low) / TREND_PLOT_HEIGHT * (END_LABEL_SIZE * 1.3 / 72)


def _spread(wanted: list[tuple[float, int]], low: float, high: float) -> list[float]:
    """Label heights (in data units) moved apart as little as possible so that labels of
    `lines` lines each do not overlap, kept within the axis where they fit."""
    if not wanted:
        return []
    line = label_line_height(low, high)
    order = sorted(range(len(wanted)), key=lambda i: wanted[i][0])
    placed = [0.0] * len(wanted)
    previous_top = None
    for i in order:
        y, count = wanted[i]
        half = count * line / 2
        y = max(y, low + half if previous_top is None else previous_top + half)
        placed[i] = y
        previous_top = y + half
    overflow = previous_top - high
    if overflow > 0:  # push the stack down from the top, keeping the gaps
        next_bottom = None
        for i in reversed(order):
            half = wanted[i][1] * line / 2
            y = placed[i] - overflow if next_bottom is None else min(placed[i], next_bottom - half)
            placed[i] = y
            next_bottom = y - half
    return placed


def _trend_alt(title, periods, lines, target_label, target_text, higher_is_better) -> str:
    span = periods[0] if len(periods) == 1 else f"{periods[0]} to {periods[-1]}"
    sentences = [f"{title}, {span}."]
    for label, points in lines:
        pairs = list(zip(periods, points, strict=True))
        visible = [(period, p) for period, p in pairs if not p.is_hidden]
        if not visible:
            words = sorted({p.text for p in points})
            sentences.append(f"{label}: no values shown ({', '.join(words)}).")
        elif len(periods) <= 4:
            said = ", ".join(f"{p.text} in {period}" for period, p in pairs)
            sentences.append(f"{label}: {said}.")
        else:
            (first_period, first), (last_period, last) = visible[0], visible[-1]
            said = (
                f"{first.text} in {first_period}"
                if first_period == last_period
                else f"from {first.text} in {first_period} to {last.text} in {last_period}"
            )
            hidden = [f"{p.text} in {period}" for period, p in pairs if p.is_hidden]
            if hidden:
                said += "; " + ", ".join(hidden)
            sentences.append(f"{label}: {said}.")
    if target_text:
        sentences.append(f"{target_label}: {target_text}.")
    if direction := _direction(higher_is_better):
        sentences.append(direction)
    return " ".join(sentences)
