"""Disclosure control on hand-made tables: primary and secondary suppression, zeros, the 10-5
rule, reasons, percentages, and an attacker that does find unsafe patterns."""

import math

import numpy as np
import pytest

from surveys.disclosure import (
    Mask,
    Policy,
    Table,
    attack,
    brute_force,
    cohort_by_category,
    cohorts_with_total,
    percentages_of,
    primary_suppression,
    protect,
    unsafe,
)


def primary_only(table, policy=None):
    """The pattern primary suppression alone gives (what a naive output would publish)."""
    policy = policy or Policy()
    hidden, reasons = primary_suppression(table, policy)
    return Mask(table, policy, hidden, hidden, reasons)


def hidden_cells(mask):
    return {mask.table.label(c) for c in mask.table.cells() if mask.is_hidden(c)}


# -- tables ----------------------------------------------------------------------------------


def test_margins_are_computed_and_checked():
    table = cohort_by_category([[1, 2], [3, 4]], ["a", "b"], ["x", "y"])
    assert table.values.tolist() == [[1, 2, 3], [3, 4, 7], [4, 6, 10]]
    assert table.label(("a", "Total")) == "a, Total"
    assert table.label((2, 2)) == "the grand total"
    # One line per row and per column, margins included: 3 + 3.
    assert len(table.lines) == 6
    assert not (table.constraints() @ table.values.ravel()).any()
    with pytest.raises(ValueError, match="do not add up"):
        Table(np.array([[1, 2, 4], [1, 1, 2], [2, 3, 6]]), (("a", "b"), ("x", "y")), ("r", "c"))
    with pytest.raises(ValueError, match="negative"):
        cohorts_with_total({"a": -1, "b": 3})


def test_three_dimensional_table_has_every_margin():
    counts = np.arange(8).reshape(2, 2, 2)
    table = Table.from_counts(counts)
    assert table.shape == (3, 3, 3)
    assert table.values[2, 2, 2] == counts.sum()
    assert table.values[0, 2, 2] == counts[0].sum()
    assert table.values[2, 1, 2] == counts[:, 1, :].sum()
    assert table.values[1, 1, 2] == counts[1, 1].sum()
    # 3 axes x 9 positions of the other two axes.
    assert len(table.lines) == 27
    assert not (table.constraints() @ table.values.ravel()).any()


# -- the attacker can fail -------------------------------------------------------------------


def test_attacker_finds_a_row_with_one_hidden_cell():
    """Primary suppression alone: the row total minus the others gives the hidden 3 back."""
    table = cohort_by_category([[3, 10, 20], [12, 15, 30]], ["a", "b"], ["x", "y", "z"])
    naive = primary_only(table)
    found = unsafe(naive)
    assert [(r.cell, r.lower, r.upper) for r in found] == [((0, 0), 3.0, 3.0)]
    assert found[0].exact


def test_attacker_finds_a_singleton_beside_another_hidden_cell():
    """Two hidden cells in one 1-D list: the total minus the rest gives their sum, 1 + 2 = 3,
    so each is 0 to 3, narrower than 5."""
    table = cohorts_with_total({"4-7": 1, "8-11": 2, "11-18": 50})
    found = {r.cell: (r.lower, r.upper) for r in unsafe(primary_only(table))}
    assert found == {(0,): (0.0, 3.0), (1,): (0.0, 3.0)}


def test_attacker_uses_rounding_intervals():
    """Under 10-5 the attacker reads a shown 50 as 48 to 52 and a shown 55 as 53 to 57."""
    policy = Policy.ten_five()
    # 3 + 52 + 61 = 116: published -, 50, 60, 115. 113..117 - 48..52 - 58..62 is -1..11, and
    # a count is not negative: 0..11, 11 wide, so rounding alone protects this one.
    wide = primary_only(cohorts_with_total({"a": 3, "b": 52, "c": 61}), policy)
    assert [wide.value(c) for c in ["b", "c", "Total"]] == [50, 60, 115]
    (found,) = attack(wide).values()
    assert (found.lower, found.upper) == (0, 11)
    assert not unsafe(wide)
    # 3 + 52 = 55: published -, 50, 55. 53..57 - 48..52 is 1..9: narrower than 10.
    narrow = primary_only(cohorts_with_total({"a": 3, "b": 52}), policy)
    (found,) = attack(narrow).values()
    assert (found.lower, found.upper) == (1, 9)
    assert unsafe(narrow) == [found]
    assert not unsafe(protect(narrow.table, policy))


# -- primary suppression ---------------------------------------------------------------------


def test_counts_below_threshold_are_hidden_with_their_reason():
    table = cohorts_with_total({"4-7": 4, "8-11": 5, "11-18": 40})
    mask = protect(table)
    assert mask.is_hidden("4-7")
    assert mask.reason("4-7") == "fewer than 5"
    assert mask.value("4-7") is None
    assert mask.reason("11-18") is None or mask.is_hidden("11-18")
    assert not unsafe(mask)


def test_threshold_is_configurable():
    table = cohorts_with_total({"a": 7, "b": 30, "c": 40})
    assert not protect(table, Policy(threshold=5)).is_hidden("a")
    assert protect(table, Policy(threshold=8)).is_hidden("a")


def test_a_small_total_is_hidden_too():
    table = cohort_by_category([[1, 2], [20, 30]], ["a", "b"], ["x", "y"])
    mask = protect(table)
    assert mask.is_hidden(("a", "Total"))  # 3
    assert mask.reason(("a", "Total")) == "fewer than 5"
    assert not unsafe(mask)


# -- zeros -----------------------------------------------------------------------------------


def test_zeros_are_shown_by_default():
    table = cohort_by_category([[0, 12], [9, 30]], ["a", "b"], ["x", "y"])
    mask = protect(table)
    assert mask.value(("a", "x")) == 0
    assert not mask.hidden.any()


def test_zeros_hidden_when_the_policy_says_so():
    table = cohort_by_category([[0, 12], [9, 30]], ["a", "b"], ["x", "y"])
    mask = protect(table, Policy(zero_is_sensitive=True))
    assert mask.is_hidden(("a", "x"))
    assert mask.reason(("a", "x")).startswith("zero")
    assert not unsafe(mask)
    # The zero cannot be told from a count of threshold or more.
    assert attack(mask)[(0, 0)].upper >= 5


# -- secondary suppression -------------------------------------------------------------------


def test_row_with_one_hidden_cell_gets_a_second_with_its_reason():
    table = cohort_by_category([[3, 10, 20], [12, 15, 30], [8, 9, 40]], list("abc"), list("xyz"))
    mask = protect(table)
    assert not unsafe(mask)
    # Four cells hide a rectangle: the minimum, as brute force confirms.
    assert mask.hidden.sum() == 4 == brute_force(table).hidden.sum()
    secondary = [c for c in table.cells() if mask.secondary[c]]
    assert secondary
    hidden_labels = {table.label(c) for c in table.cells() if mask.hidden[c]}
    for cell in secondary:
        reason = mask.reason(cell)
        assert reason.startswith("would reveal a hidden cell: ")
        named = reason.split("minus the others (")[1].rstrip(")")
        assert named in hidden_labels - {table.label(cell)}
    # The cells beside the 3 on its row and column name it.
    beside = [c for c in secondary if c[0] == 0 or c[1] == 0]
    assert beside
    assert all(mask.reason(c).endswith("minus the others (a, x)") for c in beside)


def test_singleton_list_hides_a_larger_count():
    table = cohorts_with_total({"4-7": 1, "8-11": 2, "11-18": 50, "care leavers": 60})
    mask = protect(table)
    assert not unsafe(mask)
    assert mask.is_hidden("4-7") and mask.is_hidden("8-11")
    assert mask.secondary.sum() == 1
    assert mask.value("Total") == 113  # the total stays published
    assert mask.is_hidden("11-18")  # the smaller of the large counts goes


def test_the_other_cell_of_a_pair_goes_and_the_total_stays():
    table = cohorts_with_total({"a": 1, "b": 6})
    mask = protect(table)
    assert not unsafe(mask)
    assert mask.is_hidden("b") and mask.value("Total") == 7
    assert mask.reason("b") == "would reveal a hidden cell: total minus the others (a)"


def test_three_dimensional_protection():
    rng = np.random.default_rng(7)
    counts = rng.integers(0, 30, size=(3, 3, 2))
    counts[0, 0, 0] = 2
    table = Table.from_counts(counts)
    mask = protect(table)
    assert mask.is_hidden((0, 0, 0))
    assert not unsafe(mask)


@pytest.mark.parametrize(
    "counts",
    [
        [[3, 10, 20], [12, 15, 30]],
        [[1, 40], [2, 50]],
        [[1, 2, 30], [25, 3, 6]],
        [[0, 7], [9, 1]],
        [[6, 4, 2], [50, 60, 70]],
    ],
)
def test_as_few_extra_cells_as_brute_force(counts):
    table = Table.from_counts(counts)
    mask = protect(table)
    best = brute_force(table)
    assert not unsafe(mask) and not unsafe(best)
    assert mask.secondary.sum() == best.secondary.sum()


# -- the 10-5 rule ---------------------------------------------------------------------------


def test_ten_five_rounds_shown_counts_and_totals():
    table = cohort_by_category([[12, 23], [37, 48]], ["a", "b"], ["x", "y"])
    mask = protect(table, Policy.ten_five())
    assert [mask.value(c) for c in [("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")]] == [
        10,
        25,
        35,
        50,
    ]
    assert mask.value(("a", "Total")) == 35  # 35 rounds to 35
    assert mask.value(("Total", "Total")) == 120  # 120
    assert mask.value(("Total", "y")) == 70  # 71
    assert mask.is_rounded(("Total", "y"))
    assert not mask.is_rounded(("a", "Total"))
    assert not mask.hidden.any()


def test_ten_five_hides_under_ten_and_protects():
    table = cohort_by_category([[9, 23, 40], [37, 48, 11]], ["a", "b"], ["x", "y", "z"])
    mask = protect(table, Policy.ten_five())
    assert mask.reason(("a", "x")) == "fewer than 10"
    assert not unsafe(mask)
    assert all(r.width >= 10 for r in attack(mask).values())


def test_rounding_interval_knows_shown_counts_are_not_small():
    policy = Policy.ten_five()
    assert policy.rounded(10) == 10 and policy.rounded(12) == 10 and policy.rounded(13) == 15
    assert policy.interval(10) == (10, 12)
    assert policy.interval(15) == (13, 17)
    assert policy.interval(0) == (0, 0)


# -- percentages beside a denominator --------------------------------------------------------


def test_percentage_of_a_published_denominator_is_hidden_with_its_count():
    """Seed 002's response rates, with a made-up small cohort: 3 of 20 is 15%, which with the
    20 printed beside it is the count 3."""
    table = percentages_of([3, 75, 261], [20, 238, 835], [["4-7", "8-11", "11-18"]], ["age group"])
    mask = protect(table)
    assert mask.percentage("4-7") is None
    assert mask.is_hidden("4-7")
    assert not unsafe(mask)
    shown = [c for c in ["8-11", "11-18"] if not mask.is_hidden(c)]
    for c in shown:
        assert mask.percentage(c) == 100 * mask.value(c) / table.denominators[table.index(c)]
    if not mask.is_hidden("Total"):
        assert math.isclose(mask.percentage("Total"), 100 * 339 / 1093)


def test_percentage_under_rounding_uses_the_published_count():
    table = percentages_of([42, 75], [231, 238], [["a", "b"]], ["cohort"])
    mask = protect(table, Policy.ten_five())
    assert mask.value("a") == 40
    assert mask.percentage("a") == 100 * 40 / 231


# -- hostile and unusual input ---------------------------------------------------------------


def test_labels_are_kept_as_text_and_reasons_only_quote_them():
    name = '<script>alert("x")</script>\nline'
    table = cohort_by_category([[1, 30], [20, 40]], [name, "b"], ["x", "y"])
    mask = protect(table)
    assert mask.is_hidden((name, "x"))
    reasons = [mask.reason(c) for c in table.cells() if mask.is_hidden(c)]
    assert any(name in r for r in reasons if r != "fewer than 5")


def test_unknown_cells_are_refused():
    table = cohorts_with_total({"a": 10})
    mask = protect(table)
    with pytest.raises(KeyError, match="No cohort called 'z'"):
        mask.value("z")
    with pytest.raises(KeyError):
        mask.value((0, 0))


def test_mask_cannot_be_changed_after_it_is_computed():
    mask = protect(cohorts_with_total({"a": 1, "b": 20, "c": 30}))
    with pytest.raises(ValueError):
        mask.hidden[0] = False


def test_an_all_hidden_table_is_safe():
    table = cohorts_with_total({"a": 1, "b": 1})
    mask = protect(table)
    assert mask.hidden.all()
    assert all(math.isinf(r.upper) for r in attack(mask).values())


# -- seed 002 ---------------------------------------------------------------------------------


def test_seed_002_response_rates_publish_in_full():
    """Seed 002's table: 42 of 231 (18%), 75 of 238 (32%), 261 of 835 (31%), 29% overall.
    Nothing in it is small, so nothing is hidden and the percentages come from the counts."""
    table = percentages_of(
        [42, 75, 261], [231, 238, 835], [["4-7", "8-11", "11-18"]], ["age group"]
    )
    mask = protect(table)
    assert not mask.hidden.any()
    rates = [round(mask.percentage(c)) for c in ["4-7", "8-11", "11-18", "Total"]]
    assert rates == [18, 32, 31, 29]
    assert unsafe(mask) == []


def test_seed_002_five_who_did_not_say_are_shown_four_would_not_be():
    """ "Five young people preferred to not report their gender": 5 is not below 5. Had it been
    4, it would be hidden and so would one more count, or the total would give it back."""
    shown = protect(cohorts_with_total({"Boys": 208, "Girls": 165, "Prefer not to say": 5}))
    assert not shown.hidden.any()
    hidden = protect(cohorts_with_total({"Boys": 208, "Girls": 165, "Prefer not to say": 4}))
    assert hidden.is_hidden("Prefer not to say")
    assert hidden.secondary.sum() == 1
    assert unsafe(hidden) == []
    assert unsafe(primary_only(hidden.table))  # without the extra cell: 377 - 208 - 165


def test_labels_that_would_be_ambiguous_are_refused():
    with pytest.raises(ValueError, match='"Total" names the margins'):
        cohorts_with_total({"Total": 3, "b": 20})
    with pytest.raises(ValueError, match="Two cohorts have the same name"):
        cohorts_with_total([("a", 3), ("a", 20)])
