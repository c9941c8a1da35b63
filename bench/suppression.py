"""Time disclosure control on large tables: protect() and the attacker, with peak memory.

    .venv/bin/python bench/suppression.py [--seed 1]

Builds, from a seeded generator, a 150 councils x 20 categories table (every margin: 3,171
published cells) and a 3-D one (30 councils x 8 categories x 4 age groups with every one- and
two-way margin: 1,395 cells), about a quarter of the counts below 5. For each, under the
default policy (threshold 5), and with --ten-five the 10-5 rule too, prints the cells hidden
by the primary and the secondary rules, the time of protect(), the time of the attacker's
verdict (unsafe(), which proves most cells safe from solutions already found), with --full
the full attack (both linear programmes for every hidden cell), the number of unsafe cells
(0 when the pattern holds) and the process's peak resident memory after the step. Needs
no database. Figures are printed, never asserted.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

import numpy as np  # noqa: E402

from surveys.disclosure import Policy, Table, attack, protect, unsafe  # noqa: E402


def table(rng, shape) -> Table:
    small = rng.random(shape) < 0.25
    interior = np.where(small, rng.integers(0, 5, shape), rng.integers(5, 400, shape))
    return Table.from_counts(interior)


def measured(step):
    """The step's result, seconds, and the process's peak resident memory so far in MiB
    (tracemalloc would slow the solver's Python side several times over, so it is not used)."""
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    return result, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--full", action="store_true", help="also run the full attack")
    parser.add_argument("--ten-five", action="store_true", help="also under the 10-5 rule")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    shapes = {"150 x 20": (150, 20), "30 x 8 x 4": (30, 8, 4)}
    policies = {"threshold 5": Policy()}
    if args.ten_five:
        policies["10-5 rule"] = Policy.ten_five()
    print(
        f"{'table':<11} {'policy':<12} {'cells':>6} {'primary':>8} {'extra':>6} "
        f"{'protect s':>10} {'peak MiB':>8} {'verdict s':>10} {'unsafe':>7}"
        + (f" {'attack s':>9} {'MiB':>6}" if args.full else "")
    )
    for name, shape in shapes.items():
        t = table(rng, shape)
        for policy_name, policy in policies.items():
            mask, protect_s, protect_mb = measured(lambda t=t, p=policy: protect(t, p))
            found, verdict_s, _ = measured(lambda m=mask: unsafe(m))
            counts = mask.counts()
            line = (
                f"{name:<11} {policy_name:<12} {counts['cells']:>6} {counts['primary']:>8} "
                f"{counts['secondary']:>6} {protect_s:>10.2f} {protect_mb:>8.0f} "
                f"{verdict_s:>10.2f} {len(found):>7}"
            )
            if args.full:
                _ranges, attack_s, attack_mb = measured(lambda m=mask: attack(m))
                line += f" {attack_s:>9.2f} {attack_mb:>6.1f}"
            print(line, flush=True)


if __name__ == "__main__":
    main()
