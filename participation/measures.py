"""How well the loop is closed: pure functions over plain data, and one function that loads
that data from the database (`loop_measures`). Definitions (decision 0033):

- An item is one piece of feedback ("You said"). Its days to response are its *first*
  response's `responded_on` minus its `said_on`, in calendar days: answered the same day is 0
  (a response dated before the words were said, which the forms refuse, counts as 0).
- The share answered counts every item of the period, answered or not. The days (median and
  90th percentile) count only the answered items: an item still waiting has no days yet, and
  is not counted there (the share says how many are missing).
- Percentiles by nearest rank: the p-th percentile of n sorted values is the value at rank
  ceil(p * n / 100) (1-based). So it is always a number of days some item actually took; the
  median is the 50th percentile, the lower middle value when n is even.
- Within the council's own promise (LoopPromise.working_days): the working days from the day
  it was said to the day of the first response, counting the days after `said_on` up to and
  including `responded_on`, Monday to Friday, without the bank holidays of England and Wales
  (participation/bank_holidays.py). Answered on the day or the next working day is 0 or 1.
  The share is of the items that are due: answered ones, and waiting ones already past the
  promise today. Items still waiting but within the promise are "not yet due" and left out.
- By district: an item without a district counts under "No district recorded". By theme: an
  item in two themes counts in both; an item with no theme under "No theme".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from .bank_holidays import ENGLAND_AND_WALES

NO_DISTRICT = "No district recorded"
NO_THEME = "No theme"

_HOLIDAYS = np.array([np.datetime64(day, "D") for day in ENGLAND_AND_WALES])


@dataclass(frozen=True)
class Item:
    """One item of feedback, as the measures need it."""

    said_on: date
    responded_on: date | None = None  # its first response's date; None while it waits
    district: str = ""
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Share:
    count: int
    of: int

    @property
    def percent(self) -> int | None:
        """Whole percent, halves rounded up; None when there is nothing to count."""
        if not self.of:
            return None
        exact = Decimal(self.count * 100) / Decimal(self.of)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def __str__(self):
        if not self.of:
            return "none to count"
        return f"{self.count:,} of {self.of:,} ({self.percent}%)"


@dataclass(frozen=True)
class Measures:
    label: str
    items: int
    answered: Share  # of every item
    median_days: int | None  # answered items only
    p90_days: int | None  # answered items only
    within_promise: Share | None  # None when there is no promise to measure against
    not_yet_due: int  # waiting, but still within the promise

    @property
    def waiting(self) -> int:
        return self.items - self.answered.count


def days_to_response(item: Item) -> int | None:
    """Calendar days from said to first answered; None while it waits."""
    if item.responded_on is None:
        return None
    return max(0, (item.responded_on - item.said_on).days)


def working_days(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not after it):
    Monday to Friday, England and Wales bank holidays left out."""
    if end <= start:
        return 0
    first = np.datetime64(start + timedelta(days=1), "D")
    last = np.datetime64(end + timedelta(days=1), "D")  # busday_count excludes its end
    return int(np.busday_count(first, last, holidays=_HOLIDAYS))


def _working_days_each(starts: Sequence[date], ends: Sequence[date]) -> np.ndarray:
    """`working_days(start, end)` for many pairs at once."""
    if not starts:
        return np.zeros(0, dtype=int)
    first = np.array(starts, dtype="datetime64[D]") + 1
    last = np.array(ends, dtype="datetime64[D]") + 1
    return np.where(
        last > first, np.busday_count(first, np.maximum(first, last), holidays=_HOLIDAYS), 0
    )


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day` (0: `day` itself, or the next working
    day when `day` is not one)."""
    found = np.busday_offset(np.datetime64(day, "D"), count, roll="forward", holidays=_HOLIDAYS)
    return found.astype(object)


def nearest_rank(values: Iterable[int], percent: int) -> int | None:
    """The `percent`-th percentile by nearest rank; None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, -(-percent * len(ordered) // 100))  # ceil, in whole numbers
    return ordered[rank - 1]


def measure(
    items: Sequence[Item], *, today: date, promise_days: int | None = None, label: str = ""
) -> Measures:
    days = [d for d in map(days_to_response, items) if d is not None]
    within = None
    not_yet_due = 0
    if promise_days is not None:
        # One vectorised count for every item: the first response, or today while waiting.
        answered = np.array([item.responded_on is not None for item in items], dtype=bool)
        taken = _working_days_each(
            [item.said_on for item in items],
            [item.responded_on or today for item in items],
        )
        late = taken > promise_days
        not_yet_due = int(np.count_nonzero(~answered & ~late))
        within = Share(int(np.count_nonzero(answered & ~late)), len(items) - not_yet_due)
    return Measures(
        label=label,
        items=len(items),
        answered=Share(len(days), len(items)),
        median_days=nearest_rank(days, 50),
        p90_days=nearest_rank(days, 90),
        within_promise=within,
        not_yet_due=not_yet_due,
    )


def _grouped(groups: dict[str, list[Item]], order: Sequence[str], last: str, **options):
    names = [n for n in order if n in groups]
    names += sorted(n for n in groups if n not in order and n != last)
    if last in groups:
        names.append(last)
    return [measure(groups[name], label=name, **options) for name in names]


def by_district(items: Sequence[Item], *, order: Sequence[str] = (), **options) -> list[Measures]:
    """One Measures per district that has items, in `order` (then by name), "No district
    recorded" last."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.district or NO_DISTRICT, []).append(item)
    return _grouped(groups, order, NO_DISTRICT, **options)


def by_theme(items: Sequence[Item], *, order: Sequence[str] = (), **options) -> list[Measures]:
    """One Measures per theme that has items (an item in two themes counts in both), "No
    theme" last."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        for theme in item.themes or (NO_THEME,):
            groups.setdefault(theme, []).append(item)
    return _grouped(groups, order, NO_THEME, **options)


@dataclass(frozen=True)
class LoopReport:
    start: date | None
    end: date | None
    promise: object | None  # the organisation's LoopPromise, if it has one
    overall: Measures
    districts: list[Measures]
    themes: list[Measures]


def load_items(organisation, *, start: date | None = None, end: date | None = None):
    """The organisation's feedback said from `start` to `end` (inclusive) as Items, with the
    order of its districts and themes: three queries."""
    from django.db.models import Min

    from .models import Feedback, Theme

    found = Feedback.objects.for_organisation(organisation)
    if start:
        found = found.filter(said_on__gte=start)
    if end:
        found = found.filter(said_on__lte=end)
    rows = list(
        found.annotate(first=Min("responses__responded_on"))
        .order_by()
        .values_list("pk", "said_on", "first", "district__name", "district__position")
    )
    themes: dict[int, list[str]] = {}
    links = (
        Feedback.themes.through.objects.filter(feedback__in=found)
        .order_by("theme__position", "theme__name")
        .values_list("feedback_id", "theme__name")
    )
    for feedback_id, name in links:
        themes.setdefault(feedback_id, []).append(name)
    items = [
        Item(said_on, first, district or "", tuple(themes.get(pk, ())))
        for pk, said_on, first, district, _position in rows
    ]
    district_order = [
        name for _p, name in sorted({(p or 0, d) for _, _, _, d, p in rows if d is not None})
    ]
    theme_order = list(Theme.objects.for_organisation(organisation).values_list("name", flat=True))
    return items, district_order, theme_order


def loop_measures(organisation, *, start=None, end=None, today: date) -> LoopReport:
    """The loop measures of the organisation's feedback said in the period."""
    from .models import LoopPromise

    promise = LoopPromise.objects.for_organisation(organisation).select_related("promise").first()
    items, district_order, theme_order = load_items(organisation, start=start, end=end)
    options = {"today": today, "promise_days": promise.working_days if promise else None}
    return LoopReport(
        start=start,
        end=end,
        promise=promise,
        overall=measure(items, label="All feedback", **options),
        districts=by_district(items, order=district_order, **options),
        themes=by_theme(items, order=theme_order, **options),
    )
