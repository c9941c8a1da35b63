"""Demo performance figures: the board's indicators (seed 002 section 5, seed 003) and a
figures file in the DfE's layout, generated here, for the demo council and its comparators.

Hampshire's code (E10000014) and the South East's (E12000008) are public; every value is
invented, and so are the four statistical neighbours (their names and codes too), so nothing
here can be mistaken for a real council's figures. The file is imported through the same
services an officer uses (surveys.figures_import), so the demo proves the import too.

`national_file()` builds the same layout for every council in England (bench/figures_import.py).
"""

import csv
import io
import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from . import figures_import as fi
from .models_figures import FiguresImport, PerformanceIndicator

Unit = PerformanceIndicator.Unit
Direction = PerformanceIndicator.Direction

DATASET = "Children looked after in England including adoptions (demo figures, invented)"
RELEASE = "Demo release"
FOOTNOTE = (
    "Invented figures in the DfE's layout, for demonstration only. c: suppressed to protect "
    "confidential information; k: rounds to zero; z: not applicable; x: not available."
)
PERIODS = ("201819", "201920", "202021", "202122", "202223", "202324")


@dataclass(frozen=True)
class DemoIndicator:
    column: str
    name: str
    definition: str
    unit: str
    direction: str
    target: Decimal | None
    base: float  # the demo council's first value; England's is near it
    step: float  # change per year, before noise


INDICATORS = (
    DemoIndicator(
        "cla_at_31_march",
        "Children in care",
        "Children looked after at 31 March.",
        Unit.COUNT,
        Direction.NEITHER,
        None,
        1450,
        35,
    ),
    DemoIndicator(
        "pc_three_or_more_placements",
        "Three or more placements in a year",
        "Children looked after at 31 March with three or more placements during the year, "
        "as a percentage of all children looked after at 31 March.",
        Unit.PERCENT,
        Direction.LOWER,
        Decimal("9"),
        11,
        -0.3,
    ),
    DemoIndicator(
        "pc_same_placement_two_years",
        "Two years or more in the same placement",
        "Children under 16 looked after for two and a half years or more who have been in "
        "the same placement for at least two years (or placed for adoption), as a percentage.",
        Unit.PERCENT,
        Direction.HIGHER,
        Decimal("70"),
        66,
        0.6,
    ),
    DemoIndicator(
        "pc_health_assessment",
        "Health checks up to date",
        "Children looked after for at least 12 months whose annual health assessment is up "
        "to date, as a percentage.",
        Unit.PERCENT,
        Direction.HIGHER,
        Decimal("95"),
        88,
        1.0,
    ),
    DemoIndicator(
        "pc_dental_check",
        "Dental checks up to date",
        "Children looked after for at least 12 months whose teeth were checked by a dentist "
        "in the year, as a percentage.",
        Unit.PERCENT,
        Direction.HIGHER,
        Decimal("90"),
        84,
        0.8,
    ),
    DemoIndicator(
        "pc_immunisations",
        "Immunisations up to date",
        "Children looked after for at least 12 months whose immunisations are up to date, as "
        "a percentage.",
        Unit.PERCENT,
        Direction.HIGHER,
        Decimal("95"),
        86,
        0.7,
    ),
    DemoIndicator(
        "sdq_average_score",
        "Emotional wellbeing (SDQ average score)",
        "The average Strengths and Difficulties Questionnaire score of children aged 5 to 16 "
        "looked after for at least 12 months (0 to 40; 17 or more is a cause for concern).",
        Unit.SCORE,
        Direction.LOWER,
        Decimal("14"),
        14.8,
        -0.1,
    ),
    DemoIndicator(
        "missing_incidents",
        "Missing episodes",
        "Incidents of children looked after going missing from their placement in the year.",
        Unit.COUNT,
        Direction.LOWER,
        None,
        820,
        -12,
    ),
    DemoIndicator(
        "pc_school_attendance",
        "School attendance",
        "Sessions attended by children looked after at school, as a percentage of possible "
        "sessions.",
        Unit.PERCENT,
        Direction.HIGHER,
        Decimal("95"),
        91,
        0.2,
    ),
    DemoIndicator(
        "pc_care_leavers_in_touch",
        "Care leavers in touch",
        "Care leavers aged 19 to 21 the council is in touch with, as a percentage.",
        Unit.PERCENT,
        Direction.HIGHER,
        Decimal("95"),
        90,
        0.8,
    ),
    DemoIndicator(
        "pc_care_leavers_eet",
        "Care leavers in education, employment or training",
        "Care leavers aged 19 to 21 in education, employment or training, as a percentage.",
        Unit.PERCENT,
        Direction.HIGHER,
        Decimal("60"),
        52,
        0.9,
    ),
    DemoIndicator(
        "pc_care_leavers_suitable_accommodation",
        "Care leavers in suitable accommodation",
        "Care leavers aged 19 to 21 in suitable accommodation, as a percentage.",
        Unit.PERCENT,
        Direction.HIGHER,
        Decimal("92"),
        86,
        0.7,
    ),
)

COUNCIL = ("E10000014", "850", "Hampshire")
REGION = ("E12000008", "South East")
# Invented neighbours: not real councils, so their invented figures mislead no one.
NEIGHBOURS = (
    ("E10900001", "901", "Northshire (invented)"),
    ("E10900002", "902", "Westmere (invented)"),
    ("E10900003", "903", "Southdown (invented)"),
    ("E10900004", "904", "Eastholme (invented)"),
)
ENGLAND = "E92000001"

HEADER = [*fi.REQUIRED, "country_name", "cla_group"]


def _value(indicator: DemoIndicator, year: int, scale: float, rng: random.Random) -> str:
    raw = (indicator.base + indicator.step * year) * scale + rng.uniform(-1, 1) * abs(
        indicator.step or 1
    )
    if indicator.unit == Unit.COUNT:
        return str(max(0, round(raw)))
    if indicator.unit == Unit.PERCENT:
        return f"{min(100.0, max(0.0, raw)):.0f}"
    return f"{max(0.0, raw):.1f}"


def _rows(areas, periods, indicators, seed: int, groups=("Children looked after",)):
    """Rows of a DfE file: one per period, area and group (the `cla_group` filter), one
    column per indicator."""
    rng = random.Random(seed)  # noqa: S311 (invented demo values, not secrets)
    for year, period in enumerate(periods):
        for (level, geography, scale), group in itertools.product(areas, groups):
            cells = []
            for number, indicator in enumerate(indicators):
                if indicator.unit == Unit.COUNT:
                    scale_here = scale
                elif level == fi.LOCAL_AUTHORITY:
                    scale_here = 1 + (scale - 1) * 0.05
                else:
                    scale_here = 1 + rng.uniform(-0.03, 0.03)
                cells.append(_value(indicator, year, scale_here, rng))
                # A few typed symbols, as real files have them: never stored as 0 or blank.
                if level == fi.LOCAL_AUTHORITY and (year + number + len(geography[4])) % 17 == 0:
                    cells[-1] = "c"
            if level == fi.LOCAL_AUTHORITY and year == 0:
                cells[-1] = "x"  # accommodation was not collected for this one year (invented)
            yield [
                period,
                "Financial year",
                level,
                *geography,
                "England",
                group,
                *cells,
            ]


def _csv(rows, indicators) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*HEADER, *(i.column for i in indicators)])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def demo_file() -> bytes:
    """The demo council, England, the South East and four invented neighbours."""
    areas = [
        (fi.NATIONAL, [ENGLAND, "", "", "", "", ""], 55.0),
        (fi.REGIONAL, [ENGLAND, REGION[0], REGION[1], "", "", ""], 7.5),
        (fi.LOCAL_AUTHORITY, [ENGLAND, *REGION, COUNCIL[1], COUNCIL[2], COUNCIL[0]], 1.0),
    ]
    for number, (code, old, name) in enumerate(NEIGHBOURS):
        scale = 0.8 + 0.1 * number
        areas.append(
            (fi.LOCAL_AUTHORITY, [ENGLAND, *REGION, old, name, code], scale),
        )
    return _csv(_rows(areas, PERIODS, INDICATORS, seed=13), INDICATORS)


def national_file(*, councils=153, years=10, indicators=20, groups=1, seed=1) -> bytes:
    """Every council in England (invented names and codes), `years` years, `indicators`
    indicator columns and `groups` values of the cla_group filter (a "long" file when more
    than one): the size of a national DfE file, for the benchmark."""
    chosen = [INDICATORS[n % len(INDICATORS)] for n in range(indicators)]
    chosen = [
        DemoIndicator(f"{i.column}_{n}", *list(i.__dict__.values())[1:])
        for n, i in enumerate(chosen)
    ]
    regions = [(f"E1200000{n}", f"Region {n}") for n in range(1, 10)]
    areas = [(fi.NATIONAL, [ENGLAND, "", "", "", "", ""], 55.0)]
    areas += [(fi.REGIONAL, [ENGLAND, code, name, "", "", ""], 6.0) for code, name in regions]
    for n in range(councils):
        code, name = regions[n % len(regions)]
        areas.append(
            (
                fi.LOCAL_AUTHORITY,
                [ENGLAND, code, name, str(100 + n), f"Council {n}", f"E10{n:06d}"],
                0.5 + (n % 10) / 10,
            )
        )
    periods = [f"{2014 + y}{(15 + y) % 100:02d}" for y in range(years)]
    names = [f"Group {n}" for n in range(groups)] if groups > 1 else ["Children looked after"]
    return _csv(_rows(areas, periods, chosen, seed=seed, groups=names), chosen)


def indicators_create(organisation):
    """The board's indicators (seed 002, 003), each named to its column of the demo file."""
    for position, indicator in enumerate(INDICATORS):
        PerformanceIndicator.objects.update_or_create(
            organisation=organisation,
            name=indicator.name,
            defaults={
                "definition": indicator.definition,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "target": indicator.target,
                "source_column": indicator.column,
                "source_filters": {"cla_group": "Children looked after"},
                "position": position,
            },
        )


@transaction.atomic
def load(organisation):
    """The demo indicators, and the demo file imported through the officer's services.
    Safe to run again: the second import finds every figure already recorded."""
    indicators_create(organisation)
    content = demo_file()
    figures_import = fi.figures_import_create(
        organisation=organisation, content=content, original_name="demo-figures.csv", by=None
    )
    summary = fi.FileSummary.from_json(figures_import.summary)
    choices = fi.Choices(
        council_code=COUNCIL[0],
        series=[key for key, _column, _filters in summary.series],
        include_england=True,
        include_region=True,
        neighbour_codes=[code for code, _old, _name in NEIGHBOURS],
        dataset=DATASET,
        release=RELEASE,
        footnote=FOOTNOTE,
    )
    fi.figures_import_choose(figures_import=figures_import, choices=choices)
    result = fi.figures_import_apply(figures_import=figures_import)
    return FiguresImport.objects.get(pk=figures_import.pk), result
