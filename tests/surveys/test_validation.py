"""Bad counts are refused: by the database, and on the forms with a clear message that keeps
what was typed and saves nothing."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from surveys.models import Cohort, Comparator, Indicator, Wave

from ..access import client_for
from ..edit_guard import save_edit
from .factories import CohortFactory, ComparatorFactory, IndicatorFactory, WaveFactory

pytestmark = pytest.mark.django_db


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_the_database_refuses_more_responses_than_eligible_and_duplicate_cohorts(world):
    wave = WaveFactory(instrument__organisation=world.organisation)
    _refused(lambda: CohortFactory(wave=wave, eligible=10, responses=11))
    CohortFactory(wave=wave, label="8-11 years")
    _refused(lambda: CohortFactory(wave=wave, label="8-11 years"))
    _refused(lambda: IndicatorFactory(wave=wave, count=5, denominator=4))
    _refused(lambda: IndicatorFactory(wave=wave, count=0, denominator=0))
    _refused(lambda: ComparatorFactory(indicator__wave=wave, count=3, denominator=None))
    _refused(lambda: ComparatorFactory(indicator__wave=wave, count=9, denominator=8))
    _refused(lambda: ComparatorFactory(indicator__wave=wave, percentage="100.1"))
    assert Cohort.objects.count() == 1
    assert not Comparator.objects.exists() and not Indicator.objects.exists()


def test_the_database_refuses_a_period_that_ends_before_it_starts(world):
    from datetime import date

    _refused(
        lambda: WaveFactory(
            instrument__organisation=world.organisation,
            period_start=date(2018, 3, 31),
            period_end=date(2017, 10, 1),
        )
    )
    assert not Wave.objects.exists()


def _add_cohort(client, wave, **data):
    return client.post(
        reverse("surveys:cohort_create", args=[wave.pk]),
        {"label": "8-11 years", "eligible": "238", "responses": "75", "position": "1", **data},
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"responses": "239"},
            "There cannot be more responses (239) than children and young people who could "
            "have answered (238)",
        ),
        ({"responses": "-1"}, "Enter the number of responses as a whole number from 0 to"),
        ({"eligible": "-5"}, "Enter the number who could have answered as a whole number from 0"),
        ({"eligible": "many"}, "Enter the number who could have answered as a whole number"),
        ({"label": ""}, "Enter the cohort, like &quot;8-11 years&quot;"),
    ],
)
def test_a_bad_cohort_gets_a_clear_message_and_nothing_is_saved(world, data, message):
    wave = WaveFactory(instrument__organisation=world.organisation)
    response = _add_cohort(client_for(world.officer), wave, **{"label": "Typed label", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Cohort.objects.exists()


def test_a_duplicate_cohort_is_refused_on_the_form(world):
    wave = WaveFactory(instrument__organisation=world.organisation)
    CohortFactory(wave=wave, label="8-11 years")
    response = _add_cohort(client_for(world.officer), wave, label="8-11 YEARS")
    assert "This wave already has a cohort called 8-11 YEARS" in response.content.decode()
    assert Cohort.objects.count() == 1


def test_a_cohort_is_added_and_its_rate_shown(world):
    wave = WaveFactory(instrument__organisation=world.organisation)
    client = client_for(world.officer)
    assert _add_cohort(client, wave).status_code == 302
    page = client.get(reverse("surveys:wave", args=[wave.pk])).content.decode()
    assert "32%" in page


def test_changing_a_cohort_to_more_responses_than_eligible_keeps_the_stored_counts(world):
    cohort = CohortFactory(wave__instrument__organisation=world.organisation, eligible=50)
    response = save_edit(
        client_for(world.officer),
        reverse("surveys:cohort_update", args=[cohort.pk]),
        {"label": cohort.label, "eligible": "50", "responses": "51", "position": "1"},
    )
    assert "There cannot be more responses (51)" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.responses == 40


def test_a_wave_must_end_after_it_starts_and_have_a_unique_name(world):
    wave = WaveFactory(instrument__organisation=world.organisation, label="2018")
    client = client_for(world.officer)
    url = reverse("surveys:wave_create", args=[wave.instrument.pk])
    body = client.post(
        url, {"label": "2018", "period_start": "2018-04-01", "period_end": "2018-03-01"}
    ).content.decode()
    assert "already has a wave called 2018" in body
    assert "The last day must be on or after the first day" in body
    assert Wave.objects.count() == 1
