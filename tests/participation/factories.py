"""Factories for participation: invented groups, events, counts and feedback (no real child)."""

from datetime import date

import factory

from participation.models import (
    Attendance,
    Event,
    Feedback,
    GroupPlaces,
    Response,
    ResponseStatus,
    Theme,
    YouthGroup,
)

from ..factories import OrganisationFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Theme {n}")


class YouthGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YouthGroup

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Care Ambassadors {n}")
    kind = YouthGroup.Kind.CARE_AMBASSADORS


class GroupPlacesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupPlaces

    group = factory.SubFactory(YouthGroupFactory)
    organisation = factory.SelfAttribute("group.organisation")
    as_of = date(2026, 4, 1)
    places = 12
    filled = 9


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Have your say {n}")
    date = date(2026, 10, 14)
    kind = Event.Kind.HAVE_YOUR_SAY


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    event = factory.SubFactory(EventFactory)
    organisation = factory.SelfAttribute("event.organisation")
    group = Attendance.Group.IN_CARE
    age_band = Attendance.AgeBand.AGE_12_15
    count = 6


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    organisation = factory.SubFactory(OrganisationFactory)
    text = "More activities in the holidays"
    kind = Feedback.Kind.YES_MORE
    said_on = date(2026, 10, 14)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    organisation = factory.SubFactory(OrganisationFactory)
    text = "We run a summer programme in every district"
    by_whom = "Participation team"
    responded_on = date(2026, 11, 2)
    status = Response.Status.PLANNED


class ResponseStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponseStatus

    response = factory.SubFactory(ResponseFactory)
    organisation = factory.SelfAttribute("response.organisation")
    status = Response.Status.PLANNED
    reason = "Agreed at the board"
    changed_on = date(2026, 11, 2)
