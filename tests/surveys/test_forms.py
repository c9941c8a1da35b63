"""Indicators, comparators and findings recorded by hand: clear messages, nothing lost."""

from decimal import Decimal

import pytest
from django.urls import reverse

from surveys.models import Comparator, Finding, Indicator, Instrument

from ..access import client_for
from .factories import CohortFactory, ComparatorFactory, IndicatorFactory, WaveFactory

pytestmark = pytest.mark.django_db

INDICATOR = {
    "domain": "rights",
    "question": "Felt settled where they live",
    "count": "67",
    "denominator": "75",
    "higher_is_better": "on",
    "position": "1",
}


def _wave(world):
    return WaveFactory(instrument__organisation=world.organisation)


def test_an_indicator_is_added_with_a_short_name_made_from_its_question(world):
    wave = _wave(world)
    cohort = CohortFactory(wave=wave, label="8-11 years", eligible=238, responses=75)
    response = client_for(world.officer).post(
        reverse("surveys:indicator_create", args=[wave.pk]), {**INDICATOR, "cohort": cohort.pk}
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get()
    assert (indicator.key, indicator.cohort, indicator.percentage) == (
        "felt-settled-where-they-live",
        cohort,
        Decimal(89),
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"count": "76"},
            "The number who answered this way (76) cannot be more than the number who "
            "answered the question (75)",
        ),
        ({"denominator": "0"}, "Enter the number who answered the question as a whole number"),
        ({"count": "-1"}, "Enter the number who answered this way as a whole number from 0"),
        ({"domain": ""}, "Select the domain the question belongs to"),
    ],
)
def test_a_bad_indicator_is_refused_with_a_clear_message(world, data, message):
    wave = _wave(world)
    response = client_for(world.officer).post(
        reverse("surveys:indicator_create", args=[wave.pk]), {**INDICATOR, **data}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Felt settled where they live" in response.content.decode()  # kept
    assert not Indicator.objects.exists()


def test_the_same_question_twice_for_a_cohort_is_refused(world):
    wave = _wave(world)
    IndicatorFactory(wave=wave, key="felt-settled-where-they-live")
    response = client_for(world.officer).post(
        reverse("surveys:indicator_create", args=[wave.pk]), INDICATOR
    )
    assert "already has an indicator with this short name" in response.content.decode()
    assert Indicator.objects.count() == 1


def _add_comparator(world, indicator, **data):
    return client_for(world.officer).post(
        reverse("surveys:comparator_create", args=[indicator.pk]),
        {"kind": "other_councils", "label": "16 other councils", **data},
    )


def test_a_comparators_percentage_is_worked_out_from_its_counts_when_left_empty(world):
    indicator = IndicatorFactory(wave=_wave(world), count=67, denominator=75)
    assert _add_comparator(world, indicator, count="1296", denominator="1640").status_code == 302
    comparator = Comparator.objects.get()
    assert comparator.percentage == Decimal("79.0")  # 79.02...
    page = client_for(world.councillor).get(reverse("surveys:indicator", args=[indicator.pk]))
    assert "Two-proportion z-test on 67 of 75 and 1,296 of 1,640" in page.content.decode()


def test_a_typed_percentage_with_a_percent_sign_is_kept(world):
    indicator = IndicatorFactory(wave=_wave(world))
    assert _add_comparator(world, indicator, percentage="66.5%").status_code == 302
    assert Comparator.objects.get().percentage == Decimal("66.5")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"percentage": "lots"}, "Enter the percentage as a number from 0 to 100"),
        ({"percentage": "101"}, "Enter the percentage as a number from 0 to 100"),
        ({"percentage": "NaN"}, "Enter the percentage as a number from 0 to 100"),
        ({}, "Enter their percentage, or their counts"),
        ({"count": "30"}, "Give both their count and how many of them answered, or neither"),
        (
            {"count": "31", "denominator": "30"},
            "Their count (31) cannot be more than how many of them answered (30)",
        ),
    ],
)
def test_a_bad_comparator_is_refused_with_a_clear_message(world, data, message):
    indicator = IndicatorFactory(wave=_wave(world))
    response = _add_comparator(world, indicator, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Comparator.objects.exists()


def test_a_second_comparator_of_the_same_kind_is_refused(world):
    comparator = ComparatorFactory(indicator__wave=_wave(world))
    response = _add_comparator(world, comparator.indicator, percentage="50")
    assert "already compared with this" in response.content.decode()
    assert Comparator.objects.count() == 1


def test_a_finding_is_added_and_shown_with_its_response(world):
    wave = _wave(world)
    response = client_for(world.officer).post(
        reverse("surveys:finding_create", args=[wave.pk]),
        {
            "kind": "wish",
            "summary": "An adult they can trust",
            "count": "12",
            "response": "We will recruit volunteer independent visitors.",
            "position": "1",
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.reference  # the stable link for "You said, We did"
    page = client_for(world.councillor).get(wave.get_absolute_url()).content.decode()
    assert "We will recruit volunteer independent visitors." in page


def test_an_officer_adds_a_survey_then_a_wave_and_a_name_is_used_once(world):
    client = client_for(world.officer)
    url = reverse("surveys:instrument_create")
    data = {"name": "Your Life Beyond Care", "audience": "care_leavers"}
    created = client.post(url, data)
    assert created.status_code == 302
    instrument = Instrument.objects.get()
    assert created.url == instrument.get_absolute_url()
    again = client.post(url, {**data, "name": "your life beyond care"})
    assert "There is already a survey called your life beyond care." in again.content.decode()
    wave = client.post(
        reverse("surveys:wave_create", args=[instrument.pk]),
        {"label": "2026", "period_start": "2026-01-05", "period_end": "2026-03-27"},
    )
    assert wave.status_code == 302 and instrument.waves.get().label == "2026"


def test_another_councils_survey_name_is_no_clash(world):
    from .factories import InstrumentFactory

    InstrumentFactory(organisation=world.other_organisation, name="Your Life, Your Care")
    response = client_for(world.officer).post(
        reverse("surveys:instrument_create"),
        {"name": "Your Life, Your Care", "audience": "children_in_care"},
    )
    assert response.status_code == 302


def test_an_indicator_cannot_have_more_answers_than_its_cohort_had_responses(world):
    wave = _wave(world)
    cohort = CohortFactory(wave=wave, label="4-7 years", eligible=231, responses=42)
    CohortFactory(wave=wave, label="8-11 years", eligible=238, responses=75)
    client = client_for(world.officer)
    url = reverse("surveys:indicator_create", args=[wave.pk])
    body = client.post(url, {**INDICATOR, "cohort": cohort.pk, "count": "40"}).content.decode()
    assert (
        "The number who answered the question (75) cannot be more than the 42 who responded "
        "in 4-7 years" in body
    )
    body = client.post(url, {**INDICATOR, "denominator": "118", "count": "40"}).content.decode()
    assert "cannot be more than the 117 who responded" in body
    assert not Indicator.objects.exists()


def test_a_demographic_count_is_added_checked_against_responses_and_once(world):
    from surveys.models import DemographicCount

    wave = _wave(world)
    cohort = CohortFactory(wave=wave, label="4-7 years", eligible=231, responses=42)
    client = client_for(world.officer)
    url = reverse("surveys:demographic_create", args=[wave.pk])
    data = {"dimension": "gender", "category": "Girls", "cohort": cohort.pk, "position": "1"}
    body = client.post(url, {**data, "count": "43"}).content.decode()
    assert (
        "The number of respondents (43) cannot be more than the 42 who responded in 4-7 years"
        in body
    )
    assert client.post(url, {**data, "count": "19"}).status_code == 302
    body = client.post(url, {**data, "category": "girls", "count": "2"}).content.decode()
    assert "There is already a count for girls here. Change that one instead." in body
    assert DemographicCount.objects.get().count == 19
    page = client.get(wave.get_absolute_url()).content.decode()
    assert "4-7 years: the counts add up to 19, but 42 answered." in page


def test_a_cohort_of_another_wave_or_council_cannot_be_chosen(world):
    wave = _wave(world)
    foreign = CohortFactory(wave__instrument__organisation=world.other_organisation)
    sibling = CohortFactory(wave__instrument__organisation=world.organisation)
    client = client_for(world.officer)
    for cohort in (foreign, sibling):
        response = client.post(
            reverse("surveys:indicator_create", args=[wave.pk]),
            {**INDICATOR, "cohort": cohort.pk},
        )
        assert "Select one of this wave&#x27;s cohorts" in response.content.decode()
    assert not Indicator.objects.exists()


def test_a_finding_links_to_its_place_on_the_wave_page(world):
    from .factories import FindingFactory

    finding = FindingFactory(wave=_wave(world))
    url, anchor = finding.get_absolute_url().split("#")
    page = client_for(world.councillor).get(url).content.decode()
    assert f'id="{anchor}"' in page and anchor == f"finding-{finding.reference}"


def test_the_saved_message_names_the_survey_as_it_is_now(world):
    from ..edit_guard import save_edit
    from .factories import InstrumentFactory

    instrument = InstrumentFactory(organisation=world.organisation, name="Your Life, Your Care")
    response = save_edit(
        client_for(world.officer),
        reverse("surveys:instrument_update", args=[instrument.pk]),
        {"name": "Your Life, Your Care (ages 4-18)", "audience": "children_in_care"},
        follow=True,
    )
    assert "Your Life, Your Care (ages 4-18) is saved." in response.content.decode()
