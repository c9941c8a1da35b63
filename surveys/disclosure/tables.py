"""A published table of counts: its cells, every marginal total, and the sums that link them.

A table of shape ``(n1, n2, ...)`` (1, 2 or 3 dimensions) is held *extended*: shape
``(n1 + 1, n2 + 1, ...)``, where the last index on an axis is the total over that axis. So a
2-D table's ``[i, n2]`` is row i's total, ``[n1, j]`` column j's total and ``[n1, n2]`` the
grand total; a 3-D table has every one- and two-way margin as well. Every cell of the
extended array, totals included, is a count someone might publish, so every one is subject
to suppression and to the attacker.

The additivity constraints are the equations ``E @ x = 0`` over the flattened extended array
``x``: for each axis and each position of the other axes (totals included), the cells along
the axis sum to the total at its end. They are what an attacker combines ("row total minus
the others").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import product

import numpy as np
from scipy import sparse

TOTAL = "Total"


@dataclass(frozen=True, eq=False)
class Line:
    """One additivity constraint: ``cells`` (interior along ``axis``) sum to ``total``."""

    axis: int
    cells: tuple[tuple[int, ...], ...]
    total: tuple[int, ...]

    @property
    def members(self) -> tuple[tuple[int, ...], ...]:
        return (*self.cells, self.total)


@dataclass(eq=False)
class Table:
    """Counts with their margins. Build with :meth:`from_counts` (or the shape helpers below).

    ``values`` is the extended integer array; ``labels[a]`` names the interior positions of
    axis a (the total position is called "Total"); ``axis_names[a]`` says what the axis is
    ("cohort", "category") for reasons shown to officers. ``denominators``, when given, are
    published counts that a percentage is taken of (same extended shape); see
    :func:`percentages_of`.
    """

    values: np.ndarray
    labels: tuple[tuple[str, ...], ...]
    axis_names: tuple[str, ...]
    denominators: np.ndarray | None = None
    title: str = ""
    lines: tuple[Line, ...] = field(init=False)

    def __post_init__(self):
        self.values = np.asarray(self.values, dtype=np.int64)
        if self.values.ndim not in (1, 2, 3):
            raise ValueError("A table has 1, 2 or 3 dimensions.")
        if (self.values < 0).any():
            raise ValueError("Counts cannot be negative.")
        if len(self.labels) != self.values.ndim or len(self.axis_names) != self.values.ndim:
            raise ValueError("Give one list of labels and one axis name per dimension.")
        for axis, names in enumerate(self.labels):
            if TOTAL in names:
                raise ValueError(
                    f'"{TOTAL}" names the margins; give the {self.axis_names[axis]} another name.'
                )
            if len(set(names)) != len(names):
                raise ValueError(f"Two {self.axis_names[axis]}s have the same name.")
            if len(names) != self.values.shape[axis] - 1:
                raise ValueError(
                    f"Axis {axis} has {self.values.shape[axis] - 1} cells but {len(names)} labels."
                )
        self.lines = tuple(self._lines())
        for line in self.lines:
            if sum(self.values[c] for c in line.cells) != self.values[line.total]:
                raise ValueError("The totals do not add up.")

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def from_counts(
        cls,
        counts,
        labels: Sequence[Sequence[str]] | None = None,
        axis_names: Sequence[str] | None = None,
        *,
        denominators=None,
        title: str = "",
    ) -> Table:
        """A table from its interior counts; every margin is computed here (never typed)."""
        interior = np.asarray(counts, dtype=np.int64)
        ndim = interior.ndim
        if labels is None:
            labels = [[str(i + 1) for i in range(n)] for n in interior.shape]
        if axis_names is None:
            axis_names = ("row", "column", "layer")[:ndim] if ndim > 1 else ("group",)
        return cls(
            values=extend(interior),
            labels=tuple(tuple(str(x) for x in names) for names in labels),
            axis_names=tuple(axis_names),
            denominators=None if denominators is None else extend(denominators),
            title=title,
        )

    # -- addressing -------------------------------------------------------------------------

    @property
    def shape(self) -> tuple[int, ...]:
        return self.values.shape

    @property
    def ndim(self) -> int:
        return self.values.ndim

    def cells(self):
        """Every cell of the extended table, totals included, in row-major order."""
        return product(*(range(n) for n in self.shape))

    def index(self, cell) -> tuple[int, ...]:
        """A cell as a tuple of integer positions. Accepts positions, labels and "Total"
        (also a bare int or label for a 1-D table)."""
        if not isinstance(cell, tuple):
            cell = (cell,)
        if len(cell) != self.ndim:
            raise KeyError(f"A cell of this table has {self.ndim} coordinates: {cell!r}")
        out = []
        for axis, key in enumerate(cell):
            n = self.shape[axis]
            if isinstance(key, (int, np.integer)):
                position = int(key) + n if key < 0 else int(key)
                if not 0 <= position < n:
                    raise KeyError(f"No position {key} on axis {axis}.")
            elif key == TOTAL:
                position = n - 1
            else:
                try:
                    position = self.labels[axis].index(key)
                except ValueError:
                    raise KeyError(f"No {self.axis_names[axis]} called {key!r}.") from None
            out.append(position)
        return tuple(out)

    def is_total(self, cell) -> bool:
        cell = self.index(cell)
        return any(p == n - 1 for p, n in zip(cell, self.shape, strict=True))

    def label(self, cell) -> str:
        """Plain words for a cell, e.g. "8-11, Boys" or "Total"."""
        cell = self.index(cell)
        parts = [TOTAL if p == self.shape[a] - 1 else self.labels[a][p] for a, p in enumerate(cell)]
        if all(p == TOTAL for p in parts):
            return "the grand total" if self.ndim > 1 else "the total"
        return ", ".join(parts)

    def flat(self, cell) -> int:
        return int(np.ravel_multi_index(self.index(cell), self.shape))

    def unflat(self, k: int) -> tuple[int, ...]:
        return tuple(int(i) for i in np.unravel_index(k, self.shape))

    # -- additivity -------------------------------------------------------------------------

    def _lines(self):
        for axis in range(self.ndim):
            others = [range(n) for a, n in enumerate(self.shape) if a != axis]
            for rest in product(*others):

                def at(p, rest=rest, axis=axis):
                    r = list(rest)
                    r.insert(axis, p)
                    return tuple(r)

                n = self.shape[axis]
                yield Line(axis, tuple(at(p) for p in range(n - 1)), at(n - 1))

    def constraints(self) -> sparse.csc_matrix:
        """E with ``E @ values.ravel() == 0``: one row per line, +1 on its cells, -1 on its
        total. Built once per table."""
        if getattr(self, "_constraints", None) is None:
            self._constraints = self._build_constraints()
        return self._constraints

    def _build_constraints(self) -> sparse.csc_matrix:
        rows, cols, data = [], [], []
        for r, line in enumerate(self.lines):
            for c in line.cells:
                rows.append(r)
                cols.append(int(np.ravel_multi_index(c, self.shape)))
                data.append(1.0)
            rows.append(r)
            cols.append(int(np.ravel_multi_index(line.total, self.shape)))
            data.append(-1.0)
        return sparse.csc_matrix(
            (data, (rows, cols)), shape=(len(self.lines), int(np.prod(self.shape)))
        )

    def lines_through(self, cell) -> list[Line]:
        if getattr(self, "_through", None) is None:
            self._through = {}
            for line in self.lines:
                for member in line.members:
                    self._through.setdefault(member, []).append(line)
        return self._through.get(self.index(cell), [])

    def line_words(self, line: Line) -> str:
        """What a line is called in a reason: "row total", "column total", "total"..."""
        if self.ndim == 1:
            return "total"
        if self.ndim == 2:
            return "row total" if line.axis == 1 else "column total"
        return f"total over {self.axis_names[line.axis]}"


def extend(interior) -> np.ndarray:
    """The interior counts with every margin appended (last position on each axis)."""
    out = np.asarray(interior, dtype=np.int64)
    for axis in range(out.ndim):
        out = np.concatenate([out, out.sum(axis=axis, keepdims=True)], axis=axis)
    return out


# -- the common published shapes ---------------------------------------------------------------


def cohorts_with_total(counts: dict[str, int] | Sequence[tuple[str, int]], *, title="") -> Table:
    """A list of cohorts with a total row (e.g. responses by age group)."""
    items = list(counts.items()) if isinstance(counts, dict) else list(counts)
    return Table.from_counts(
        [n for _, n in items], [[name for name, _ in items]], ("cohort",), title=title
    )


def cohort_by_category(
    counts, cohorts: Sequence[str], categories: Sequence[str], *, title=""
) -> Table:
    """A cohort x category table with row, column and grand totals."""
    return Table.from_counts(counts, [cohorts, categories], ("cohort", "category"), title=title)


def percentages_of(
    counts, denominators, labels: Sequence[Sequence[str]], axis_names: Sequence[str], *, title=""
) -> Table:
    """Percentages printed beside a published denominator ("42 of 231 replied: 18%").

    A percentage p of a published n reveals the count (p * n / 100, to within the rounding of
    p, which for any n under a few hundred pins it to one or two values), so the table is held
    as the counts behind the percentages and protected as counts. The mask's ``percentage()``
    is then worked out from the *published* count only, so a rounded or hidden count never
    leaks through its percentage.
    """
    return Table.from_counts(counts, labels, axis_names, denominators=denominators, title=title)
