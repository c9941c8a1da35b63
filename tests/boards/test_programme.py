"""The work programme: rolling items generated from their cycles, moves and drops, agendas
drafted from it in one step, and board actions added to it."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from boards.models import AgendaItem, Meeting, WorkProgrammeEntry
from boards.services.programme import add_months, programme_generate

from ..access import client_for
from ..edit_guard import save_edit
from ..factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    RollingItemFactory,
    WorkProgrammeEntryFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def at(months, day_offset=0, hour=10):
    day = add_months(TODAY(), months) + datetime.timedelta(days=day_offset)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def board(world):
    return BoardFactory(organisation=world.organisation)


@pytest.fixture
def quarterly(board):
    """Four meetings a quarter apart, the first next month."""
    return [MeetingFactory(board=board, starts_at=at(m)) for m in (1, 4, 7, 10)]


def entries_of(item):
    return list(WorkProgrammeEntry.objects.filter(rolling_item=item).order_by("meeting__starts_at"))


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# Generation -----------------------------------------------------------------------------------


def test_six_monthly_item_lands_on_the_first_and_third_of_four_quarterly_meetings(board, quarterly):
    item = RollingItemFactory(board=board, cycle_months=6, starts_on=TODAY())

    assert programme_generate(board=board) == 2

    entries = entries_of(item)
    assert [e.meeting for e in entries] == [quarterly[0], quarterly[2]]
    assert {e.kind for e in entries} == {WorkProgrammeEntry.Kind.ROLLING}
    assert {e.title for e in entries} == {item.title}


def test_annual_item_lands_on_the_first_meeting_only(board, quarterly):
    item = RollingItemFactory(board=board, cycle_months=12, starts_on=TODAY())

    programme_generate(board=board)

    assert [e.meeting for e in entries_of(item)] == [quarterly[0]]


def test_standing_item_lands_on_every_meeting(board, quarterly):
    item = RollingItemFactory(
        board=board, title="Care Ambassadors' feedback", every_meeting=True, cycle_months=None
    )

    programme_generate(board=board)

    entries = entries_of(item)
    assert [e.meeting for e in entries] == quarterly
    assert {e.kind for e in entries} == {WorkProgrammeEntry.Kind.STANDING}


def test_a_cycle_that_started_long_ago_continues_its_steps(board, quarterly):
    # Started 18 months ago, six-monthly: steps fall today, in 6 months and in 12.
    item = RollingItemFactory(board=board, cycle_months=6, starts_on=add_months(TODAY(), -18))

    programme_generate(board=board)

    assert [e.meeting for e in entries_of(item)] == [quarterly[0], quarterly[2]]


def test_a_step_whose_meeting_is_past_is_done(board, quarterly):
    MeetingFactory(board=board, starts_at=at(-1))  # held last month: it took the item
    item = RollingItemFactory(board=board, cycle_months=6, starts_on=add_months(TODAY(), -2))

    programme_generate(board=board)

    # The step two months ago went to last month's meeting; the next ones are due in four
    # and ten months.
    assert [e.meeting for e in entries_of(item)] == [quarterly[1], quarterly[3]]


def test_generating_twice_creates_nothing_new(board, quarterly):
    RollingItemFactory(board=board, cycle_months=6, starts_on=TODAY())
    RollingItemFactory(board=board, every_meeting=True, cycle_months=None, title="Marketing")

    assert programme_generate(board=board) == 6
    assert programme_generate(board=board) == 0
    assert WorkProgrammeEntry.objects.filter(board=board).count() == 6


def test_a_dropped_entry_is_not_recreated(board, quarterly):
    item = RollingItemFactory(board=board, cycle_months=6, starts_on=TODAY())
    programme_generate(board=board)
    first = entries_of(item)[0]
    first.status = WorkProgrammeEntry.Status.DROPPED
    first.save()

    assert programme_generate(board=board) == 0
    assert len(entries_of(item)) == 2


def test_a_moved_entry_is_not_recreated_in_its_original_slot(world, board, quarterly):
    item = RollingItemFactory(board=board, cycle_months=6, starts_on=TODAY())
    programme_generate(board=board)
    first = entries_of(item)[0]

    response = save_edit(
        client_for(world.clerk),
        reverse("boards:entry_update", args=[first.pk]),
        {"title": first.title, "purpose": "", "meeting": quarterly[1].pk, "status": "planned"},
    )
    assert response.status_code == 302

    assert programme_generate(board=board) == 0
    assert [e.meeting for e in entries_of(item)] == [quarterly[1], quarterly[2]]


def test_cancelled_meetings_are_skipped(board, quarterly):
    quarterly[0].status = Meeting.Status.CANCELLED
    quarterly[0].save()
    six_monthly = RollingItemFactory(board=board, cycle_months=6, starts_on=TODAY())
    standing = RollingItemFactory(
        board=board, every_meeting=True, cycle_months=None, title="Marketing"
    )

    programme_generate(board=board)

    assert [e.meeting for e in entries_of(six_monthly)] == [quarterly[1], quarterly[2]]
    assert [e.meeting for e in entries_of(standing)] == quarterly[1:]


def test_meetings_beyond_a_year_and_items_not_in_use_get_nothing(board, quarterly):
    later = MeetingFactory(board=board, starts_at=at(13))
    standing = RollingItemFactory(board=board, every_meeting=True, cycle_months=None)
    RollingItemFactory(board=board, cycle_months=6, active=False, title="Retired item")

    assert programme_generate(board=board) == 4
    assert later not in [e.meeting for e in entries_of(standing)]


def test_another_boards_meetings_are_left_alone(board, quarterly):
    other = MeetingFactory(board=BoardFactory(organisation=board.organisation), starts_at=at(2))
    RollingItemFactory(board=board, every_meeting=True, cycle_months=None)

    programme_generate(board=board)

    assert not WorkProgrammeEntry.objects.filter(meeting=other).exists()


def test_the_clerk_generates_from_the_page(world, board, quarterly):
    RollingItemFactory(board=board, cycle_months=6, starts_on=TODAY())
    client = client_for(world.clerk)
    url = reverse("boards:programme_generate", args=[board.pk])

    response = client.post(url, follow=True)
    assert "2 entries are added from the rolling items." in response.content.decode()

    response = client.post(url, follow=True)
    assert "nothing was added" in response.content.decode()


# The programme page -----------------------------------------------------------------------------


def test_the_page_shows_each_meetings_items_grouped_as_the_seed_does(world, board, quarterly):
    RollingItemFactory(board=board, title="Marketing", every_meeting=True, cycle_months=None)
    RollingItemFactory(board=board, title="Update on Education of CIC", starts_on=TODAY())
    programme_generate(board=board)
    WorkProgrammeEntryFactory(
        board=board, meeting=quarterly[0], title="Update on Retention of Social Workers"
    )
    WorkProgrammeEntryFactory(
        board=board,
        kind=WorkProgrammeEntry.Kind.WORKSHOP,
        title="Foster carers",
        who="Foster carers in their first year of role",
        purpose="To hear what support helped",
        workshop_date=add_months(TODAY(), 2),
    )
    WorkProgrammeEntryFactory(
        board=board,
        meeting=quarterly[1],
        title="Summary of Ofsted letter",
        status=WorkProgrammeEntry.Status.DROPPED,
    )

    response = client_for(world.councillor).get(reverse("boards:programme", args=[board.pk]))
    page = response.content.decode()

    assert response.status_code == 200
    for text in (
        "Standing agenda items",
        "Rolling programme",
        "Relevant to this meeting",
        "who and what purpose?",
        "Who: Foster carers in their first year of role",
        "Purpose: To hear what support helped",
        "Update on Retention of Social Workers",
        add_months(TODAY(), 2).strftime("%B %Y"),
    ):
        assert text in page
    assert "<del>Summary of Ofsted letter</del>" in page
    assert "Dropped</strong>" in page  # in words, not colour alone
    # A councillor reads; only the clerk changes it.
    assert reverse("boards:programme_generate", args=[board.pk]) not in page
    assert reverse("boards:entry_create", args=[board.pk]) not in page


def test_the_clerk_sees_the_controls(world, board, quarterly):
    item = RollingItemFactory(board=board)
    programme_generate(board=board)

    page = client_for(world.clerk).get(reverse("boards:programme", args=[board.pk])).content
    page = page.decode()

    assert reverse("boards:programme_generate", args=[board.pk]) in page
    assert reverse("boards:rolling_update", args=[item.pk]) in page
    assert reverse("boards:agenda_from_programme", args=[quarterly[0].pk]) in page


def test_another_organisations_board_is_not_found(world, board):
    for user in (world.outsiders[r] for r in world.outsiders):
        response = client_for(user).get(reverse("boards:programme", args=[board.pk]))
        assert response.status_code == 404


# Rolling items --------------------------------------------------------------------------------


def rolling_post(world, board, **data):
    values = {"title": "Annual adoption report", "starts_on": str(TODAY()), "active": "on"}
    values.update(data)
    return client_for(world.clerk).post(reverse("boards:rolling_create", args=[board.pk]), values)


def test_a_rolling_item_is_added(world, board):
    response = rolling_post(world, board, cycle_months="12")

    assert response.status_code == 302
    item = board.rolling_items.get()
    assert (item.cycle_months, item.every_meeting, item.organisation) == (
        12,
        False,
        world.organisation,
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"every_meeting": "on", "cycle_months": "6"},
            "Either tick “Every meeting” or enter a cycle in months, not both",
        ),
        ({}, "Enter a cycle in months, like 6 for six-monthly, or tick “Every meeting”"),
        ({"cycle_months": "30"}, "Enter the cycle in months as a whole number from 1 to 24"),
        ({"cycle_months": "0"}, "Enter the cycle in months as a whole number from 1 to 24"),
        ({"cycle_months": "six"}, "Enter the cycle in months as a whole number from 1 to 24"),
        ({"cycle_months": "6", "starts_on": ""}, "Enter the date from which the item is due"),
        ({"cycle_months": "6", "title": ""}, "Enter the item&#x27;s title"),
    ],
)
def test_rolling_item_validation_says_what_to_do(world, board, data, message):
    response = rolling_post(world, board, **data)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Annual adoption report"' in page or data.get("title") == ""  # kept
    assert not board.rolling_items.exists()


def test_a_rolling_item_is_changed(world, board):
    item = RollingItemFactory(board=board, cycle_months=6)

    response = save_edit(
        client_for(world.clerk),
        reverse("boards:rolling_update", args=[item.pk]),
        {"title": "Health of children in care", "every_meeting": "on", "starts_on": "2026-01-01"},
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.every_meeting, item.cycle_months, item.active) == (
        "Health of children in care",
        True,
        None,
        False,
    )


# Entries: add, move and drop -----------------------------------------------------------------


def test_a_one_off_item_is_added_to_a_meeting(world, board, quarterly):
    response = client_for(world.clerk).post(
        reverse("boards:entry_create", args=[board.pk]),
        {
            "kind": "one_off",
            "title": "Peer challenge feedback",
            "purpose": "To receive the feedback",
            "meeting": quarterly[1].pk,
        },
    )

    assert response.status_code == 302
    entry = board.work_programme.get()
    assert (entry.kind, entry.meeting, entry.status) == (
        WorkProgrammeEntry.Kind.ONE_OFF,
        quarterly[1],
        WorkProgrammeEntry.Status.PLANNED,
    )


def test_a_workshop_is_added_with_who_and_what_purpose(world, board, quarterly):
    response = client_for(world.clerk).post(
        reverse("boards:entry_create", args=[board.pk]),
        {
            "kind": "workshop",
            "title": "Group of UASC children in care",
            "who": "Unaccompanied asylum-seeking children in care",
            "purpose": "To hear about their experience of care",
            "workshop_date": str(add_months(TODAY(), 2)),
            "meeting": quarterly[0].pk,  # ignored: workshops are between meetings
        },
    )

    assert response.status_code == 302
    entry = board.work_programme.get()
    assert entry.kind == WorkProgrammeEntry.Kind.WORKSHOP
    assert entry.meeting is None
    assert entry.workshop_date == add_months(TODAY(), 2)


def test_a_workshop_needs_who_and_purpose(world, board):
    response = client_for(world.clerk).post(
        reverse("boards:entry_create", args=[board.pk]),
        {"kind": "workshop", "title": "Care leavers in higher education"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter who the workshop is with" in page
    assert "Enter what the workshop is for" in page
    assert 'value="Care leavers in higher education"' in page
    assert not board.work_programme.exists()


def test_an_item_cannot_go_to_another_boards_meeting(world, board):
    other = MeetingFactory(board=BoardFactory(organisation=world.organisation))

    response = client_for(world.clerk).post(
        reverse("boards:entry_create", args=[board.pk]),
        {"kind": "one_off", "title": "Bright Spots survey", "meeting": other.pk},
    )

    assert response.status_code == 200
    assert "Select one of the board&#x27;s coming meetings" in response.content.decode()


def test_the_clerk_moves_an_item_to_another_meeting(world, board, quarterly):
    entry = WorkProgrammeEntryFactory(board=board, meeting=quarterly[0])

    response = save_edit(
        client_for(world.clerk),
        reverse("boards:entry_update", args=[entry.pk]),
        {"title": entry.title, "meeting": quarterly[2].pk, "status": "planned"},
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.meeting == quarterly[2]


def test_the_clerk_drops_an_item(world, board, quarterly):
    entry = WorkProgrammeEntryFactory(board=board, meeting=quarterly[0])

    response = save_edit(
        client_for(world.clerk),
        reverse("boards:entry_update", args=[entry.pk]),
        {"title": entry.title, "meeting": quarterly[0].pk, "status": "dropped"},
    )

    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == WorkProgrammeEntry.Status.DROPPED
    assert f"{entry.title} is dropped from the work programme." in messages_of(response)


def test_a_rolling_item_cannot_be_moved_onto_a_meeting_that_already_has_it(world, board, quarterly):
    item = RollingItemFactory(board=board, cycle_months=6, starts_on=TODAY())
    programme_generate(board=board)
    first, third = entries_of(item)

    response = client_for(world.clerk).post(
        reverse("boards:entry_update", args=[first.pk]),
        {"title": first.title, "meeting": third.meeting.pk, "status": "planned"},
    )

    assert response.status_code == 200
    assert "That meeting already has this rolling item in its programme" in (
        response.content.decode()
    )
    first.refresh_from_db()
    assert first.meeting == quarterly[0]


def test_a_standing_entry_is_dropped_not_moved(world, board, quarterly):
    RollingItemFactory(board=board, every_meeting=True, cycle_months=None)
    programme_generate(board=board)
    entry = board.work_programme.order_by("meeting__starts_at").first()

    page = client_for(world.clerk).get(reverse("boards:entry_update", args=[entry.pk]))
    assert 'name="meeting"' not in page.content.decode()
    assert 'name="status"' in page.content.decode()


# Drafting an agenda in one step --------------------------------------------------------------


@pytest.fixture
def planned(board, quarterly):
    meeting = quarterly[0]
    for n, title in enumerate(["Apologies", "Declarations of interest", "Minutes"], start=1):
        AgendaItemFactory(meeting=meeting, number=str(n), position=n, title=title)
    AgendaItemFactory(meeting=meeting, number="3a", position=4, title="Matters arising")
    RollingItemFactory(board=board, title="Marketing", every_meeting=True, cycle_months=None)
    RollingItemFactory(board=board, title="Update on Education of CIC", starts_on=TODAY())
    programme_generate(board=board)
    WorkProgrammeEntryFactory(board=board, meeting=meeting, title="Bright Spots overview")
    WorkProgrammeEntryFactory(
        board=board,
        meeting=meeting,
        title="Summary of Ofsted letter",
        status=WorkProgrammeEntry.Status.DROPPED,
    )
    return meeting


def draft(world, meeting):
    return client_for(world.clerk).post(reverse("boards:agenda_from_programme", args=[meeting.pk]))


def test_an_agenda_is_drafted_from_the_programme_in_one_step(world, planned):
    response = draft(world, planned)

    assert response.status_code == 302
    assert response.url == reverse("boards:meeting", args=[planned.pk])
    items = list(planned.items.order_by("position"))
    assert [(i.number, i.title) for i in items[4:]] == [
        ("4", "Marketing"),
        ("5", "Update on Education of CIC"),
        ("6", "Bright Spots overview"),
    ]
    assert [i.position for i in items[4:]] == [5, 6, 7]
    assert [i.kind for i in items[4:]] == [
        AgendaItem.Kind.VERBAL,
        AgendaItem.Kind.REPORT,
        AgendaItem.Kind.REPORT,
    ]
    drafted = planned.planned_items.filter(status=WorkProgrammeEntry.Status.ON_AGENDA)
    assert drafted.count() == 3
    assert all(e.agenda_item.meeting == planned for e in drafted)
    assert "3 items are added to the agenda from the work programme." in messages_of(response)
    # The dropped entry stays dropped, off the agenda.
    assert not planned.items.filter(title="Summary of Ofsted letter").exists()


def test_drafting_twice_adds_nothing_twice(world, planned):
    draft(world, planned)
    response = draft(world, planned)

    assert planned.items.count() == 7
    assert "Everything planned for this meeting is already on its agenda." in messages_of(response)


def test_workshops_are_not_drafted_onto_an_agenda(world, board, planned):
    WorkProgrammeEntryFactory(
        board=board, meeting=planned, kind=WorkProgrammeEntry.Kind.WORKSHOP, title="Workshop"
    )

    draft(world, planned)

    assert not planned.items.filter(title="Workshop").exists()


@pytest.mark.parametrize(
    "status, message",
    [
        (
            Meeting.Status.MINUTES_APPROVED,
            "This meeting's minutes are approved: its agenda can no longer change.",
        ),
        (Meeting.Status.CANCELLED, "This meeting is cancelled: its agenda cannot be drafted."),
    ],
)
def test_drafting_is_refused_when_the_minutes_are_approved_or_the_meeting_cancelled(
    world, planned, status, message
):
    planned.status = status
    planned.save()

    response = draft(world, planned)

    assert planned.items.count() == 4
    assert message in messages_of(response)
    assert not planned.planned_items.filter(status=WorkProgrammeEntry.Status.ON_AGENDA).exists()


def test_numbers_start_at_one_on_an_empty_agenda(world, board, quarterly):
    WorkProgrammeEntryFactory(board=board, meeting=quarterly[0], title="Peer challenge")

    draft(world, quarterly[0])

    assert [(i.number, i.position) for i in quarterly[0].items.all()] == [("1", 1)]


# A board action adds an item ----------------------------------------------------------------


def test_an_action_adds_an_item_for_the_next_meeting(world, board, quarterly):
    held = MeetingFactory(board=board, starts_at=at(-1), status=Meeting.Status.HELD)
    quarterly[0].status = Meeting.Status.CANCELLED
    quarterly[0].save()
    action = ActionFactory(
        meeting=held, description="Report back on the recruitment of foster carers"
    )
    client = client_for(world.clerk)
    url = reverse("boards:action_to_programme", args=[action.pk])

    response = client.post(url)

    assert response.url == reverse("boards:programme", args=[board.pk])
    entry = WorkProgrammeEntry.objects.get(from_action=action)
    assert (entry.kind, entry.meeting, entry.title) == (
        WorkProgrammeEntry.Kind.ONE_OFF,
        quarterly[1],
        "Report back on the recruitment of foster carers",
    )

    client.post(url)  # twice: still one
    assert WorkProgrammeEntry.objects.filter(from_action=action).count() == 1


def test_an_action_with_no_meeting_ahead_waits_for_one(world, board):
    action = ActionFactory(meeting=MeetingFactory(board=board, starts_at=at(-1)))

    client_for(world.clerk).post(reverse("boards:action_to_programme", args=[action.pk]))

    entry = WorkProgrammeEntry.objects.get(from_action=action)
    assert entry.meeting is None
    page = client_for(world.clerk).get(reverse("boards:programme", args=[board.pk]))
    assert "Not yet given a meeting" in page.content.decode()
