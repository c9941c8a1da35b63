"""A meeting (and a workshop) is dated from 1 January 1990 to 31 December ten years ahead: a
date outside gets a message that says the range, and the form keeps what was typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import WorkProgrammeEntry

from ..access import client_for
from ..factories import BoardFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def last_day():
    return datetime.date(timezone.localdate().year + 10, 12, 31)


def range_message(what):
    return f"Enter a {what} between 1 January 1990 and {last_day():%-d %B %Y}"


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1989-12-31", "next"])
def test_a_meeting_out_of_range_is_refused_with_the_range(world, day):
    if day == "next":
        day = str(last_day() + datetime.timedelta(days=1))
    board = BoardFactory(organisation=world.organisation)
    client = client_for(world.clerk)
    response = client.post(
        reverse("boards:meeting_create", args=[board.pk]),
        {"date": day, "start_time": "23:00", "end_time": "", "venue": "Chute Room"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert range_message("meeting date") in page
    assert f'value="{day}"' in page and 'value="Chute Room"' in page  # nothing typed is lost
    assert not board.meetings.exists()


@pytest.mark.parametrize("day", ["1990-01-01", "last"])
def test_a_meeting_at_either_end_of_the_range_is_scheduled(world, day):
    if day == "last":
        day = str(last_day())
    board = BoardFactory(organisation=world.organisation)
    client_for(world.clerk).post(
        reverse("boards:meeting_create", args=[board.pk]),
        {"date": day, "start_time": "23:00", "end_time": "", "venue": ""},
    )
    meeting = board.meetings.get()
    assert str(timezone.localdate(meeting.starts_at)) == day


def test_a_meeting_cannot_be_moved_out_of_range(world):
    meeting = MeetingFactory(board=BoardFactory(organisation=world.organisation))
    before = meeting.starts_at
    response = client_for(world.clerk).post(
        reverse("boards:meeting_update", args=[meeting.pk]),
        {"date": "9999-12-31", "start_time": "23:00", "venue": "Room 2"},
    )
    assert range_message("meeting date") in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.starts_at == before


def test_the_services_refuse_a_meeting_out_of_range(world):
    from django.core.exceptions import ValidationError

    from boards.services import meetings as services

    board = BoardFactory(organisation=world.organisation)
    far = timezone.make_aware(datetime.datetime(9999, 12, 31, 23, 0))
    with pytest.raises(ValidationError, match="Enter a meeting date between"):
        services.meeting_schedule(board=board, starts_at=far)
    meeting = MeetingFactory(board=board)
    with pytest.raises(ValidationError, match="Enter a meeting date between"):
        services.meeting_update(meeting=meeting, starts_at=far)
    assert not board.meetings.filter(starts_at=far).exists()


def test_a_workshop_out_of_range_is_refused_with_the_range(world):
    board = BoardFactory(organisation=world.organisation)
    response = client_for(world.clerk).post(
        reverse("boards:entry_create", args=[board.pk]),
        {
            "kind": "workshop",
            "title": "Workshop with foster carers",
            "who": "Foster carers in their first year",
            "purpose": "To hear about their first year",
            "workshop_date": "9999-12-31",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert range_message("workshop date") in page
    assert 'value="Workshop with foster carers"' in page
    assert not WorkProgrammeEntry.objects.filter(board=board).exists()
