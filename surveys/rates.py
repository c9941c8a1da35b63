"""Percentages as the council prints them: whole percent, halves rounded up.

Every rate and share on a survey page comes from counts through `percent()`; none is typed.
Decimal, never float: 42 of 231 is 18.18...% and 21 of 168 is exactly 12.5%, which must print
13% (float rounding and Python's round() would give 12). Seed 002's table comes out as printed:
42/231 = 18%, 75/238 = 32%, 261/835 = 31%, 378/1,304 = 29%.
"""

from decimal import ROUND_HALF_UP, Decimal

WHOLE = Decimal("1")


def percent(part: int | None, whole: int | None) -> Decimal | None:
    """`part` of `whole` as a whole percentage (half up), or None when there is no whole."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(WHOLE, rounding=ROUND_HALF_UP)


def exact_percent(part: int, whole: int) -> Decimal | None:
    """Unrounded, for comparing with a comparator's typed percentage."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)
