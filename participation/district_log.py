"""The district log and the county view (issue 14, point 7).

Per district, a timeline of its events, what young people said there and what was done
about it; across the county, a table comparing districts over a period: events held, young
people reached, items of feedback, the share with a response and the median days to a
response.

The loop figures (days from `Feedback.said_on` to its first response, the median by nearest
rank) are participation.measures' own rules, so the county view and the measures page agree;
here an item also counts for a district when it was said at an event held there.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Min, Q, Sum

from corporate_parenting.models import District

from .measures import Item, days_to_response, nearest_rank
from .models import Attendance, Event, Feedback, Response


def _feedback_in(organisation, start, end):
    return Feedback.objects.for_organisation(organisation).filter(
        said_on__gte=start, said_on__lte=end
    )


def _said_in(district) -> Q:
    """Feedback said in `district`: filed under it, or (with no district of its own) said at
    an event held in it."""
    return Q(district=district) | Q(district__isnull=True, event__districts=district)


def _loop(items) -> tuple[int, int, float | None]:
    """(items, items with a response, median days to the earliest response) of a queryset of
    feedback. A response dated before the item was said counts as 0 days."""
    rows = list(
        items.order_by().values("pk", "said_on").annotate(first=Min("responses__responded_on"))
    )
    seen, days = set(), []
    for row in rows:
        if row["pk"] in seen:  # the joins of _said_in can repeat an item
            continue
        seen.add(row["pk"])
        waited = days_to_response(Item(row["said_on"], row["first"]))
        if waited is not None:
            days.append(waited)
    median = nearest_rank(days, 50)
    return len(seen), len(days), median


def share(part: int, whole: int) -> int | None:
    """A whole percentage, halves up; None of nothing."""
    if not whole:
        return None
    return (200 * part + whole) // (2 * whole)


@dataclass
class DistrictRow:
    district: District | None  # None: the county as a whole
    events: int
    young_people: int
    items: int
    answered: int
    median_days: int | None

    @property
    def answered_share(self) -> int | None:
        return share(self.answered, self.items)


def county(organisation, start: datetime.date, end: datetime.date) -> list[DistrictRow]:
    """One row per district, then the county as a whole (events counted once)."""
    events = Event.objects.for_organisation(organisation).filter(date__gte=start, date__lte=end)
    young = Attendance.objects.filter(
        event__in=events, group__in=Attendance.YOUNG_PEOPLE
    ).order_by()
    reached = {r["district"]: r["n"] for r in young.values("district").annotate(n=Sum("count"))}
    held = {}
    for _event, district_id in Event.districts.through.objects.filter(event__in=events).values_list(
        "event_id", "district_id"
    ):
        held[district_id] = held.get(district_id, 0) + 1
    feedback = _feedback_in(organisation, start, end)
    rows = []
    for district in District.objects.for_organisation(organisation):
        items, answered, median = _loop(feedback.filter(_said_in(district)))
        rows.append(
            DistrictRow(
                district=district,
                events=held.get(district.pk, 0),
                young_people=reached.get(district.pk, 0),
                items=items,
                answered=answered,
                median_days=median,
            )
        )
    items, answered, median = _loop(feedback)
    rows.append(
        DistrictRow(
            district=None,
            events=events.count(),
            young_people=sum(reached.values()),
            items=items,
            answered=answered,
            median_days=median,
        )
    )
    return rows


@dataclass
class Entry:
    """One line of a district's timeline."""

    day: datetime.date
    kind: str  # "event", "feedback" or "response"
    obj: object
    words: str | None = None  # feedback: what this reader may see (None: not yet checked)
    extra: dict = field(default_factory=dict)


def timeline(district, membership, start, end) -> list[Entry]:
    """The district's events, feedback and responses in the period, newest first. Feedback
    words come only through `Feedback.words_for(membership)`."""
    organisation = district.organisation
    entries = []
    events = (
        Event.objects.for_organisation(organisation)
        .filter(Q(districts=district) | Q(attendance__district=district))
        .filter(date__gte=start, date__lte=end)
        .distinct()
    )
    for event in events:
        young = (
            event.attendance.filter(district=district, group__in=Attendance.YOUNG_PEOPLE)
            .aggregate(n=Sum("count"))
            .get("n")
            or 0
        )
        entries.append(Entry(event.date, "event", event, extra={"young_people": young}))
    items = (
        _feedback_in(organisation, start, end)
        .filter(_said_in(district))
        .distinct()
        .select_related("event")
        .prefetch_related("themes")
    )
    items = list(items)
    for item in items:
        entries.append(Entry(item.said_on, "feedback", item, words=item.words_for(membership)))
    responses = (
        Response.objects.for_organisation(organisation)
        .filter(items__in=[i.pk for i in items])
        .distinct()
        .prefetch_related("items")
    )
    for response in responses:
        said_here = [i for i in response.items.all() if i.pk in {x.pk for x in items}]
        entries.append(
            Entry(
                response.responded_on,
                "response",
                response,
                extra={"items": [(i, i.words_for(membership)) for i in said_here]},
            )
        )
    order = {"response": 0, "feedback": 1, "event": 2}
    entries.sort(key=lambda e: (e.day, -order[e.kind], e.obj.pk), reverse=True)
    return entries
