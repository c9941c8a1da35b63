"""The loop measures (participation/measures.py) on a fixed data set: items with no response,
a response on the same day, weekends and bank holidays for working days, nearest-rank
percentiles, by district and by theme; and the same figures loaded from the database."""

from datetime import date

import pytest

from participation.bank_holidays import ENGLAND_AND_WALES, covers
from participation.measures import (
    NO_DISTRICT,
    NO_THEME,
    Item,
    Share,
    by_district,
    by_theme,
    loop_measures,
    measure,
    nearest_rank,
    working_days,
)
from participation.models import LoopPromise

from ..factories import DistrictFactory, OrganisationFactory
from .factories import FeedbackFactory, ResponseFactory, ThemeFactory

TODAY = date(2026, 3, 31)  # a Tuesday

# said_on, first responded_on, district, themes. Days to response and working days as noted.
ITEMS = [
    Item(date(2026, 3, 30), date(2026, 3, 30), "North", ("Education",)),  # same day: 0, 0 wd
    # Thursday before Easter to the Tuesday after: 5 days, 1 working day (Good Friday and
    # Easter Monday are bank holidays, and a weekend between)
    Item(date(2026, 4, 2), date(2026, 4, 7), "North", ("Education", "Placements")),
    Item(date(2026, 3, 6), date(2026, 3, 11), "South", ("Placements",)),  # Fri-Wed: 5, 3 wd
    Item(date(2026, 3, 2), date(2026, 3, 9), "South", ()),  # 7 days, 5 wd: late
    Item(date(2026, 2, 2), date(2026, 3, 4), "", ("Education",)),  # 30 days: late
    Item(date(2026, 3, 2), None, "North", ()),  # waiting, past the promise: late
    Item(date(2026, 3, 30), None, "South", ("Placements",)),  # waiting 1 wd: not yet due
]


def test_working_days_leave_out_weekends_and_bank_holidays():
    assert working_days(date(2026, 3, 30), date(2026, 3, 30)) == 0  # the same day
    assert working_days(date(2026, 3, 27), date(2026, 3, 30)) == 1  # Friday to Monday
    assert working_days(date(2026, 3, 30), date(2026, 4, 2)) == 3  # Monday to Thursday
    assert working_days(date(2026, 4, 2), date(2026, 4, 7)) == 1  # over Easter
    assert working_days(date(2026, 12, 24), date(2026, 12, 29)) == 1  # over Christmas
    assert working_days(date(2022, 9, 16), date(2022, 9, 20)) == 1  # the State Funeral
    assert working_days(date(2026, 4, 7), date(2026, 4, 2)) == 0  # never negative


def test_the_bank_holiday_table_is_whole_and_has_no_weekend():
    assert covers(date(2015, 1, 1)) and covers(date(2030, 12, 31))
    assert not covers(date(2031, 1, 1))
    assert all(day.weekday() < 5 for day in ENGLAND_AND_WALES)
    for year in range(2015, 2031):
        days = [d for d in ENGLAND_AND_WALES if d.year == year]
        assert len(days) >= 8, year
    assert date(2026, 12, 28) in ENGLAND_AND_WALES  # Boxing Day moved off the Saturday
    assert date(2020, 5, 8) in ENGLAND_AND_WALES and date(2020, 5, 4) not in ENGLAND_AND_WALES


def test_percentiles_by_nearest_rank():
    assert nearest_rank([], 50) is None
    assert nearest_rank([3], 90) == 3
    assert nearest_rank([4, 1, 3, 2], 50) == 2  # even: the lower middle value
    assert nearest_rank(range(1, 11), 50) == 5
    assert nearest_rank(range(1, 11), 90) == 9
    assert nearest_rank(range(1, 12), 90) == 10  # ceil(9.9) = 10


def test_shares_round_half_up_and_say_when_there_is_nothing():
    assert Share(5, 7).percent == 71
    assert Share(1, 8).percent == 13  # 12.5 rounds up
    assert str(Share(2, 3)) == "2 of 3 (67%)"
    assert Share(0, 0).percent is None and str(Share(0, 0)) == "none to count"


def test_overall_measures_on_the_fixed_set():
    m = measure(ITEMS, today=TODAY, promise_days=3)
    assert m.items == 7
    assert m.answered == Share(5, 7)  # the waiting ones count in the share
    assert m.waiting == 2
    # days of the answered only: 0, 5, 5, 7, 30
    assert m.median_days == 5
    assert m.p90_days == 30
    # within 3 working days: the same day, over Easter, Friday-Wednesday kept; 5 wd and 30
    # days late; the one waiting since 2 March is late; the one said yesterday is not yet due
    assert m.within_promise == Share(3, 6)
    assert m.not_yet_due == 1


def test_without_a_promise_nothing_is_measured_against_one():
    m = measure(ITEMS, today=TODAY)
    assert m.within_promise is None and m.not_yet_due == 0


def test_no_items_and_no_answers():
    empty = measure([], today=TODAY, promise_days=3)
    assert (empty.items, empty.median_days, empty.p90_days) == (0, None, None)
    assert empty.within_promise == Share(0, 0)
    waiting = measure([Item(date(2026, 3, 30))], today=TODAY, promise_days=3)
    assert waiting.answered == Share(0, 1) and waiting.median_days is None
    assert waiting.within_promise == Share(0, 0) and waiting.not_yet_due == 1


def test_by_district_in_order_with_the_items_without_one_last():
    rows = by_district(ITEMS, order=["North", "South"], today=TODAY, promise_days=3)
    assert [r.label for r in rows] == ["North", "South", NO_DISTRICT]
    north, south, none = rows
    assert (north.answered, north.median_days, north.p90_days) == (Share(2, 3), 0, 5)
    assert north.within_promise == Share(2, 3)
    assert (south.answered, south.median_days, south.p90_days) == (Share(2, 3), 5, 7)
    assert south.within_promise == Share(1, 2) and south.not_yet_due == 1
    assert (none.items, none.median_days, none.within_promise) == (1, 30, Share(0, 1))


def test_an_item_in_two_themes_counts_in_both():
    rows = by_theme(ITEMS, order=["Placements", "Education"], today=TODAY)
    assert [r.label for r in rows] == ["Placements", "Education", NO_THEME]
    placements, education, none = rows
    assert (placements.items, placements.answered, placements.median_days) == (3, Share(2, 3), 5)
    assert (education.items, education.median_days, education.p90_days) == (3, 5, 30)
    assert (none.items, none.answered, none.median_days) == (2, Share(1, 2), 7)
    assert sum(r.items for r in rows) == len(ITEMS) + 1  # the item in two themes


@pytest.mark.django_db
def test_loop_measures_load_the_first_response_of_each_item_in_the_period():
    organisation = OrganisationFactory()
    north = DistrictFactory(organisation=organisation, name="North", position=1)
    education = ThemeFactory(organisation=organisation, name="Education")
    placements = ThemeFactory(organisation=organisation, name="Placements")
    two_themes = FeedbackFactory(organisation=organisation, said_on=date(2026, 3, 2))
    two_themes.themes.set([education, placements])
    for day in (date(2026, 3, 20), date(2026, 3, 4)):  # the earlier one counts: 2 days
        ResponseFactory(organisation=organisation, responded_on=day).items.add(two_themes)
    same_day = FeedbackFactory(organisation=organisation, said_on=date(2026, 3, 9), district=north)
    ResponseFactory(organisation=organisation, responded_on=date(2026, 3, 9)).items.add(same_day)
    FeedbackFactory(organisation=organisation, said_on=date(2026, 3, 10))  # waiting
    FeedbackFactory(organisation=organisation, said_on=date(2025, 1, 10))  # before the period
    FeedbackFactory(said_on=date(2026, 3, 10))  # another organisation's
    LoopPromise.objects.create(organisation=organisation, working_days=3)

    report = loop_measures(organisation, start=date(2026, 3, 1), end=date(2026, 3, 31), today=TODAY)
    assert report.overall.items == 3
    assert report.overall.answered == Share(2, 3)
    assert (report.overall.median_days, report.overall.p90_days) == (0, 2)
    assert report.overall.within_promise == Share(2, 3)  # the waiting one is 15 wd late
    assert [(m.label, m.items) for m in report.districts] == [("North", 1), (NO_DISTRICT, 2)]
    assert [(m.label, m.items) for m in report.themes] == [
        ("Education", 1),
        ("Placements", 1),
        (NO_THEME, 2),
    ]
    assert report.promise.working_days == 3
