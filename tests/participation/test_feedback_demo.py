"""The demo's feedback: a sample of seed 002's conference, named items flagged and waiting,
the others approved with their checked words, some linked to the demo pledge's promises."""

import pytest
from django.core.management import call_command

from corporate_parenting.models import Organisation
from participation.demo import feedback as demo_feedback
from participation.feedback import State, guard_state
from participation.models import Event, Feedback

from ..factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_feedback_is_loaded_once_with_the_named_items_waiting(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    organisation = Organisation.objects.get(slug="hampshire-demo")
    items = Feedback.objects.for_organisation(organisation)
    assert items.count() == len(demo_feedback.ITEMS)

    demo_feedback.load(organisation)
    assert items.count() == len(demo_feedback.ITEMS)  # idempotent

    for text in ["Emma has the biggest heart", "Emma is a star!", "Haley (real name)"]:
        item = items.get(text=text)
        assert guard_state(item)[0] == State.TO_CHECK
    public = items.public()
    assert public.count() == sum(1 for *_rest, approve in demo_feedback.ITEMS if approve)
    assert not any(name in i.public_text for i in public for name in ["Emma", "Haley"])
    assert items.filter(promises__isnull=False).distinct().count() >= 5
    conference = Event.objects.for_organisation(organisation).filter(kind="conference").first()
    if conference is not None:  # made by the events part, when it is there
        assert set(items.values_list("event", flat=True)) == {conference.pk}


def test_without_a_conference_event_the_items_have_none():
    organisation = OrganisationFactory()
    demo_feedback.load(organisation)
    items = Feedback.objects.for_organisation(organisation)
    assert items.count() == len(demo_feedback.ITEMS)
    assert not items.filter(event__isnull=False).exists()
    assert {i.said_on.isoformat() for i in items} == {"2018-10-22"}
