"""The tables of a wave, built once from counts for every output of it, as an audience sees
them.

`wave_tables()` (a wave's page and exports) and `trend()` / `indicator_row()` (an indicator's
page, report blocks) are the only places a wave's figures are turned into tables. Every number
in them is a `surveys.published.Cell` read from the wave's one disclosure mask
(`published.Disclosure`): officers see every count with why it would be hidden; everyone else
sees published figures only, and whatever rests on a hidden count (a percentage, a difference
from a comparator, a change since the wave before, a significance test) is withheld.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from .models import (
    Comparator,
    DemographicCount,
    Dimension,
    Domain,
    Finding,
    Indicator,
    Wave,
)
from .published import Cell, Disclosure
from .rates import percent
from .significance import Result, compare

NOT_PUBLISHED_WORDS = "not published (a small number)"


@dataclass
class RateRow:
    label: str
    eligible: int
    responses: Cell
    rate: Cell
    cohort_id: int | None = None  # None: the total


@dataclass
class DemographicRow:
    category: str
    cohort: str
    count: Cell
    share: Cell
    care_population: int | None
    care_share: Decimal | None
    pk: int | None = None


@dataclass
class ComparatorRow:
    comparator: Comparator
    difference: Decimal | None  # percentage points, council minus comparator
    result: Result | None  # None: withheld (the council's figure is not published)
    direction: str  # "better", "worse", "same" or "" when not significant / no test


@dataclass
class IndicatorRow:
    indicator: Indicator
    count: Cell
    denominator: Cell
    share: Cell
    comparators: list[ComparatorRow] = field(default_factory=list)
    # The change from the same question in the wave before (points), tested like a comparator.
    previous: Indicator | None = None
    change: Decimal | None = None
    change_result: Result | None = None
    change_direction: str = ""
    change_withheld: bool = False  # asked before, but one of the two figures is not published

    @property
    def percentage(self) -> Decimal | None:
        """The percentage this audience sees (None when it is withheld)."""
        return self.share.value

    @property
    def change_size(self) -> Decimal | None:
        return None if self.change is None else abs(self.change)


@dataclass
class DemographicTable:
    dimension: str
    rows: list[DemographicRow]
    notes: list[str]  # where a cohort's counts do not add up to those who answered


@dataclass
class WaveTables:
    previous: Wave | None
    rates: list[RateRow]
    total: RateRow
    demographics: list[DemographicTable]
    domains: list[tuple[str, list[IndicatorRow]]]


def response_rates(wave: Wave, disclosure: Disclosure) -> tuple[list[RateRow], RateRow]:
    cohorts = list(wave.cohorts.all())
    rows = [
        RateRow(
            c.label,
            c.eligible,
            disclosure.responses(wave, c),
            disclosure.response_rate(wave, c),
            c.pk,
        )
        for c in cohorts
    ]
    total = RateRow(
        "All",
        sum(c.eligible for c in cohorts),
        disclosure.responses(wave, None),
        disclosure.response_rate(wave, None),
    )
    return rows, total


def demographics(wave: Wave, disclosure: Disclosure) -> list[DemographicTable]:
    """Per dimension, each category's count with its share of the respondents of the same
    cohort (or wave) and dimension, beside the care population's where known; and a note
    wherever the counts do not add up to the number who answered (officers only: the note
    gives both counts)."""
    cohorts = list(wave.cohorts.all())
    answered = {c.pk: c.responses for c in cohorts}
    answered[None] = sum(answered.values())
    groups = defaultdict(list)
    for item in DemographicCount.objects.filter(wave=wave).select_related("cohort", "wave"):
        groups[(item.dimension, item.cohort_id)].append(item)
    rows, notes = defaultdict(list), defaultdict(list)
    for (dimension, cohort_id), items in groups.items():
        total = sum(i.count for i in items)
        known = [i.care_population for i in items if i.care_population is not None]
        care_total = sum(known) if len(known) == len(items) else None
        cohort = items[0].cohort.label if cohort_id else "All"
        for i in items:
            count, share = disclosure.demographic(i)
            rows[dimension].append(
                DemographicRow(
                    category=i.category,
                    cohort=cohort,
                    count=count,
                    share=share,
                    care_population=i.care_population,
                    care_share=percent(i.care_population, care_total) if care_total else None,
                    pk=i.pk,
                )
            )
        if total != answered[cohort_id] and disclosure.officers:
            notes[dimension].append(
                f"{cohort}: the counts add up to {total:,}, but {answered[cohort_id]:,} "
                "answered. Shares are of the counts shown."
            )
    return [
        DemographicTable(label, rows[value], notes[value])
        for value, label in Dimension.choices
        if rows[value]
    ]


def _direction(result: Result, indicator: Indicator) -> str:
    """ "better" or "worse" for a significant difference, by the indicator's direction."""
    if not result.significant:
        return ""
    a, n1, b, n2 = result.counts
    higher = a * n2 > b * n1  # a/n1 > b/n2, in whole numbers
    return "better" if higher == indicator.higher_is_better else "worse"


def comparator_row(row: IndicatorRow, comparator: Comparator) -> ComparatorRow:
    """The council's figure against one comparator: the difference and its test, withheld
    when the council's figure is not published (both are worked out from it)."""
    indicator = row.indicator
    if row.share.value is None:
        return ComparatorRow(comparator, None, None, "")
    result = compare(
        indicator.count, indicator.denominator, comparator.count, comparator.denominator
    )
    difference = row.share.value - comparator.percentage
    return ComparatorRow(comparator, difference, result, _direction(result, indicator))


def indicator_row(indicator: Indicator, disclosure: Disclosure) -> IndicatorRow:
    count, denominator, share = disclosure.indicator(indicator)
    row = IndicatorRow(indicator, count, denominator, share)
    row.comparators = [comparator_row(row, c) for c in indicator.comparators.all()]
    return row


def _set_change(row: IndicatorRow, before: IndicatorRow) -> None:
    """The row's change from `before` (the same question in an earlier wave), tested;
    withheld when either figure is not published."""
    now = row.indicator
    row.previous = before.indicator
    if row.share.value is None or before.share.value is None:
        row.change_withheld = True
        return
    row.change = row.share.value - before.share.value
    row.change_result = compare(
        now.count, now.denominator, before.indicator.count, before.indicator.denominator
    )
    row.change_direction = _direction(row.change_result, now)


def previous_wave(wave: Wave) -> Wave | None:
    """The instrument's wave before this one (by when it ended)."""
    return (
        Wave.objects.filter(instrument_id=wave.instrument_id, period_end__lt=wave.period_end)
        .order_by("-period_end", "-pk")
        .first()
    )


def indicators_by_domain(
    wave: Wave, disclosure: Disclosure, *, before: Wave | None = None
) -> list[tuple[str, list[IndicatorRow]]]:
    """Each domain's indicators with their comparators, and each one's change since the
    previous wave where that wave asked the same question of the same cohort."""
    indicators = (
        Indicator.objects.filter(wave=wave)
        .select_related("cohort", "wave")
        .prefetch_related("comparators")
    )
    before = before or previous_wave(wave)
    earlier = {}
    if before is not None:
        for i in Indicator.objects.filter(wave=before).select_related("cohort", "wave"):
            earlier[(i.key, i.cohort.label if i.cohort else None)] = i
    by_domain = defaultdict(list)
    for indicator in indicators:
        row = indicator_row(indicator, disclosure)
        match = earlier.get((indicator.key, indicator.cohort.label if indicator.cohort else None))
        if match is not None:
            _set_change(row, indicator_row(match, disclosure))
        by_domain[indicator.domain].append(row)
    return [(label, by_domain[value]) for value, label in Domain.choices if by_domain[value]]


def wave_tables(wave: Wave, disclosure: Disclosure) -> WaveTables:
    rates, total = response_rates(wave, disclosure)
    before = previous_wave(wave)
    return WaveTables(
        before,
        rates,
        total,
        demographics(wave, disclosure),
        indicators_by_domain(wave, disclosure, before=before),
    )


def findings(wave: Wave, disclosure: Disclosure) -> list[tuple[Finding, Cell]]:
    """The wave's findings, each with its count as this audience sees it."""
    items = Finding.objects.filter(wave=wave).select_related("cohort", "wave")
    return [(f, disclosure.finding(f)) for f in items]


def trend(indicator: Indicator, disclosure: Disclosure) -> list[IndicatorRow]:
    """The same question for the same cohort in each wave of the instrument, oldest first;
    each point after the first with its change from the one before, tested on both waves'
    counts (the two waves asked different children, so the samples are independent)."""
    indicators = list(
        Indicator.objects.trend_of(indicator)
        .select_related("wave", "cohort")
        .prefetch_related("comparators")
    )
    disclosure.prepare([i.wave for i in indicators])
    rows = [indicator_row(i, disclosure) for i in indicators]
    for before, row in pairwise(rows):
        _set_change(row, before)
    return rows


def indicator_charts(row: IndicatorRow, trend_rows: list[IndicatorRow], council: str) -> list:
    """The indicator page's charts (surveys.charts), from the same rows as its tables: the
    council against its comparators in this wave, and, once the question was asked in more
    than one wave, its trend. A figure that is not published is not drawn (nor in the alt
    text or the chart's table)."""
    from .charts import Point, Series, indicator_chart, trend_chart

    indicator = row.indicator
    cohort = f", {indicator.cohort.label}" if indicator.cohort_id else ""
    charts = []
    if row.percentage is not None and row.comparators:
        charts.append(
            indicator_chart(
                title=f"{indicator.question} ({indicator.wave.label}{cohort})",
                council=Point(council, row.percentage),
                comparators=[
                    Point(str(c.comparator), c.comparator.percentage)
                    for c in row.comparators
                    if c.comparator.percentage is not None
                ],
                higher_is_better=indicator.higher_is_better,
            )
        )
    # A wave whose figure is not published is a gap in the line, said in words.
    points = [
        Point(r.indicator.wave.label, r.percentage)
        if r.percentage is not None
        else Point(r.indicator.wave.label, None, hidden=NOT_PUBLISHED_WORDS)
        for r in trend_rows
        if r.percentage is not None or r.share.hidden
    ]
    if len(points) >= 2 and any(p.value is not None for p in points):
        charts.append(
            trend_chart(
                title=f"{indicator.question}{cohort}",
                periods=[p.label for p in points],
                series=[Series(council, points)],
                higher_is_better=indicator.higher_is_better,
            )
        )
    return charts
