"""What an audience sees of the survey results: the one place counts meet the disclosure mask.

Two audiences (`Audience`):

- OFFICERS (administrators, officers, participation officers; Capability.VIEW_SURVEY_COUNTS):
  every count, and beside each one that is hidden when published, why.
- PUBLISHED (councillors, co-opted members, clerks, the public, and every report block, export
  and PDF that leaves the officers' hands): small numbers hidden, with everything they could be
  worked out from.

A wave's tables (response rates, each demographic table, each indicator as "said yes / did
not / answered", each finding's count) are protected together, once, by `WaveMask`: the
tables share figures (a cohort's responses are the total of its demographic tables and often
the denominator of its questions), so a figure hidden in one is hidden in all
(`disclosure.protect_linked`). Every output reads its cells from here: the HTML pages, CSV,
XLSX and PDF, the charts and their alt text, report blocks. Nothing else turns a survey count
into something shown; other apps (report blocks in boards.papers, evidence on pledge
progress) call only the functions below.

Percentages, differences from comparators, wave-to-wave changes and significance are worked
out from the published counts only, and withheld wherever a count they rest on is hidden.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from corporate_parenting.models import Organisation
from corporate_parenting.roles import Capability

from .disclosure import TOTAL, Policy, Table, protect_linked
from .models import Cohort, DemographicCount, Finding, Indicator, Wave
from .rates import percent

HIDDEN = "c"
HIDDEN_MEANING = (
    "c: not published, to protect children's privacy: a small number, or a number from which "
    "a small number could be worked out."
)
ROUNDED_MEANING = "Counts are rounded to the nearest 5; numbers under 10 are not published."


class Audience(enum.Enum):
    OFFICERS = "officers"
    PUBLISHED = "published"


def audience_for(membership) -> Audience:
    """OFFICERS for a membership that may see every count; PUBLISHED for anyone else (and
    for nobody signed in)."""
    if membership is not None and membership.can(Capability.VIEW_SURVEY_COUNTS):
        return Audience.OFFICERS
    return Audience.PUBLISHED


def policy_for(organisation: Organisation) -> Policy:
    """The organisation's disclosure rule (Organisation.disclosure_*), as the engine's Policy."""
    zeros = organisation.disclosure_hide_zeros
    if organisation.disclosure_rule == Organisation.DisclosureRule.TEN_FIVE:
        return Policy.ten_five(zero_is_sensitive=zeros)
    return Policy(threshold=organisation.disclosure_threshold, zero_is_sensitive=zeros)


def rule_words(policy: Policy) -> str:
    """The rule in a sentence, for the key under a table."""
    if policy.round_to:
        return ROUNDED_MEANING
    zeros = " Zeros are hidden too." if policy.zero_is_sensitive else ""
    return f"Numbers under {policy.threshold} are not published.{zeros}"


@dataclass(frozen=True)
class Cell:
    """One number as an audience sees it.

    ``value`` is what is shown: for PUBLISHED, None when hidden (the true value never leaves
    this module); for OFFICERS, the true value, with ``hidden`` and ``reason`` saying that and
    why it is hidden when published. ``percent`` cells print with a % sign."""

    value: int | Decimal | None
    hidden: bool = False
    reason: str = ""
    rounded: bool = False
    percent: bool = False

    @property
    def shown(self) -> bool:
        return self.value is not None

    def text(self) -> str:
        """The cell as plain text (CSV, alt text): "1,234", "18%", "c", or "" for nothing."""
        if self.value is None:
            return HIDDEN if self.hidden else ""
        if self.percent:
            return f"{self.value}%"
        return f"{self.value:,}"

    def __str__(self):
        return self.text()


NOT_APPLICABLE = Cell(None)


@dataclass
class _WaveRows:
    """What a wave's mask is computed from, loaded for many waves at once (4 queries)."""

    cohorts: list = field(default_factory=list)
    demographics: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    findings: list = field(default_factory=list)

    @classmethod
    def load(cls, waves) -> dict[int, _WaveRows]:
        ids = [w.pk for w in waves]
        out = {pk: cls() for pk in ids}
        for c in Cohort.objects.filter(wave_id__in=ids).order_by("position", "pk"):
            out[c.wave_id].cohorts.append(c)
        for d in DemographicCount.objects.filter(wave_id__in=ids).order_by("pk"):
            out[d.wave_id].demographics.append(d)
        for i in Indicator.objects.filter(wave_id__in=ids).order_by("pk"):
            out[i.wave_id].indicators.append(i)
        for f in Finding.objects.filter(wave_id__in=ids).exclude(count=None):
            out[f.wave_id].findings.append(f)
        return out


class WaveMask:
    """Every published table of one wave, protected together under one policy."""

    def __init__(self, wave: Wave, policy: Policy, rows: _WaveRows | None = None):
        self.wave = wave
        self.policy = policy
        rows = rows or _WaveRows.load([wave])[wave.pk]
        self.cohorts = rows.cohorts
        tables: list[Table] = []
        links: list[list[tuple[int, tuple]]] = []
        self._where: dict = {}  # (kind, key) -> (table number, cell)

        # The response-rate table: responses by cohort, with the total.
        labels = _unique([c.label for c in self.cohorts])
        self._rates = len(tables)
        tables.append(
            Table.from_counts(
                [c.responses for c in self.cohorts],
                [labels],
                ("cohort",),
                title="the response-rate table",
            )
        )
        for c, label in zip(self.cohorts, labels, strict=True):
            self._where[("responses", c.pk)] = (self._rates, (label,))
        self._where[("responses", None)] = (self._rates, (TOTAL,))
        responses = {c.pk: c.responses for c in self.cohorts}
        responses[None] = sum(responses.values())

        def link_total(table_number, cell, cohort_id, value):
            """A total equal to its cohort's (or the wave's) responses is that same figure."""
            if responses.get(cohort_id) == value:
                links.append([(table_number, cell), self._where[("responses", cohort_id)]])

        # Demographic tables, per dimension.
        by_dimension = defaultdict(lambda: defaultdict(list))
        for item in rows.demographics:
            by_dimension[item.dimension][item.cohort_id].append(item)
        for dimension, groups in by_dimension.items():
            self._demographic_tables(dimension, groups, tables, link_total)

        # Each indicator: those who gave the answer counted, those who did not, and all who
        # answered (the denominator).
        for indicator in rows.indicators:
            n = len(tables)
            tables.append(
                Table.from_counts(
                    [indicator.count, indicator.denominator - indicator.count],
                    [["gave this answer", "did not"]],
                    ("answer",),
                    title=f'"{_short(indicator.question)}"',
                )
            )
            self._where[("indicator", indicator.pk)] = (n, ("gave this answer",))
            self._where[("indicator_denominator", indicator.pk)] = (n, (TOTAL,))
            link_total(n, (TOTAL,), indicator.cohort_id, indicator.denominator)

        self.masks = protect_linked(tables, links, policy) if tables else []
        self.tables = tables

        # Findings stand alone (no total is published): the threshold alone.
        self._findings = {}
        for finding in rows.findings:
            sensitive = policy.is_sensitive(finding.count)
            self._findings[finding.pk] = (
                sensitive,
                f"fewer than {policy.threshold}" if finding.count else "zero",
            )

    def _demographic_tables(self, dimension, groups, tables, link_total):
        whole = groups.get(None)
        parts = {k: v for k, v in groups.items() if k is not None}
        cohort_label = {c.pk: c.label for c in self.cohorts}
        title = f"the {_dimension_label(dimension).lower()} table"
        if whole and parts:
            categories = _unique([i.category for i in whole])
            index = {i.category: n for n, i in enumerate(whole)}
            counts = []
            fits = True
            for items in parts.values():
                row = [0] * len(whole)
                for i in items:
                    if i.category not in index:
                        fits = False
                        break
                    row[index[i.category]] += i.count
                counts.append(row)
            if fits and all(sum(r[j] for r in counts) == whole[j].count for j in range(len(whole))):
                # The whole wave's counts are the sums of the cohorts': one two-way table.
                n = len(tables)
                row_labels = _unique([cohort_label[k] for k in parts])
                tables.append(
                    Table.from_counts(
                        counts, [row_labels, categories], ("cohort", "category"), title=title
                    )
                )
                for (cohort_id, items), label in zip(parts.items(), row_labels, strict=True):
                    for i in items:
                        self._where[("demographic", i.pk)] = (
                            n,
                            (label, categories[index[i.category]]),
                        )
                    self._group(dimension, cohort_id, n, (label, TOTAL))
                    link_total(n, (label, TOTAL), cohort_id, sum(i.count for i in items))
                for i, category in zip(whole, categories, strict=True):
                    self._where[("demographic", i.pk)] = (n, (TOTAL, category))
                self._group(dimension, None, n, (TOTAL, TOTAL))
                link_total(n, (TOTAL, TOTAL), None, sum(i.count for i in whole))
                return
        for cohort_id, items in groups.items():
            n = len(tables)
            categories = _unique([i.category for i in items])
            name = cohort_label.get(cohort_id, "all cohorts")
            tables.append(
                Table.from_counts(
                    [i.count for i in items],
                    [categories],
                    ("category",),
                    title=f"{title} ({name})",
                )
            )
            for i, category in zip(items, categories, strict=True):
                self._where[("demographic", i.pk)] = (n, (category,))
            self._group(dimension, cohort_id, n, (TOTAL,))
            link_total(n, (TOTAL,), cohort_id, sum(i.count for i in items))

    def _group(self, dimension, cohort_id, number, cell):
        """Where a demographic group's total is: the figure its shares are taken of."""
        self._where[("group", dimension, cohort_id)] = (number, cell)

    def group_total(self, dimension, cohort_id) -> int:
        number, cell = self._where[("group", dimension, cohort_id)]
        table = self.tables[number]
        return int(table.values[table.index(cell)])

    # -- cells ---------------------------------------------------------------------------------

    def _state(self, key) -> tuple[bool, str, int | None, bool]:
        """(hidden, reason, published value, rounded) of a figure."""
        number, cell = self._where[key]
        mask = self.masks[number]
        return (
            mask.is_hidden(cell),
            mask.reason(cell) or "",
            mask.value(cell),
            mask.is_rounded(cell),
        )

    def count(self, key, true_value: int, audience: Audience) -> Cell:
        hidden, reason, published, rounded = self._state(key)
        if audience is Audience.OFFICERS:
            return Cell(true_value, hidden=hidden, reason=reason)
        return Cell(published, hidden=hidden, rounded=rounded)

    def share(self, key, total_key, true_value, true_total, audience: Audience) -> Cell:
        """A percentage of a published total, worked out from what is published."""
        hidden, reason, published, _ = self._state(key)
        total_hidden, _, published_total, _ = self._state(total_key)
        if audience is Audience.OFFICERS:
            why = reason or ("its total is hidden" if total_hidden else "")
            return Cell(
                percent(true_value, true_total),
                hidden=hidden or total_hidden,
                reason=why,
                percent=True,
            )
        if hidden or total_hidden:
            return Cell(None, hidden=True, percent=True)
        return Cell(percent(published, published_total), percent=True)

    def finding(self, finding: Finding, audience: Audience) -> Cell:
        if finding.count is None:
            return NOT_APPLICABLE
        sensitive, reason = self._findings.get(finding.pk, (False, ""))
        if audience is Audience.OFFICERS:
            return Cell(finding.count, hidden=sensitive, reason=reason if sensitive else "")
        if sensitive:
            return Cell(None, hidden=True)
        published = self.policy.rounded(finding.count)
        return Cell(published, rounded=published != finding.count)

    def is_hidden(self, key) -> bool:
        return self._state(key)[0]

    def hidden_cells(self) -> int:
        return sum(int(m.hidden.sum()) for m in self.masks) + sum(
            1 for s, _ in self._findings.values() if s
        )


def _dimension_label(value: str) -> str:
    from .models import Dimension

    return dict(Dimension.choices).get(value, value)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _unique(labels: list[str]) -> list[str]:
    """Labels as the table needs them: distinct, and never the word for the margins."""
    out, seen = [], set()
    for label in labels:
        name = label if label != TOTAL else f"{label} (group)"
        base, n = name, 2
        while name in seen:
            name = f"{base} ({n})"
            n += 1
        seen.add(name)
        out.append(name)
    return out


class Disclosure:
    """One request's view of survey results: its audience and policy, with each wave's mask
    computed once however many tables, charts and trends read it."""

    def __init__(self, organisation: Organisation, audience: Audience):
        self.organisation = organisation
        self.audience = audience
        self.policy = policy_for(organisation)
        self._masks: dict[int, WaveMask] = {}

    @classmethod
    def for_request(cls, request) -> Disclosure:
        return cls(request.organisation, audience_for(getattr(request, "membership", None)))

    @property
    def officers(self) -> bool:
        return self.audience is Audience.OFFICERS

    @property
    def key(self) -> str:
        return HIDDEN_MEANING

    @property
    def rule(self) -> str:
        return rule_words(self.policy)

    def wave(self, wave: Wave) -> WaveMask:
        if wave.pk not in self._masks:
            self.prepare([wave])
        return self._masks[wave.pk]

    def prepare(self, waves) -> None:
        """Compute the masks of many waves at once (a trend's): their rows in 4 queries."""
        waves = [w for w in {w.pk: w for w in waves}.values() if w.pk not in self._masks]
        if waves:
            rows = _WaveRows.load(waves)
            for w in waves:
                self._masks[w.pk] = WaveMask(w, self.policy, rows[w.pk])

    # What the selectors read -----------------------------------------------------------------

    def responses(self, wave: Wave, cohort) -> Cell:
        """A cohort's responses (or the wave's, for cohort None)."""
        mask = self.wave(wave)
        key = ("responses", cohort.pk if cohort else None)
        true = cohort.responses if cohort else sum(c.responses for c in mask.cohorts)
        return mask.count(key, true, self.audience)

    def response_rate(self, wave: Wave, cohort) -> Cell:
        mask = self.wave(wave)
        key = ("responses", cohort.pk if cohort else None)
        eligible = cohort.eligible if cohort else sum(c.eligible for c in mask.cohorts)
        true = cohort.responses if cohort else sum(c.responses for c in mask.cohorts)
        hidden, reason, published, _ = mask._state(key)
        if self.officers:
            return Cell(percent(true, eligible), hidden=hidden, reason=reason, percent=True)
        if hidden:
            return Cell(None, hidden=True, percent=True)
        return Cell(percent(published, eligible), percent=True)

    def demographic(self, item: DemographicCount) -> tuple[Cell, Cell]:
        """A demographic count and its share of its group's total."""
        mask = self.wave(item.wave)
        group_total = mask.group_total(item.dimension, item.cohort_id)
        key = ("demographic", item.pk)
        return (
            mask.count(key, item.count, self.audience),
            mask.share(
                key,
                ("group", item.dimension, item.cohort_id),
                item.count,
                group_total,
                self.audience,
            ),
        )

    def indicator(self, indicator: Indicator) -> tuple[Cell, Cell, Cell]:
        """An indicator's count, denominator and percentage."""
        mask = self.wave(indicator.wave)
        count = mask.count(("indicator", indicator.pk), indicator.count, self.audience)
        denominator = mask.count(
            ("indicator_denominator", indicator.pk), indicator.denominator, self.audience
        )
        if self.officers:
            hidden = count.hidden or denominator.hidden
            reason = count.reason or denominator.reason
            share = Cell(indicator.percentage, hidden=hidden, reason=reason, percent=True)
        elif count.value is None or denominator.value is None:
            share = Cell(None, hidden=True, percent=True)
        else:
            share = Cell(percent(count.value, denominator.value), percent=True)
        return count, denominator, share

    def finding(self, finding: Finding) -> Cell:
        return self.wave(finding.wave).finding(finding, self.audience)


def indicator_block(indicator, *, audience: Audience = Audience.PUBLISHED) -> SafeString:
    """An indicator as a self-contained block of HTML (heading, chart, data table, note), for
    a board report and its PDF: PUBLISHED unless asked otherwise. The chart is an <img> with a
    data: URI (no request needed to print it)."""
    from . import selectors

    disclosure = Disclosure(indicator.organisation, audience)
    trend = selectors.trend(indicator, disclosure)  # first: it reads every wave's rows at once
    row = selectors.indicator_row(indicator, disclosure)
    charts = selectors.indicator_charts(row, trend, indicator.organisation.name)
    return mark_safe(  # noqa: S308 - rendered by a template with autoescape on
        render_to_string(
            "surveys/_indicator_block.html",
            {
                "indicator": indicator,
                "row": row,
                "trend": trend,
                "charts": charts,
                "disclosure": disclosure,
            },
        )
    )
