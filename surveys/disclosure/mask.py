"""The policy (what is sensitive) and the mask (what is published, and why not).

One :class:`Mask` per table, computed once by :func:`~.suppress.protect`, is what every output
reads: HTML, CSV, XLSX, PDF, the chart and its alt text. For each cell it says the published
value (the count, or the rounded count under the 10-5 rule) or that the cell is hidden and
why, in words an officer can act on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .tables import Table


@dataclass(frozen=True)
class Policy:
    """What an organisation treats as disclosive.

    - ``threshold``: every count below it is hidden (default 5).
    - ``zero_is_sensitive``: whether a zero is hidden too. Default False (as the DfE and
      most councils' tables): a zero says a group is empty, not who is in it, and hiding every
      zero forces many extra cells hidden in sparse survey tables. Set it True where a zero
      would say "none of them" about a known, small group (e.g. "none of the children in
      residential care said they feel safe"): docs/decisions/0022.
    - ``round_to``: None, or a base (5) to which every shown count, totals too, is rounded.
    - ``min_width``: the narrowest range the attacker may find for a hidden cell; defaults to
      the threshold.

    :meth:`ten_five` is the ONS "10-5 rule": hide under 10, round the rest to the nearest 5.
    """

    threshold: int = 5
    zero_is_sensitive: bool = False
    round_to: int | None = None
    protection: int | None = None

    def __post_init__(self):
        if self.threshold < 1:
            raise ValueError("The threshold is at least 1.")
        if self.round_to is not None and self.round_to < 2:
            raise ValueError("Round to a base of 2 or more, or not at all.")

    @classmethod
    def ten_five(cls, *, zero_is_sensitive: bool = False) -> Policy:
        return cls(threshold=10, zero_is_sensitive=zero_is_sensitive, round_to=5)

    @property
    def min_width(self) -> int:
        return self.threshold if self.protection is None else self.protection

    def is_sensitive(self, value: int) -> bool:
        if value == 0:
            return self.zero_is_sensitive
        return value < self.threshold

    def rounded(self, value: int) -> int:
        """The published value of a shown count: itself, or rounded to the nearest base
        (half up, for an even base)."""
        if self.round_to is None or value == 0:
            return int(value)
        base = self.round_to
        return int((value + base // 2) // base * base)

    def interval(self, published: int) -> tuple[int, int]:
        """The true counts a shown value stands for, as an outsider who knows the policy
        reads it: exact without rounding; the rounding interval with it, never below the
        threshold (a smaller count would have been hidden) nor below zero."""
        if self.round_to is None or published == 0:
            return published, published
        base = self.round_to
        low = published - base // 2
        return max(low, self.threshold, 0), low + base - 1


class Mask:
    """Shown or hidden, with a reason, for every cell of one table (totals included).

    Cells are addressed as in :meth:`Table.index`: positions, labels or "Total".
    """

    def __init__(self, table: Table, policy: Policy, hidden, primary, reasons):
        self.table = table
        self.policy = policy
        self.hidden = np.asarray(hidden, dtype=bool)
        self.primary = np.asarray(primary, dtype=bool)
        self._reasons = dict(reasons)
        self._published = np.vectorize(policy.rounded, otypes=[np.int64])(table.values)
        self.hidden.flags.writeable = False
        self.primary.flags.writeable = False

    # -- what each output reads -----------------------------------------------------------------

    def is_hidden(self, cell) -> bool:
        return bool(self.hidden[self.table.index(cell)])

    def value(self, cell) -> int | None:
        """The published value, or None when hidden."""
        cell = self.table.index(cell)
        return None if self.hidden[cell] else int(self._published[cell])

    def is_rounded(self, cell) -> bool:
        cell = self.table.index(cell)
        return not self.hidden[cell] and self._published[cell] != self.table.values[cell]

    def reason(self, cell) -> str | None:
        """Why a hidden cell is hidden (for officers), or None when shown."""
        cell = self.table.index(cell)
        return self._reasons[cell] if self.hidden[cell] else None

    def percentage(self, cell) -> float | None:
        """The published count as a percentage of its published denominator (None when the
        count is hidden or there is no denominator). Worked out from the published count, so
        it cannot say more than the count does."""
        if self.table.denominators is None:
            return None
        cell = self.table.index(cell)
        denominator = int(self.table.denominators[cell])
        value = self.value(cell)
        if value is None or denominator == 0:
            return None
        return 100 * value / denominator

    @property
    def secondary(self) -> np.ndarray:
        return self.hidden & ~self.primary

    def counts(self) -> dict[str, int]:
        return {
            "cells": int(self.hidden.size),
            "primary": int(self.primary.sum()),
            "secondary": int(self.secondary.sum()),
        }

    def intervals(self) -> tuple[np.ndarray, np.ndarray]:
        """What an outsider knows of each cell (flat): the interval of the published value;
        a hidden cell is 0 to infinity. This, with the table's shape, is all the attacker
        reads."""
        published = self._published.ravel()
        lower = np.zeros(published.size, dtype=float)
        upper = np.full(published.size, math.inf)
        for k in np.flatnonzero(~self.hidden.ravel()):
            lower[k], upper[k] = self.policy.interval(int(published[k]))
        return lower, upper

    def __repr__(self):
        c = self.counts()
        return f"<Mask {c['primary']} primary, {c['secondary']} secondary of {c['cells']}>"
