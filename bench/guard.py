"""The personal-data guard's measures: recall, false flags and time per item.

    .venv/bin/python bench/guard.py        # 20 timed passes over every item
    .venv/bin/python bench/guard.py -n 100

Pure Python, no database. Prints, for the seed's named examples, the seed's ordinary feedback, the
labelled set and the held-out set: items, recall, false-flag rate, what was missed and what was
falsely flagged, and the median and worst time per item. Figures are printed, never asserted
(tests/participation/test_guard.py asserts the recall and false-flag floors, not timings).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "tests" / "participation" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="timed passes over every item")
    args = parser.parse_args()

    started = time.perf_counter()
    from participation.guard import measures, scan

    import_ms = (time.perf_counter() - started) * 1000
    seed = measures.load(DATA / "seed_002_feedback.csv")
    labelled = measures.load(DATA / "guard_labelled.csv")
    holdout = measures.load(DATA / "guard_holdout.csv")
    sets = [
        ("seed 002 named examples", [i for i in seed if i.expected]),
        ("seed 002 ordinary feedback", [i for i in seed if not i.expected]),
        ("labelled set (invented)", labelled),
        ("held-out set (not tuned on)", holdout),
    ]
    print(f"import of participation.guard (reads the name lists): {import_ms:.1f} ms")
    print(f"{'set':28} {'items':>5} {'recall':>8} {'false flags':>12}")
    for name, items in sets:
        m = measures.measure(items)
        recall = f"{m.caught}/{m.expected} {m.recall:.0%}" if m.expected else "-"
        false = (
            f"{m.falsely_flagged}/{m.clean_items} {m.false_flag_rate:.1%}" if m.clean_items else "-"
        )
        print(f"{name:28} {m.items:>5} {recall:>8} {false:>12}")
        for kind, text in m.missed:
            print(f"    missed {kind}: {text[:70]}")
        for flag, text in m.false_flags:
            print(f"    false flag {flag}: {text[:60]}")

    everything = [i.text for i in seed + labelled + holdout]
    times = []
    best = dict.fromkeys(everything, float("inf"))  # each item's fastest scan: its own cost
    for _ in range(args.n):
        for text in everything:
            t = time.perf_counter()
            scan(text)
            took = time.perf_counter() - t
            times.append(took)
            best[text] = min(best[text], took)
    slowest = max(best, key=best.get)
    print(
        f"time per item over {args.n} x {len(everything)} scans: median "
        f"{statistics.median(times) * 1000:.3f} ms, p99 "
        f"{statistics.quantiles(times, n=100)[98] * 1000:.3f} ms, worst {max(times) * 1000:.3f} ms"
    )
    print(
        f"slowest item at its best of {args.n}: {best[slowest] * 1000:.3f} ms "
        f"({len(slowest)} characters); the worst single scan above is the machine's noise "
        "when it is far above this"
    )


if __name__ == "__main__":
    main()
