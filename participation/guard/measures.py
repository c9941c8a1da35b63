"""How well the guard does on a labelled list of feedback: recall and false flags.

A labelled list is a CSV with the columns text and expected (the kinds that should be
flagged, separated by ";", empty for an item with no personal data). bench/guard.py prints
these measures; tests/participation/test_guard.py holds floors on them.
"""

import csv
import time
from dataclasses import dataclass, field
from pathlib import Path

from .engine import scan


@dataclass(frozen=True)
class Item:
    text: str
    expected: frozenset[str]
    source: str = ""


@dataclass
class Measures:
    items: int = 0
    expected: int = 0  # (item, kind) pairs that should be flagged
    caught: int = 0  # of those, flagged
    clean_items: int = 0  # items with no personal data
    falsely_flagged: int = 0  # of those, flagged anyway
    missed: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    false_flags: list[tuple[str, str]] = field(default_factory=list)  # (flag, text)
    seconds: list[float] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.expected if self.expected else 1.0

    @property
    def false_flag_rate(self) -> float:
        return self.falsely_flagged / self.clean_items if self.clean_items else 0.0


def load(path: Path) -> list[Item]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            Item(
                row["text"],
                frozenset(k for k in row["expected"].split(";") if k),
                row.get("source") or row.get("note") or "",
            )
            for row in csv.DictReader(f)
        ]


def measure(items: list[Item]) -> Measures:
    m = Measures()
    for item in items:
        started = time.perf_counter()
        flags = scan(item.text)
        m.seconds.append(time.perf_counter() - started)
        kinds = {f.kind for f in flags}
        m.items += 1
        m.expected += len(item.expected)
        m.caught += len(item.expected & kinds)
        m.missed += [(kind, item.text) for kind in sorted(item.expected - kinds)]
        if not item.expected:
            m.clean_items += 1
            if flags:
                m.falsely_flagged += 1
                m.false_flags += [(f"{f.kind} {f.text!r}", item.text) for f in flags]
    return m
