"""The attacker: what can be worked out about each hidden cell from what is published.

As official statistics test a suppression pattern (sdcTable's ``attack()``, tau-argus's
audit), for every hidden cell solve two linear programmes, its lowest and its highest value,
subject to everything an outsider knows:

- every shown cell: its exact value, or under rounding the interval its rounded value stands
  for (a shown 15 under the 10-5 rule is 13 to 17; no shown count is below the threshold,
  since those are hidden, so a shown 10 is 10 to 12);
- the additivity of the table (each line of cells sums to its total);
- counts are never negative.

The attacker reads only the published intervals (``lower``, ``upper`` per cell; a hidden cell
is 0 to infinity) and the table's shape, never the true values, so it is the same attacker
whoever made the pattern. scipy's HiGHS solves the programmes; shown cells are substituted into
the right-hand side, so each programme has a variable only for each hidden or rounded cell.

The programmes are the continuous relaxation, as sdcTable and tau-argus use. For 1- and 2-D
tables with margins the constraint matrix is totally unimodular, so the bounds found are the
integer bounds; for 3-D tables the integer range can be narrower than the LP's in rare
patterns (the bounds are rounded inwards to whole numbers, which is always valid, but an
integer attacker could sometimes do better). ``attack(mask, integer=True)`` is that integer
attacker (scipy's HiGHS MILP), used by the tests on 3-D tables. Stated in
docs/decisions/0022.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from .tables import Table


@dataclass(frozen=True)
class Range:
    """What the attacker can say about one hidden cell."""

    cell: tuple[int, ...]
    lower: float
    upper: float  # math.inf when nothing bounds it

    @property
    def width(self) -> float:
        return self.upper - self.lower

    @property
    def exact(self) -> bool:
        return self.upper == self.lower


class Attacker:
    """The attacker for one table and one publication (``lower``/``upper`` per flat cell)."""

    def __init__(
        self, table: Table, lower: np.ndarray, upper: np.ndarray, *, integer: bool = False
    ):
        self.table = table
        self.integer = integer
        self.E = table.constraints()
        self.lower = np.asarray(lower, dtype=float)
        self.upper = np.asarray(upper, dtype=float)
        known = self.lower == self.upper
        self.variables = np.flatnonzero(~known)
        self.position = {int(k): i for i, k in enumerate(self.variables)}
        A = self.E[:, self.variables]
        b = -(self.E[:, np.flatnonzero(known)] @ self.lower[known])
        # Lines with no unknown cell say nothing (they hold, since the values are true ones).
        used = np.flatnonzero(A.getnnz(axis=1))
        self.A = A.tocsr()[used]
        self.b = b[used]
        self.bounds = list(
            zip(
                self.lower[self.variables],
                [None if math.isinf(u) else u for u in self.upper[self.variables]],
                strict=True,
            )
        )

        # Every solution found is a table the publication allows: the values seen for each
        # unknown cell across them bound its range from inside (see check()).
        self.seen_low = np.full(len(self.variables), np.inf)
        self.seen_high = np.full(len(self.variables), -np.inf)

    def bound(self, k: int, sense: int) -> float:
        """The lowest (sense=+1) or highest (sense=-1) value of flat cell k."""
        if k not in self.position:
            return float(self.lower[k])
        c = np.zeros(len(self.variables))
        c[self.position[k]] = sense
        if self.integer:
            return self._integer_bound(c, sense)
        result = linprog(
            c,
            A_eq=self.A if self.A.shape[0] else None,
            b_eq=self.b if self.A.shape[0] else None,
            bounds=self.bounds,
            method="highs",
        )
        if result.status == 3:  # unbounded: only possible upwards
            return math.inf
        if result.status != 0:
            raise RuntimeError(f"The attacker's programme failed: {result.message}")
        np.minimum(self.seen_low, result.x, out=self.seen_low)
        np.maximum(self.seen_high, result.x, out=self.seen_high)
        return float(result.fun) * sense

    def _integer_bound(self, c: np.ndarray, sense: int) -> float:
        """The same bound with every count a whole number (scipy's HiGHS MILP): stronger
        than the LP in principle for 3-D tables; slower. For tests and audits."""
        n = len(self.variables)
        lower = np.array([low for low, _ in self.bounds], dtype=float)
        upper = np.array([np.inf if high is None else high for _, high in self.bounds])
        constraints = [LinearConstraint(self.A, self.b, self.b)] if self.A.shape[0] else []
        result = milp(
            c, constraints=constraints, bounds=Bounds(lower, upper), integrality=np.ones(n)
        )
        if result.status == 3:  # unbounded: only possible upwards
            return math.inf
        if result.status != 0:
            raise RuntimeError(f"The attacker's integer programme failed: {result.message}")
        return float(result.fun) * sense

    explored = False

    def explore(self, tries: int = 2) -> None:
        """Find a few far-apart tables the publication allows: opposite random objectives,
        every unknown capped at the largest figure anywhere in the publication (a cap only
        shrinks the feasible set, so what is found is still allowed). Two such solutions
        often prove most hidden cells safe at once."""
        self.explored = True
        if not len(self.variables):
            return
        finite = self.upper[np.isfinite(self.upper)]
        cap = 2 * (float(finite.max()) if finite.size else 0.0) + 1
        bounds = [(low, cap if high is None else high) for low, high in self.bounds]
        rng = np.random.default_rng(len(self.variables))
        for _ in range(tries // 2):
            direction = rng.uniform(-1, 1, len(self.variables))
            for sign in (1, -1):
                result = linprog(
                    sign * direction,
                    A_eq=self.A if self.A.shape[0] else None,
                    b_eq=self.b if self.A.shape[0] else None,
                    bounds=bounds,
                    method="highs",
                )
                if result.status == 0:
                    np.minimum(self.seen_low, result.x, out=self.seen_low)
                    np.maximum(self.seen_high, result.x, out=self.seen_high)

    def witnessed_width(self, k: int) -> float:
        """A width the range of flat cell k is known to reach from solutions already found
        (whole numbers inside them), without solving anything more."""
        i = self.position[k]
        high = self.seen_high[i]
        if high == -np.inf:
            return -np.inf
        return math.floor(high + 1e-6) - math.ceil(self.seen_low[i] - 1e-6)

    def check(self, cells, min_width: int, *, first_only: bool = False) -> list[Range]:
        """The cells (flat) whose range is narrower than ``min_width``, with their ranges.

        Safe cells are usually proved so by solutions already found for other cells (two
        tables the publication allows, in which the cell differs by ``min_width`` or more),
        so most cells need no programme of their own; a cell not proved safe that way gets
        both of its programmes, and so its exact range. ``first_only`` stops at the first
        unsafe cell."""
        cells = [int(k) for k in cells if int(k) in self.position]
        found = []
        for k in cells:
            if k not in self.position:  # shown: not the attacker's business
                continue
            if self.witnessed_width(k) >= min_width:
                continue
            lower = self.bound(k, +1)
            if self.witnessed_width(k) >= min_width:
                continue
            upper = self.bound(k, -1)
            if math.isinf(upper):
                continue
            found_range = self._whole(k, lower, upper)
            if not is_safe(found_range, min_width):
                found.append(found_range)
                if first_only:
                    break
        return found

    def range(self, k: int) -> Range:
        return self._whole(k, self.bound(k, +1), self.bound(k, -1))

    def _whole(self, k: int, lower: float, upper: float) -> Range:
        # Counts are whole numbers: round inwards (a little tolerance for the solver).
        lower = float(max(0, math.ceil(lower - 1e-6)))
        if not math.isinf(upper):
            upper = float(math.floor(upper + 1e-6))
        return Range(self.table.unflat(k), lower, upper)


def attack(mask, *, integer: bool = False) -> dict[tuple[int, ...], Range]:
    """The attacker's range for every hidden cell of a :class:`~.mask.Mask` (by cell);
    ``integer`` solves integer programmes instead of their relaxation (slower)."""
    lower, upper = mask.intervals()
    attacker = Attacker(mask.table, lower, upper, integer=integer)
    return {
        mask.table.unflat(k): attacker.range(int(k)) for k in np.flatnonzero(mask.hidden.ravel())
    }


def is_safe(found: Range, min_width: int) -> bool:
    """The safety rule (docs/decisions/0022): the range is at least ``min_width`` wide."""
    return found.width >= min_width


def unsafe(mask) -> list[Range]:
    """The hidden cells of ``mask`` the attacker narrows below the policy's width, with their
    ranges (the same verdict as checking every range of :func:`attack`, solving fewer
    programmes: :meth:`Attacker.check`)."""
    lower, upper = mask.intervals()
    attacker = Attacker(mask.table, lower, upper)
    attacker.explore()
    return attacker.check(np.flatnonzero(mask.hidden.ravel()), mask.policy.min_width)
