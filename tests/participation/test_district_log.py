"""The district log and the county view: the loop measures on a fixed data set, and feedback
words only through `Feedback.words_for()` (councillors and co-opted members never read words
that were not checked and approved)."""

import html
from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participation import district_log
from participation.forms_events import default_period

from ..access import client_for
from ..factories import DistrictFactory
from .factories import AttendanceFactory, EventFactory, FeedbackFactory, ResponseFactory

pytestmark = pytest.mark.django_db

START, END = date(2025, 1, 1), date(2025, 12, 31)
PLANTED = "Zebedee Quartermain was kind to me"  # an invented full name, planted


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def log(world):
    """Two districts, events, attendance, feedback and responses with known measures."""
    org = world.organisation
    havant = DistrictFactory(organisation=org, name="Havant", position=1)
    basing = DistrictFactory(organisation=org, name="Basingstoke", position=2)
    hys = EventFactory(organisation=org, title="Have your say: Havant", date=date(2025, 3, 5))
    hys.districts.add(havant)
    conference = EventFactory(
        organisation=org, title="Conference", kind="conference", date=date(2025, 10, 22)
    )
    conference.districts.add(havant, basing)
    EventFactory(organisation=org, title="Too early", date=date(2024, 12, 31)).districts.add(havant)
    for event, district, group, count in [
        (hys, havant, "in_care", 5),
        (hys, havant, "staff", 2),  # adults are not young people reached
        (conference, havant, "care_leavers", 6),
        (conference, basing, "in_care", 4),
        (conference, None, "other_young", 1),  # from outside the districts
    ]:
        AttendanceFactory(
            event=event, district=district, group=group, age_band="not_recorded", count=count
        )

    def item(said_on, district=None, event=None, **kw):
        return FeedbackFactory(
            organisation=org, said_on=said_on, district=district, event=event, **kw
        )

    approved = timezone.make_aware(datetime(2025, 3, 10))
    # Havant: four items; answered after 0 and 10 days (same day, and ten days later); one
    # answered twice (the earliest counts: 4 days); one not answered.
    same_day = item(
        date(2025, 3, 5),
        event=hys,
        text=PLANTED,
        public_text="[name removed] was kind to me",
        approved_at=approved,
    )
    ten_days = item(date(2025, 3, 5), district=havant, text="More trips, said by Havant")
    twice = item(date(2025, 10, 22), district=havant, text="Less changing of workers")
    item(date(2025, 10, 22), district=havant, text="Unanswered: <b>hostile</b> words")
    # Basingstoke: one item, not answered.
    item(date(2025, 10, 22), district=basing, text="Basingstoke wants a youth club")
    # Outside the period: counted nowhere.
    item(date(2024, 12, 1), district=havant, text="Last year")

    ResponseFactory(organisation=org, responded_on=date(2025, 3, 5)).items.add(same_day)
    ResponseFactory(organisation=org, responded_on=date(2025, 3, 15)).items.add(ten_days)
    ResponseFactory(organisation=org, responded_on=date(2025, 11, 5)).items.add(twice)
    ResponseFactory(
        organisation=org, responded_on=date(2025, 10, 26), text="<i>We</i> met the managers"
    ).items.add(twice)
    return {"havant": havant, "basing": basing, "hys": hys, "conference": conference}


def test_the_county_compares_districts_on_a_fixed_data_set(world, log):
    rows = {
        (r.district.name if r.district else "county"): r
        for r in district_log.county(world.organisation, START, END)
    }
    havant, basing, county = rows["Havant"], rows["Basingstoke"], rows["county"]
    assert (havant.events, havant.young_people, havant.items, havant.answered) == (2, 11, 4, 3)
    assert havant.answered_share == 75
    assert havant.median_days == 4  # of 0, 10 and 4 days
    assert (basing.events, basing.young_people, basing.items, basing.answered) == (1, 4, 1, 0)
    assert (basing.answered_share, basing.median_days) == (0, None)
    assert (county.events, county.young_people, county.items, county.answered) == (2, 16, 5, 3)
    assert county.answered_share == 60
    assert county.median_days == 4


def test_the_median_is_the_measures_page_s_nearest_rank(world):
    """The county view and the measures page count the loop the same way (one rule:
    participation.measures.nearest_rank), so the same items give the same median."""
    org = world.organisation
    for said, answered in [
        (date(2025, 5, 1), date(2025, 5, 2)),
        (date(2025, 5, 1), date(2025, 5, 4)),
    ]:
        ResponseFactory(organisation=org, responded_on=answered).items.add(
            FeedbackFactory(organisation=org, said_on=said)
        )
    (county,) = district_log.county(org, START, END)
    assert county.median_days == 1  # nearest rank of 1 and 3 days: the first
    from participation import measures

    assert measures.loop_measures(org, start=START, end=END, today=END).overall.median_days == 1


def test_a_period_with_nothing_shows_dashes_not_errors(world, log, client):
    client.force_login(world.councillor)
    response = client.get(
        reverse("participation:county"), {"start": "2020-01-01", "end": "2020-12-31"}
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert all(r.items == 0 and r.answered_share is None for r in rows)


def test_the_county_view_defaults_to_the_last_twelve_months(world, client):
    client.force_login(world.councillor)
    response = client.get(reverse("participation:county"))
    start, end = default_period()
    assert (response.context["start"], response.context["end"]) == (start, end)
    assert end == timezone.localdate()
    assert (end - start).days in (364, 365)


def test_a_wrong_period_is_told_and_the_default_is_shown(world, client):
    client.force_login(world.councillor)
    response = client.get(
        reverse("participation:county"), {"start": "2025-12-01", "end": "2025-01-01"}
    )
    assert response.status_code == 200
    assert "The last day must be on or after the first day" in page_text(response)


def test_the_district_timeline_lists_events_feedback_and_responses(world, log):
    client = client_for(world.participation_officer)
    url = reverse("participation:district", args=[log["havant"].pk])
    response = client.get(url, {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    kinds = [e.kind for e in response.context["entries"]]
    assert kinds.count("event") == 2
    assert kinds.count("feedback") == 4
    assert kinds.count("response") == 4
    text = page_text(response)
    assert "Have your say: Havant" in text and "Too early" not in text
    assert "Basingstoke wants a youth club" not in text
    # Officers with VIEW_FEEDBACK_WORDS read the words as written, escaped.
    assert PLANTED in text
    assert "<b>hostile</b>" not in response.content.decode()
    assert "&lt;b&gt;hostile&lt;/b&gt;" in response.content.decode()
    assert "<i>We</i>" not in response.content.decode()


@pytest.mark.parametrize("reader", ["councillor", "young_member"])
def test_councillors_and_coopted_members_see_no_raw_feedback_words(world, log, reader):
    client = client_for(getattr(world, reader))
    url = reverse("participation:district", args=[log["havant"].pk])
    response = client.get(url, {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    text = page_text(response)
    for raw in (
        PLANTED,
        "Zebedee",
        "More trips, said by Havant",
        "Less changing of workers",
        "hostile",
    ):
        assert raw not in text
    assert "[name removed] was kind to me" in text  # the approved, checked words
    assert "words not yet checked for sharing" in text
    # The county view shows counts only.
    county = page_text(client.get(reverse("participation:county"), {"start": "2025-01-01"}))
    assert "Zebedee" not in county


def test_a_district_of_another_council_is_not_found(world, log):
    other = DistrictFactory(organisation=world.other_organisation)
    client = client_for(world.participation_officer)
    assert client.get(reverse("participation:district", args=[other.pk])).status_code == 404


def test_another_councils_events_and_feedback_are_not_counted(world, log):
    other = world.other_organisation
    EventFactory(organisation=other, date=date(2025, 5, 1))
    FeedbackFactory(organisation=other, said_on=date(2025, 5, 1))
    county = district_log.county(world.organisation, START, END)[-1]
    assert (county.events, county.items) == (2, 5)
