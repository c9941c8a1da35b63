"""Is the council's proportion different from a comparator's? Which test, on what counts.

- The comparator has no counts (only a percentage): no test; the page says so.
- Counts on both sides and every expected cell of the 2x2 table is at least 5: the
  two-proportion z-test with a pooled proportion (two-sided). It is the same test as
  Pearson's chi-squared without continuity correction, which the tests check against
  scipy.stats.chi2_contingency.
- Otherwise (small counts): Fisher's exact test, two-sided (scipy.stats.fisher_exact).

Significant at the 5% level. The result names the test and the counts it used, so a reader
(or an auditor) can repeat it.
"""

import math
from dataclasses import dataclass

from scipy import stats

ALPHA = 0.05
SMALL_EXPECTED = 5  # the usual rule for when the normal approximation is not trusted

Z_TEST = "Two-proportion z-test"
FISHER = "Fisher's exact test"
NO_TEST = "No test"


@dataclass(frozen=True)
class Result:
    test: str
    p_value: float | None = None
    statistic: float | None = None
    counts: tuple[int, int, int, int] | None = None  # (count, n, comparator count, comparator n)
    reason: str = ""

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA

    @property
    def tested(self) -> bool:
        return self.p_value is not None

    def describe(self) -> str:
        if not self.tested:
            return f"{NO_TEST}: {self.reason}"
        a, n1, b, n2 = self.counts
        verdict = "significant" if self.significant else "not significant"
        return (
            f"{self.test} on {a:,} of {n1:,} and {b:,} of {n2:,}: p = {self.p_value:.3f}, {verdict}"
        )


def two_proportion_z(a: int, n1: int, b: int, n2: int) -> tuple[float, float]:
    """(z, two-sided p) with the pooled proportion."""
    pooled = (a + b) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:  # both 0% or both 100%: no difference to test
        return 0.0, 1.0
    z = (a / n1 - b / n2) / spread
    return z, float(2 * stats.norm.sf(abs(z)))


def compare(a: int, n1: int, b: int | None, n2: int | None) -> Result:
    """The council's `a` of `n1` against the comparator's `b` of `n2`."""
    if b is None or n2 is None:
        return Result(NO_TEST, reason="the comparator has a percentage but no counts")
    if not n1 or not n2:
        return Result(NO_TEST, reason="a denominator is zero")
    counts = (a, n1, b, n2)
    total = n1 + n2
    yes, no = a + b, total - a - b
    expected = [n * k / total for n in (n1, n2) for k in (yes, no)]
    if min(expected) < SMALL_EXPECTED:
        statistic, p_value = stats.fisher_exact([[a, n1 - a], [b, n2 - b]])
        return Result(FISHER, float(p_value), float(statistic), counts)
    z, p_value = two_proportion_z(a, n1, b, n2)
    return Result(Z_TEST, p_value, z, counts)
