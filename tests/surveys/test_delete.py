"""Deleting a mistake: confirmed first; a cohort that things hang on is refused, with why."""

import pytest
from django.urls import reverse

from surveys.models import Cohort, Comparator, Indicator

from ..access import client_for
from .factories import CohortFactory, ComparatorFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


def test_a_cohort_with_indicators_is_not_deleted_and_the_page_says_why(world):
    cohort = CohortFactory(wave__instrument__organisation=world.organisation, label="4-7 years")
    IndicatorFactory(wave=cohort.wave, cohort=cohort)
    IndicatorFactory(wave=cohort.wave, cohort=cohort)
    url = reverse("surveys:cohort_delete", args=[cohort.pk])
    client = client_for(world.officer)
    response = client.post(url)
    assert response.status_code == 409
    assert "The cohort 4-7 years has 2 indicators. Delete or move them first." in (
        response.content.decode()
    )
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_an_unused_cohort_is_deleted_after_confirming(world):
    cohort = CohortFactory(wave__instrument__organisation=world.organisation, label="4-7 years")
    url = reverse("surveys:cohort_delete", args=[cohort.pk])
    client = client_for(world.officer)
    confirm = client.get(url)
    assert "Delete the cohort 4-7 years?" in confirm.content.decode()
    assert Cohort.objects.filter(pk=cohort.pk).exists()  # a GET deletes nothing
    done = client.post(url)
    assert done.url == cohort.wave.get_absolute_url()
    assert not Cohort.objects.filter(pk=cohort.pk).exists()


def test_deleting_an_indicator_deletes_its_comparators(world):
    comparator = ComparatorFactory(indicator__wave__instrument__organisation=world.organisation)
    client_for(world.officer).post(
        reverse("surveys:indicator_delete", args=[comparator.indicator.pk])
    )
    assert not Indicator.objects.exists() and not Comparator.objects.exists()
