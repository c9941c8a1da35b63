"""Disclosure control for published tables of counts (pure Python: numpy and scipy).

    table = cohort_by_category(counts, cohorts, categories)
    mask = protect(table, Policy())          # or Policy.ten_five()
    mask.value(("8-11", "Boys"))             # the published count, or None when hidden
    mask.reason(("8-11", "Boys"))            # why it is hidden, for officers
    unsafe(mask)                             # the attacker's verdict: [] when safe

See docs/decisions/0022 for what is sensitive, the safety rule and the algorithm.
"""

from .attack import Range, attack, is_safe, unsafe
from .mask import Mask, Policy
from .suppress import brute_force, primary_suppression, protect, protect_linked
from .tables import TOTAL, Table, cohort_by_category, cohorts_with_total, percentages_of

__all__ = [
    "TOTAL",
    "Mask",
    "Policy",
    "Range",
    "Table",
    "attack",
    "brute_force",
    "cohort_by_category",
    "cohorts_with_total",
    "is_safe",
    "percentages_of",
    "primary_suppression",
    "protect",
    "protect_linked",
    "unsafe",
]
