"""The demo's "We did" (participation/demo/responses.py), on feedback with the seed's words as
the feedback part loads them: some answered (the same day, within the promise, late, one "we
can't" with its why, one on the promise to get back within 3 working days), some left
waiting, and the council's promise of 3 working days. Loading twice changes nothing."""

from datetime import date

import pytest

from corporate_parenting import demo
from participation.demo import responses as demo_responses
from participation.measures import loop_measures
from participation.models import LoopPromise, Response
from pledges import demo as pledges_demo

from .factories import FeedbackFactory

pytestmark = pytest.mark.django_db

CONFERENCE = date(2018, 11, 27)  # a Tuesday
WORDS = [
    "Lunch was very nice \u2013 different flavour of pizza needed",  # as the seed writes it
    "No more waiting",
    "Waiting forever for meaningful feedback",
    "Less jargon",
    "No more change of social workers",
    "The day was too long",
    "More family time",  # no plan: it stays waiting
    "Too many art activities",  # no plan either
]


def test_the_demo_answers_some_feedback_and_sets_the_promise():
    organisation = demo.load()
    pledges_demo.load(organisation)
    for words in WORDS:
        FeedbackFactory(organisation=organisation, text=words, said_on=CONFERENCE)

    demo_responses.load(organisation)
    demo_responses.load(organisation)  # idempotent

    promise = LoopPromise.objects.get(organisation=organisation)
    assert promise.working_days == 3
    assert "3 working days" in promise.promise.wording
    responses = Response.objects.filter(organisation=organisation)
    assert responses.count() == 5
    same_day = responses.get(items__text__startswith="Lunch")
    assert same_day.responded_on == CONFERENCE
    cannot = responses.get(status=Response.Status.CANNOT)
    assert "we cannot stop that" in cannot.history.get().reason
    on_promise = responses.get(promise__isnull=False)
    assert on_promise.items.count() == 2
    assert on_promise.status == Response.Status.IN_PROGRESS
    assert on_promise.history.count() == 2
    for response in responses:
        assert response.history.exists()

    report = loop_measures(organisation, today=date(2026, 12, 1))
    overall = report.overall
    assert (overall.items, overall.answered.count) == (8, 6)
    assert overall.median_days is not None and overall.p90_days >= 12
    # late ones and the two still waiting are not within 3 working days
    assert 0 < overall.within_promise.count < overall.within_promise.of


def test_without_feedback_the_demo_sets_only_the_promise():
    organisation = demo.load()
    demo_responses.load(organisation)
    assert not Response.objects.filter(organisation=organisation).exists()
    assert LoopPromise.objects.get(organisation=organisation).promise is None
