"""Primary and secondary suppression: ``protect(table, policy) -> Mask``.

Primary: every sensitive count (below the threshold; zeros when the policy says so), totals
included, is hidden.

Secondary, in two steps. First, a line (row, column, total) with a single hidden cell gives it
away by subtraction (exactly, or under rounding within the others' rounding intervals): one
more cell on it is hidden, the one whose
other lines already have a hidden cell (closing a rectangle), an inner cell before a total, the
smaller count first, until no line has a single hidden cell (:func:`_close_lines`). Then
"attack, then hide the cheapest cell that closes the gap", checked by the attacker, deals with
what subtraction along one line cannot show (narrow ranges across several lines, rounding):

1. Queue every hidden cell. Take one; the attacker works out its range from what would be
   published. Wide enough (:func:`~.attack.is_safe`): next.
2. Too narrow: the candidates are the shown cells on the lines (row, column, total) through
   it, cheapest first: a cell on a line where it is the only hidden cell (that line gives it
   away by subtraction), then a cell whose other lines already have a hidden cell (it closes
   a rectangle, so needs no more cells hidden after it), then an inner cell before a total,
   then the smaller count. The first candidate that makes both the cell and itself safe is
   hidden (else the first that makes the cell safe, else the one that widens it most); the
   cell is checked again after the new one (while the new one can be worked out, often the
   first can be through it).
3. Hiding a cell only takes information away, so a range can only widen as cells are added:
   a cell once safe stays safe, and the loop ends (at worst with every cell hidden, which is
   always safe).
4. Pruning (small tables, and on request): each extra cell, totals and large counts first, is
   shown again if the whole pattern stays safe. One pass leaves a pattern from which no extra
   cell can be removed; its reasons are then the true ones (what showing it would reveal).

:func:`brute_force` finds the true minimum for small tables by trying every set of extra cells
in increasing size; the tests compare the two.
"""

from __future__ import annotations

from collections import deque
from itertools import combinations

import numpy as np

from .attack import Attacker
from .mask import Mask, Policy
from .tables import Table

PRUNE_UP_TO = 600  # cells in the extended table; beyond it pruning is asked for explicitly
EXPLORE_FROM = 20  # unknown cells from which two far-apart solutions are sought first
CANDIDATES = 6  # trials per unsafe cell before settling for the best seen


def primary_suppression(table: Table, policy: Policy) -> tuple[np.ndarray, dict]:
    """The hidden cells of the primary rule, and their reasons."""
    hidden = np.vectorize(policy.is_sensitive, otypes=[bool])(table.values)
    reasons = {}
    for cell in zip(*np.nonzero(hidden), strict=True):
        cell = tuple(int(p) for p in cell)
        if table.values[cell] == 0:
            reasons[cell] = "zero: shown, it would say that none of this group are counted here"
        else:
            reasons[cell] = f"fewer than {policy.threshold}"
    return hidden, reasons


class _Pattern:
    """A suppression pattern being built, with the attacker for its current state."""

    def __init__(self, table: Table, policy: Policy, hidden: np.ndarray):
        self.table = table
        self.policy = policy
        self.hidden = hidden.copy()
        self.published = np.vectorize(policy.rounded, otypes=[np.int64])(table.values)
        self.lower = np.zeros(hidden.size)
        self.upper = np.zeros(hidden.size)
        for k, value in enumerate(self.published.ravel()):
            self.lower[k], self.upper[k] = policy.interval(int(value))
        self.lower_shown = self.lower.copy()
        self.upper_shown = self.upper.copy()
        for k in np.flatnonzero(self.hidden.ravel()):
            self._hide_bounds(int(k))
        self._current = self._carry = None

    def _hide_bounds(self, k):
        self.lower[k], self.upper[k] = 0.0, np.inf

    def _show_bounds(self, k):
        self.lower[k], self.upper[k] = self.lower_shown[k], self.upper_shown[k]

    def attacker(self, also_hide: int | None = None, show: int | None = None) -> Attacker:
        lower, upper = self.lower.copy(), self.upper.copy()
        if also_hide is not None:
            lower[also_hide], upper[also_hide] = 0.0, np.inf
        if show is not None:
            lower[show], upper[show] = self.lower_shown[show], self.upper_shown[show]
        return Attacker(self.table, lower, upper)

    def current(self) -> Attacker:
        """The attacker for the pattern as it stands (kept until the pattern changes, so its
        solutions keep proving cells safe). Solutions found before cells were only hidden
        stay allowed tables (a hidden cell may take any value, its old one too), so they are
        carried over; after a cell is shown again they are not."""
        if self._current is None:
            attacker = self.attacker()
            if self._carry is not None:
                _inherit(attacker, self._carry)
            elif len(attacker.variables) > EXPLORE_FROM:
                attacker.explore()
            self._current = attacker
        return self._current

    def hide(self, k: int):
        self.hidden.ravel()[k] = True
        self._hide_bounds(k)
        if self._current is not None:
            self._carry = self._current
        self._current = None

    def show(self, k: int):
        self.hidden.ravel()[k] = False
        self._show_bounds(k)
        self._current = self._carry = None

    def safe(self, attacker: Attacker, k: int) -> bool:
        return not attacker.check([k], self.policy.min_width)

    def all_unsafe(self, attacker: Attacker, *, first: list[int] = (), first_only=False):
        """Flat cells the attacker narrows too far (``first`` checked first)."""
        rest = [int(k) for k in np.flatnonzero(self.hidden.ravel()) if int(k) not in first]
        found = attacker.check([*first, *rest], self.policy.min_width, first_only=first_only)
        return [self.table.flat(r.cell) for r in found]


def _inherit(attacker: Attacker, old: Attacker) -> None:
    """Give ``attacker`` the solutions ``old`` found, valid when ``attacker``'s publication
    only hides more than ``old``'s."""
    for k, i in attacker.position.items():
        j = old.position.get(k)
        if j is not None:
            attacker.seen_low[i] = old.seen_low[j]
            attacker.seen_high[i] = old.seen_high[j]


def _cost(table: Table, hidden_flat: np.ndarray, k: int, via=None) -> tuple:
    """How much hiding flat cell k costs, for ordering candidates: lines through it (other
    than ``via``) with no hidden cell yet, then whether it is a total, then its count."""
    cell = table.unflat(k)
    open_lines = 0
    for line in table.lines_through(cell):
        if line is via:
            continue
        if not any(hidden_flat[table.flat(m)] for m in line.members if m != cell):
            open_lines += 1
    return (open_lines, table.is_total(cell), int(table.values[cell]))


def _shared_line(table: Table, a, b):
    for line in table.lines_through(a):
        if table.index(b) in line.members:
            return line
    return None


def _secondary_reason(table: Table, protects: tuple[int, ...], line) -> str:
    what = table.label(protects)
    if line is None:
        return f"would help reveal a hidden cell ({what}) from the totals"
    return f"would reveal a hidden cell: {table.line_words(line)} minus the others ({what})"


def protect(
    table: Table,
    policy: Policy | None = None,
    *,
    prune: bool | None = None,
    also_hide: dict | None = None,
) -> Mask:
    """Hide what must be hidden in ``table`` under ``policy``; the mask every output uses.

    ``also_hide`` maps cells to reasons: cells hidden whatever their value (the same figure is
    hidden in a linked table, :func:`protect_linked`). They are protected as a small count is,
    and never shown again by the pruning."""
    policy = policy or Policy()
    primary, reasons = primary_suppression(table, policy)
    for cell, reason in (also_hide or {}).items():
        cell = table.index(cell)
        if not primary[cell]:
            primary[cell] = True
            reasons[cell] = reason
    hidden = primary.copy()
    _close_lines(table, policy, hidden, reasons)
    pattern = _Pattern(table, policy, hidden)
    flat_values = table.values.ravel()
    queue = deque(sorted(np.flatnonzero(hidden.ravel()).tolist(), key=lambda k: flat_values[k]))

    while queue:
        k = queue.popleft()
        if pattern.safe(pattern.current(), k):
            continue
        chosen = _choose(pattern, k)
        pattern.hide(chosen)
        reasons[table.unflat(chosen)] = _secondary_reason(
            table, table.unflat(k), _shared_line(table, table.unflat(k), table.unflat(chosen))
        )
        # The new cell first: while it can be worked out, so often can k through it.
        queue.appendleft(k)
        queue.appendleft(chosen)

    if prune is None:
        prune = table.values.size <= PRUNE_UP_TO
    if prune:
        _prune(pattern, primary, reasons)
    return Mask(table, policy, pattern.hidden, primary, reasons)


def _close_lines(table: Table, policy: Policy, hidden: np.ndarray, reasons: dict) -> None:
    """A line with a single hidden cell gives it away by subtraction (its total minus the
    others, or the sum of the others), exactly, or under rounding to within the sum of the
    widths of the others' rounding intervals. Wherever that is narrower than the policy's
    width, hide one more cell on the line, the cheapest by :func:`_cost`, until no line gives
    a cell away on its own. Combinatorial (no programme solved), so it settles most of a large
    table cheaply; it only adds cells that any safe pattern would need on that line."""
    hidden_flat = hidden.ravel()
    published = np.vectorize(policy.rounded, otypes=[np.int64])(table.values)
    slack = np.zeros(table.values.shape)
    for cell in table.cells():
        low, high = policy.interval(int(published[cell]))
        slack[cell] = max(0, high - low)

    def lone(line):
        members = [m for m in line.members if hidden_flat[table.flat(m)]]
        if len(members) != 1:
            return None
        spread = sum(slack[m] for m in line.members if m != members[0])
        return members[0] if spread < policy.min_width else None

    queue = deque(line for line in table.lines if lone(line) is not None)
    while queue:
        line = queue.popleft()
        victim = lone(line)
        if victim is None:
            continue
        shown = [table.flat(m) for m in line.members if not hidden_flat[table.flat(m)]]
        d = min(shown, key=lambda d: _cost(table, hidden_flat, d, via=line))
        hidden_flat[d] = True
        reasons[table.unflat(d)] = _secondary_reason(table, victim, line)
        for other in table.lines_through(table.unflat(d)):
            if other is not line:
                queue.append(other)


def _choose(pattern: _Pattern, k: int) -> int:
    """The shown cell to hide next so that hidden flat cell k gets a wide enough range."""
    table = pattern.table
    hidden_flat = pattern.hidden.ravel()
    cell = table.unflat(k)
    candidates = {}
    for line in table.lines_through(cell):
        # A line where k is the only hidden cell gives k away by subtraction: something on it
        # has to go, so its cells come first.
        alone = not any(hidden_flat[table.flat(m)] for m in line.members if m != cell)
        for member in line.members:
            d = table.flat(member)
            if not hidden_flat[d]:
                cost = (not alone, *_cost(table, hidden_flat, d, via=line))
                candidates[d] = min(cost, candidates.get(d, cost))
    if not candidates:  # every line through it is hidden already: look further
        candidates = {
            int(d): _cost(table, hidden_flat, int(d)) for d in np.flatnonzero(~hidden_flat)
        }
    ordered = sorted(candidates, key=lambda d: candidates[d])
    best, best_width, first_safe = None, -1.0, None
    for d in ordered[:CANDIDATES]:
        attacker = pattern.attacker(also_hide=d)
        _inherit(attacker, pattern.current())
        narrow = attacker.check([k], pattern.policy.min_width)
        if not narrow:
            if pattern.safe(attacker, d):
                return d
            if first_safe is None:
                first_safe = d
        elif narrow[0].width > best_width:
            best, best_width = d, narrow[0].width
    if first_safe is not None:
        return first_safe
    return best if best is not None else ordered[0]


def _prune(pattern: _Pattern, primary: np.ndarray, reasons: dict) -> None:
    table = pattern.table
    extra = np.flatnonzero(pattern.hidden.ravel() & ~primary.ravel())
    order = sorted(
        extra.tolist(),
        key=lambda k: (table.is_total(table.unflat(k)), table.values.ravel()[k]),
        reverse=True,
    )
    for s in order:
        attacker = pattern.attacker(show=s)
        pattern.show(s)
        # Cells on the lines through s first, sensitive ones before other extra cells, so the
        # reason names a small neighbour when it can.
        near = [
            table.flat(m)
            for line in table.lines_through(table.unflat(s))
            for m in line.members
            if pattern.hidden[m]
        ]
        near.sort(key=lambda k: not primary.ravel()[k])
        exposed = [
            table.flat(r.cell)
            for r in attacker.check(near, pattern.policy.min_width, first_only=True)
        ]
        if not exposed:
            attacker.explore()  # two far-apart solutions settle most of the other cells
            exposed = pattern.all_unsafe(attacker, first_only=True)
        if not exposed:
            del reasons[table.unflat(s)]
            continue
        pattern.hide(s)
        victim = table.unflat(exposed[0])
        reasons[table.unflat(s)] = _secondary_reason(
            table, victim, _shared_line(table, victim, table.unflat(s))
        )


def brute_force(table: Table, policy: Policy | None = None, *, limit: int = 20) -> Mask:
    """The fewest extra cells that make the pattern safe, by trying every set of extra cells
    in increasing size (small tables only: at most ``limit`` cells). For tests."""
    policy = policy or Policy()
    if table.values.size > limit:
        raise ValueError(f"Brute force is for tables of at most {limit} cells.")
    primary, reasons = primary_suppression(table, policy)
    shown = np.flatnonzero(~primary.ravel()).tolist()
    for size in range(len(shown) + 1):
        for extra in combinations(shown, size):
            pattern = _Pattern(table, policy, primary)
            for d in extra:
                pattern.hide(d)
            attacker = pattern.attacker()
            attacker.explore()
            if not pattern.all_unsafe(attacker, first_only=True):
                for d in extra:
                    reasons[table.unflat(d)] = "brute force"
                return Mask(table, policy, pattern.hidden, primary, reasons)
    raise AssertionError("Hiding every cell is always safe.")  # pragma: no cover


def protect_linked(
    tables: list[Table], links: list[list[tuple[int, tuple]]], policy: Policy | None = None
) -> list[Mask]:
    """Protect tables that publish some of the same figures (linked tables) together.

    ``links`` lists groups of ``(table number, cell)`` that are one figure printed in several
    tables (a cohort's responses in the response-rate table and as the total of its
    demographic table). Each table is protected on its own; wherever a figure is hidden in one
    table it is then hidden in every other, and those tables are protected again, until no
    table hides a figure another shows. It ends: each round only adds hidden cells."""
    policy = policy or Policy()
    forced: list[dict] = [{} for _ in tables]
    while True:
        masks = [protect(table, policy, also_hide=forced[i]) for i, table in enumerate(tables)]
        changed = False
        for group in links:
            hidden_in = [(i, cell) for i, cell in group if masks[i].is_hidden(cell)]
            if not hidden_in:
                continue
            i0, cell0 = hidden_in[0]
            where = tables[i0].title or "another table"
            for i, cell in group:
                if not masks[i].is_hidden(cell):
                    forced[i][tables[i].index(cell)] = (
                        f"the same figure is hidden in {where} ({tables[i0].label(cell0)})"
                    )
                    changed = True
        if not changed:
            return masks
