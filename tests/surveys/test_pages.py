"""Survey pages through HTTP: what each role sees, and hostile text shown as text."""

import pytest
from django.urls import reverse

from corporate_parenting.roles import Role
from surveys.models import Comparator, Finding

from ..access import client_for
from .factories import (
    CohortFactory,
    ComparatorFactory,
    FindingFactory,
    IndicatorFactory,
    InstrumentFactory,
    WaveFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> \"quoted\"\nsecond line"


def _wave(world, **kwargs):
    instrument = InstrumentFactory(organisation=world.organisation, name="Your Life, Your Care")
    wave = WaveFactory(instrument=instrument, label="2018", **kwargs)
    cohort = CohortFactory(wave=wave, label="8-11 years", eligible=238, responses=75)
    indicator = IndicatorFactory(
        wave=wave,
        cohort=cohort,
        domain="rights",
        question="Felt settled where they live",
        key="settled",
        count=67,
        denominator=75,
    )
    ComparatorFactory(
        indicator=indicator,
        label="16 other councils",
        percentage="79.0",
        count=1296,
        denominator=1640,
    )
    ComparatorFactory(
        indicator=indicator,
        kind=Comparator.Kind.GENERAL_POPULATION,
        label="General population",
        percentage="66",
    )
    return wave, indicator


def test_officers_and_councillors_see_the_wave_with_its_significance(world):
    wave, _indicator = _wave(world)
    for role in (Role.OFFICER, Role.COUNCILLOR, Role.ADMINISTRATOR, Role.PARTICIPATION_OFFICER):
        page = client_for(world.member(role)).get(reverse("surveys:wave", args=[wave.pk]))
        body = page.content.decode()
        assert page.status_code == 200, role
        assert "Response rates by cohort" in body
        assert "Rights" in body and "Felt settled where they live" in body
        assert "89%" in body and "67 of 75" in body
        assert "Significantly better" in body
        assert "Two-proportion z-test on 67 of 75 and 1,296 of 1,640: p = 0.031" in body
        assert "No test: the comparator has a percentage but no counts" in body


def test_only_those_who_manage_surveys_are_offered_changes(world):
    wave, _indicator = _wave(world)
    url = reverse("surveys:wave", args=[wave.pk])
    change = reverse("surveys:wave_update", args=[wave.pk])
    assert change in client_for(world.officer).get(url).content.decode()
    assert change not in client_for(world.councillor).get(url).content.decode()


def test_co_opted_members_and_the_clerk_read_the_published_figures(world):
    wave, indicator = _wave(world)
    for user in (world.young_member, world.clerk):
        client = client_for(user)
        for url in (
            reverse("surveys:index"),
            reverse("surveys:wave", args=[wave.pk]),
            reverse("surveys:indicator", args=[indicator.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert "Hidden when published" not in response.content.decode()


def test_a_significantly_lower_result_where_lower_is_better_reads_better(world):
    wave, _indicator = _wave(world)
    worse = IndicatorFactory(
        wave=wave, question="Felt afraid to go to school", key="afraid", count=2, denominator=75
    )
    worse.higher_is_better = False
    worse.save()
    ComparatorFactory(indicator=worse, percentage="12.0", count=197, denominator=1640)
    body = client_for(world.officer).get(reverse("surveys:indicator", args=[worse.pk]))
    text = body.content.decode()
    assert "Lower is better." in text
    assert "Significantly better" in text
    # 2 children: published, the figure and its comparison are withheld.
    text = client_for(world.councillor).get(worse.get_absolute_url()).content.decode()
    assert "Significantly better" not in text and "2 of 75" not in text
    assert "Our figure is not published, so neither is the comparison." in text


def test_the_indicator_page_shows_its_trend_across_waves(world):
    wave, indicator = _wave(world)
    earlier = WaveFactory(
        instrument=wave.instrument,
        label="2016/17",
        period_start=wave.period_start.replace(year=2016),
        period_end=wave.period_end.replace(year=2017),
    )
    old_cohort = CohortFactory(wave=earlier, label="8-11 years", eligible=245, responses=95)
    IndicatorFactory(
        wave=earlier, cohort=old_cohort, key="settled", count=70, denominator=95, domain="rights"
    )
    IndicatorFactory(wave=earlier, key="settled", count=1, denominator=2)  # all ages: not this
    unrelated = InstrumentFactory(organisation=world.organisation, name="Your Life Beyond Care")
    IndicatorFactory(  # another survey's question of the same short name: not this either
        wave__instrument=unrelated, key="settled", count=1, denominator=2
    )
    body = client_for(world.councillor).get(reverse("surveys:indicator", args=[indicator.pk]))
    text = body.content.decode()
    trend = text[text.index('data-testid="trend"') :]
    assert trend.index("2016/17") < trend.index("2018 (this wave)")
    assert "74%" in trend and "89%" in trend
    assert "Up 15 points" in trend and "Significantly better" in trend
    assert "Two-proportion z-test on 67 of 75 and 70 of 95: p = 0.010, significant" in trend
    assert trend.count('<tr class="govuk-table__row">') == 3  # header and two waves


def test_hostile_text_is_shown_as_text_everywhere(world):
    instrument = InstrumentFactory(organisation=world.organisation, name=HOSTILE, provider=HOSTILE)
    wave = WaveFactory(instrument=instrument, label="<b>2018</b>", method=HOSTILE, notes=HOSTILE)
    cohort = CohortFactory(wave=wave, label=HOSTILE)
    indicator = IndicatorFactory(wave=wave, cohort=cohort, question=HOSTILE)
    ComparatorFactory(indicator=indicator, label=HOSTILE)
    FindingFactory(wave=wave, summary=HOSTILE, response=HOSTILE, kind=Finding.Kind.THEME)
    client = client_for(world.officer)
    for url in (
        reverse("surveys:index"),
        reverse("surveys:instrument", args=[instrument.pk]),
        reverse("surveys:wave", args=[wave.pk]),
        reverse("surveys:indicator", args=[indicator.pk]),
        reverse("surveys:cohort_update", args=[cohort.pk]),
        reverse("surveys:wave_update", args=[wave.pk]),
    ):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "<b>2018</b>" not in body, url
        assert "&lt;script&gt;alert(" in body, url


def test_findings_show_the_councils_response_or_say_there_is_none(world):
    wave, _indicator = _wave(world)
    FindingFactory(
        wave=wave, summary="An adult they can trust", count=12, response="We will recruit"
    )
    FindingFactory(wave=wave, summary="More pocket money", position=2)
    body = (
        client_for(world.councillor).get(reverse("surveys:wave", args=[wave.pk])).content.decode()
    )
    assert "An adult they can trust" in body and "said by 12" in body and "We will recruit" in body
    assert "No response yet" in body


def test_another_councils_wave_is_not_found(world):
    wave, _indicator = _wave(world)
    outsider = world.outsiders[Role.OFFICER]
    assert client_for(outsider).get(reverse("surveys:wave", args=[wave.pk])).status_code == 404


def test_demographic_counts_that_do_not_add_up_are_pointed_out(world):
    from surveys.models import DemographicCount

    wave, _indicator = _wave(world)
    cohort = wave.cohorts.get()
    for category, count in (("Girls", 27), ("Boys", 46)):
        DemographicCount.objects.create(
            organisation=world.organisation,
            wave=wave,
            cohort=cohort,
            dimension="gender",
            category=category,
            count=count,
        )
    body = client_for(world.officer).get(reverse("surveys:wave", args=[wave.pk])).content.decode()
    assert "8-11 years: the counts add up to 73, but 75 answered." in body
    assert "37%" in body and "63%" in body  # shares of the counts shown


def test_a_fall_where_higher_is_better_reads_down_and_worse(world):
    wave, _indicator = _wave(world)  # 67 of 75 (89%) in 2018
    later = WaveFactory(
        instrument=wave.instrument,
        label="2020",
        period_start=wave.period_start.replace(year=2019),
        period_end=wave.period_end.replace(year=2020),
    )
    cohort = CohortFactory(wave=later, label="8-11 years", eligible=240, responses=90)
    latest = IndicatorFactory(
        wave=later, cohort=cohort, key="settled", count=50, denominator=90, domain="rights"
    )
    body = client_for(world.councillor).get(reverse("surveys:indicator", args=[latest.pk]))
    trend = body.content.decode()
    trend = trend[trend.index('data-testid="trend"') :]
    assert "Down 33 points" in trend and "Significantly worse" in trend


def test_the_wave_page_reads_a_fixed_number_of_queries_however_many_rows(
    world, django_assert_max_num_queries
):
    wave, _indicator = _wave(world)
    client = client_for(world.officer)
    url = reverse("surveys:wave", args=[wave.pk])
    client.get(url)  # warm the session and the organisation
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(6):
        cohort = CohortFactory(wave=wave, label=f"Group {n}")
        more = IndicatorFactory(wave=wave, cohort=cohort, key=f"q{n}")
        ComparatorFactory(indicator=more, count=10, denominator=20)
        FindingFactory(wave=wave, summary=f"Wish {n}", cohort=cohort)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_surveys_page_links_the_performance_figures(world):
    """The figures pages are reached from where the evidence starts, not only by address."""
    page = client_for(world.councillor).get(reverse("surveys:index")).content.decode()
    assert f'href="{reverse("surveys:figures")}"' in page


def _chart_alts(html: str) -> list[str]:
    """The alt text of each chart image on the page (the include's <img>)."""
    import re
    from html import unescape

    found = re.findall(
        r'<img class="cp-chart__image" src="data:image/svg\+xml[^"]*" alt="([^"]*)"', html
    )
    return [unescape(alt) for alt in found]


def test_the_indicator_page_draws_the_council_against_its_comparators(world):
    _, indicator = _wave(world)
    page = client_for(world.councillor).get(reverse("surveys:indicator", args=[indicator.pk]))
    alts = _chart_alts(page.content.decode())
    assert len(alts) == 1  # one wave: no trend yet
    assert world.organisation.name in alts[0]
    assert "89%" in alts[0] and "79%" in alts[0] and "66%" in alts[0]
    assert "Higher is better" in alts[0]


def test_the_indicator_page_draws_the_trend_once_there_are_two_waves(world):
    wave, indicator = _wave(world)
    earlier = WaveFactory(
        instrument=wave.instrument,
        label="2016/17",
        period_start=wave.period_start.replace(year=2016),
        period_end=wave.period_end.replace(year=2017),
    )
    old_cohort = CohortFactory(wave=earlier, label="8-11 years", eligible=245, responses=95)
    IndicatorFactory(
        wave=earlier, cohort=old_cohort, key="settled", count=70, denominator=95, domain="rights"
    )
    page = client_for(world.councillor).get(reverse("surveys:indicator", args=[indicator.pk]))
    alts = _chart_alts(page.content.decode())
    assert len(alts) == 2
    assert "2016/17" in alts[1] and "74%" in alts[1] and "89%" in alts[1]


def test_the_indicator_page_reads_a_fixed_number_of_queries_however_many_waves(
    world, django_assert_max_num_queries
):
    """Each wave of a trend has its own disclosure mask: their rows are read together."""
    wave, indicator = _wave(world)
    client = client_for(world.councillor)
    client.get(indicator.get_absolute_url())
    with django_assert_max_num_queries(30) as few:
        client.get(indicator.get_absolute_url())
    for year in range(2010, 2016):
        earlier = WaveFactory(
            instrument=wave.instrument,
            label=str(year),
            period_start=wave.period_start.replace(year=year - 1),
            period_end=wave.period_end.replace(year=year),
        )
        cohort = CohortFactory(wave=earlier, label="8-11 years", eligible=200, responses=80)
        IndicatorFactory(wave=earlier, cohort=cohort, key=indicator.key, count=60, denominator=80)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(indicator.get_absolute_url())


def test_a_participation_officer_may_take_a_finding_to_you_said_we_did(world):
    wave, _indicator = _wave(world)
    finding = FindingFactory(wave=wave, summary="Fewer changes of social worker")
    url = reverse("surveys:wave", args=[wave.pk])
    link = f"?reference={finding.reference}"
    assert link in client_for(world.participation_officer).get(url).content.decode()
    assert link not in client_for(world.councillor).get(url).content.decode()
