"""Properties of the rounding rule and the tests, over many counts (hypothesis)."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from surveys.rates import percent
from surveys.significance import FISHER, Z_TEST, compare

counts = st.integers(min_value=1, max_value=100_000).flatmap(
    lambda whole: st.tuples(st.integers(min_value=0, max_value=whole), st.just(whole))
)


@given(counts)
def test_percent_is_the_exact_ratio_rounded_half_up(pair):
    part, whole = pair
    exact = Fraction(part * 100, whole)
    expected = int(exact + Fraction(1, 2))  # floor(x + 1/2): halves go up
    assert percent(part, whole) == expected
    assert abs(Fraction(int(percent(part, whole))) - exact) <= Fraction(1, 2)


@given(counts, counts)
@settings(max_examples=200)
def test_the_chosen_test_agrees_with_scipy(mine, theirs):
    (a, n1), (b, n2) = mine, theirs
    result = compare(a, n1, b, n2)
    table = [[a, n1 - a], [b, n2 - b]]
    if result.test == FISHER:
        assert result.p_value == stats.fisher_exact(table)[1]
    else:
        assert result.test == Z_TEST
        chi2 = stats.chi2_contingency(table, correction=False)
        assert abs(result.p_value - chi2.pvalue) < 1e-9
    assert 0 <= result.p_value <= 1
    assert compare(b, n2, a, n1).p_value == result.p_value or (
        abs(compare(b, n2, a, n1).p_value - result.p_value) < 1e-12
    )  # which side is "us" does not change the answer
