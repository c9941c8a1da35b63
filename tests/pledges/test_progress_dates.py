"""Progress describes what has happened: it is dated from 1 January 1990 to today, never in the
future, and a date outside gets a message that says what to change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pledges.models import ProgressUpdate

from ..access import client_for
from ..factories import CommitmentFactory, PledgeVersionFactory, ThemeFactory


@pytest.fixture
def commitment(world):
    return CommitmentFactory(
        theme=ThemeFactory(
            version=PledgeVersionFactory(organisation=world.organisation, adopted=True)
        ),
        lead=world.officer,
    )


def record(world, commitment, as_of):
    return client_for(world.officer).post(
        reverse("pledges:update_create", args=[commitment.pk]),
        {
            "as_of": as_of,
            "status": "on_track",
            "narrative": "Replies within 3 days rose to 80% (fictional).",
            "public_summary": "We answer faster now.",
        },
    )


@pytest.mark.parametrize("as_of", ["2100-01-01", "tomorrow"])
def test_progress_in_the_future_is_refused(world, commitment, as_of):
    if as_of == "tomorrow":
        as_of = str(timezone.localdate() + datetime.timedelta(days=1))
    response = record(world, commitment, as_of)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a date that is today or earlier" in page
    assert "80% (fictional)" in page  # nothing typed is lost
    assert not ProgressUpdate.objects.exists()


def test_progress_before_1990_is_refused(world, commitment):
    page = record(world, commitment, "0001-01-01").content.decode()
    assert "Enter a date between 1 January 1990 and today" in page
    assert not ProgressUpdate.objects.exists()


def test_progress_dated_today_is_saved(world, commitment):
    record(world, commitment, str(timezone.localdate()))
    assert ProgressUpdate.objects.get().as_of == timezone.localdate()
