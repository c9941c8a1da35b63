"""Significance: which test, on what counts, checked against scipy directly."""

import pytest
from scipy import stats

from surveys.significance import FISHER, NO_TEST, Z_TEST, compare


@pytest.mark.parametrize(
    "a, n1, b, n2",
    [(67, 75, 1296, 1640), (230, 261, 4160, 5200), (183, 261, 3598, 5200), (30, 60, 35, 60)],
)
def test_large_counts_use_the_z_test_which_equals_chi_squared_without_correction(a, n1, b, n2):
    result = compare(a, n1, b, n2)
    chi2, p_value, _dof, _expected = stats.chi2_contingency(
        [[a, n1 - a], [b, n2 - b]], correction=False
    )
    assert result.test == Z_TEST
    assert result.p_value == pytest.approx(p_value, rel=1e-9)
    assert result.statistic**2 == pytest.approx(chi2, rel=1e-9)
    assert result.counts == (a, n1, b, n2)


@pytest.mark.parametrize("a, n1, b, n2", [(42, 42, 630, 700), (3, 4, 10, 40), (0, 6, 5, 9)])
def test_small_counts_use_fishers_exact_test(a, n1, b, n2):
    result = compare(a, n1, b, n2)
    _odds, p_value = stats.fisher_exact([[a, n1 - a], [b, n2 - b]])
    assert result.test == FISHER
    assert result.p_value == pytest.approx(p_value, rel=1e-12)


def test_seed_002s_significant_differences_hold_on_the_demo_counts():
    assert compare(67, 75, 1296, 1640).significant  # 89% of 8-11s felt settled
    assert compare(230, 261, 4160, 5200).significant  # 88% of 11-18s explored outdoors
    assert compare(42, 42, 630, 700).significant  # 100% of 4-7s felt noticed
    assert not compare(69, 75, 1470, 1640).significant  # 92% of 8-11s: not called significant


def test_a_comparator_without_counts_is_not_tested_and_says_why():
    result = compare(183, 261, None, None)
    assert result.test == NO_TEST and not result.tested and not result.significant
    assert result.describe() == "No test: the comparator has a percentage but no counts"


def test_the_description_names_the_test_and_its_counts():
    text = compare(67, 75, 1296, 1640).describe()
    assert text.startswith("Two-proportion z-test on 67 of 75 and 1,296 of 1,640: p = 0.0")
    assert text.endswith(", significant")


def test_identical_proportions_of_all_or_nothing_are_not_different():
    assert compare(10, 10, 20, 20).p_value == 1.0
