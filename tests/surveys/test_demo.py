"""The demo council's survey results: seed 002's 2018 wave as printed, a trend to show."""

import pytest
from django.urls import reverse

from corporate_parenting import demo as core_demo
from corporate_parenting.models import Membership
from corporate_parenting.roles import Role
from surveys import demo, selectors
from surveys.models import Indicator, Instrument, Wave
from surveys.published import Audience, Disclosure

from ..access import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return core_demo.load()


def officers(organisation):
    """What officers see: every count (these tests check the figures as recorded)."""
    return Disclosure(organisation, Audience.OFFICERS)


def test_the_2018_wave_is_seed_002s(organisation):
    wave = demo.load(organisation)
    rates = [
        (r.label, r.eligible, r.responses.value, r.rate.value)
        for r in selectors.response_rates(wave, officers(organisation))[0]
    ]
    assert [(label, e, n, int(rate)) for label, e, n, rate in rates] == [
        ("4-7 years", 231, 42, 18),
        ("8-11 years", 238, 75, 32),
        ("11-18 years", 835, 261, 31),
    ]
    assert wave.response_rate == 29
    earlier = Wave.objects.get(instrument=wave.instrument, label="2016/17")
    assert earlier.response_rate == 37  # the seed: "last year when the response rate was 37%"
    youngest = earlier.cohorts.get(label="4-7 years")
    assert youngest.response_rate == 45  # the seed: "45% in 2016/17"


def test_the_demo_percentages_are_the_seeds_and_its_significant_differences_hold(organisation):
    wave = demo.load(organisation)
    printed = {
        ("settled", "8-11 years"): 89,
        ("outdoors", "8-11 years"): 92,
        ("outdoors", "11-18 years"): 88,
        ("talk-to-carers", "11-18 years"): 70,
        ("noticed", "4-7 years"): 100,
        ("noticed", "8-11 years"): 99,
        ("noticed", "11-18 years"): 93,
        ("trust-social-worker", "4-7 years"): 93,
        ("trust-social-worker", "8-11 years"): 95,
        ("trust-social-worker", "11-18 years"): 88,
        ("life-better", None): 74,
    }
    found = {
        (i.key, i.cohort.label if i.cohort else None): int(i.percentage)
        for i in Indicator.objects.filter(wave=wave).select_related("cohort")
    }
    assert found == printed
    significant = {
        (row.indicator.key, row.indicator.cohort.label)
        for _domain, rows in selectors.indicators_by_domain(wave, officers(organisation))
        for row in rows
        for c in row.comparators
        if c.result.significant
    }
    # Seed 002, 4.1, 4.2 and 4.4: significantly bigger than 16 other councils.
    assert significant == {
        ("settled", "8-11 years"),
        ("outdoors", "11-18 years"),
        ("noticed", "4-7 years"),
    }


def test_the_demo_loads_once_and_shows_a_trend(organisation):
    demo.load(organisation)
    assert demo.load(organisation) is None
    assert Instrument.objects.for_organisation(organisation).count() == 2
    settled = Indicator.objects.get(wave__label="2018", key="settled")
    points = selectors.trend(settled, officers(organisation))
    assert [round(p.percentage) for p in points] == [74, 89]
    assert points[0].change_result is None
    assert (points[1].change, points[1].change_direction) == (15, "better")
    councillor = Membership.objects.filter(organisation=organisation, role=Role.COUNCILLOR).first()
    page = client_for(councillor.user).get(reverse("surveys:indicator", args=[settled.pk]))
    assert page.status_code == 200 and "2016/17" in page.content.decode()


def test_the_2018_respondents_gender_is_seed_002s_table(organisation):
    wave = demo.load(organisation)
    (gender,) = [
        t for t in selectors.demographics(wave, officers(organisation)) if t.dimension == "Gender"
    ]
    shown = [(r.cohort, r.category, r.count.value, int(r.share.value)) for r in gender.rows]
    assert shown == [  # seed 002, 3.7: girls, boys, prefer not to say, by age
        ("4-7 years", "Girls", 19, 45),
        ("4-7 years", "Boys", 23, 55),
        ("8-11 years", "Girls", 27, 36),
        ("8-11 years", "Boys", 48, 64),
        ("11-18 years", "Girls", 121, 46),
        ("11-18 years", "Boys", 135, 52),
        ("11-18 years", "Prefer not to say or no reply", 5, 2),
    ]
    assert gender.notes == []  # every cohort's counts add up to those who answered
    (ethnicity,) = [
        t
        for t in selectors.demographics(wave, officers(organisation))
        if t.dimension == "Ethnicity"
    ]
    assert [(r.category, int(r.share.value), int(r.care_share)) for r in ethnicity.rows] == [
        ("White", 80, 90),  # seed 002, 3.8: 80% of respondents white
        ("Mixed", 10, 4),  # 10% mixed, against 4% of the care population
        ("Asian, black and other ethnicities", 10, 6),
    ]


def test_every_demographic_table_of_the_demo_adds_up_to_those_who_answered(organisation):
    wave = demo.load(organisation)
    tables = selectors.demographics(wave, officers(organisation))
    assert [t.dimension for t in tables] == [
        "Gender",
        "Ethnicity",
        "Placement type",
        "Time in care",
    ]
    assert all(t.notes == [] for t in tables)


def test_the_wave_page_shows_each_change_since_the_wave_before(organisation):
    wave = demo.load(organisation)
    rows = {
        (row.indicator.key, row.indicator.cohort.label if row.indicator.cohort else None): row
        for _domain, domain_rows in selectors.wave_tables(wave, officers(organisation)).domains
        for row in domain_rows
    }
    settled = rows[("settled", "8-11 years")]
    assert (settled.previous.wave.label, settled.change, settled.change_direction) == (
        "2016/17",
        15,
        "better",
    )
    assert rows[("trust-social-worker", "4-7 years")].previous is None  # not asked in 2016/17
    councillor = Membership.objects.filter(organisation=organisation, role=Role.COUNCILLOR).first()
    page = client_for(councillor.user).get(wave.get_absolute_url()).content.decode()
    assert "Since 2016/17" in page and "Up 15 points" in page
    assert "Not asked in the wave before" in page


def test_the_demo_threads_a_survey_result_through_a_promise():
    from pledges import demo as pledges_demo
    from surveys.models import SurveyEvidence

    organisation = core_demo.load()
    pledges_demo.load(organisation)
    demo.load(organisation)
    evidence = SurveyEvidence.objects.get(organisation=organisation)
    assert evidence.indicator.key == "settled"
    page = client_for(
        Membership.objects.filter(organisation=organisation, role=Role.COUNCILLOR).first().user
    ).get(evidence.update.commitment.get_absolute_url())
    assert "Felt settled where they live" in page.content.decode()
