"""A figure's cell reads back as what it was: a number as that number, a symbol as that
symbol (property-based: any number, any symbol, in any of the ways files write them)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from surveys.figures_import import SYMBOLS, check_value, parse_cell
from surveys.models import PerformanceIndicator

numbers = st.decimals(
    min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=4, allow_nan=False
)


@given(numbers)
def test_a_number_reads_back_as_itself(value):
    assert parse_cell(str(value)) == (value, "")
    assert parse_cell(f"  {value}  ") == (value, "")


@given(st.sampled_from(sorted(SYMBOLS)), st.booleans(), st.booleans())
def test_a_symbol_reads_back_as_itself_never_as_a_number(symbol, bracketed, upper):
    text = symbol.upper() if upper else symbol
    text = f"[{text}]" if bracketed else text
    assert parse_cell(text) == (None, symbol)


@given(
    st.text(alphabet=st.characters(categories=["L"]), min_size=2).filter(
        lambda t: t.casefold() not in SYMBOLS and t.casefold() not in ("inf", "nan", "infinity")
    )
)
def test_words_are_neither(text):
    try:
        parse_cell(text)
    except ValueError:
        return
    raise AssertionError(f"{text!r} was read as a figure")


@given(numbers.filter(lambda v: v < 0))
def test_a_negative_count_is_refused(value):
    assert "a count cannot be" in check_value(value, PerformanceIndicator.Unit.COUNT)


def test_infinity_and_nan_are_not_figures():
    for text in ("inf", "Infinity", "NaN", "-inf", "sNaN"):
        try:
            parse_cell(text)
        except ValueError:
            continue
        raise AssertionError(f"{text} was read as a figure")
