"""Boards, members over time, meetings and the agenda builder, through HTTP."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import AgendaItem, Board, BoardMember, Meeting
from boards.services import meetings as services

from ..access import client_for
from ..edit_guard import loaded
from ..factories import AgendaItemFactory, BoardFactory, BoardMemberFactory, MeetingFactory

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()
EXEMPT_TAG = "Exempt \N{EN DASH} paragraph 1"


def at(year, month, day, hour=14, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute), TZ)


def titles(meeting):
    return list(meeting.items.order_by("position", "pk").values_list("title", flat=True))


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# Boards and members ------------------------------------------------------------------------


def test_a_clerk_sets_up_a_board_and_changes_its_settings(world):
    client = client_for(world.clerk)
    response = client.post(
        reverse("boards:board_create"),
        {
            "name": "Corporate Parenting Board",
            "parent_body": "a sub-committee of the Children and Families Advisory Panel",
            "terms_of_reference": "To hold services for children in care to account.",
            "quorum": 3,
            "usual_venue": "Chute Room, Winchester",
            "enquiries_contact": "members.services@example.org",
            "first_minute_number": 28,
            "include_apologies": "on",
            "include_previous_minutes": "on",
        },
    )
    board = Board.objects.get(organisation=world.organisation)
    assert response.status_code == 302 and response.url == board.get_absolute_url()
    assert board.include_apologies and board.include_previous_minutes
    assert not board.include_declarations and not board.coopted_see_exempt

    page = client.get(board.get_absolute_url())
    assert b"A sub-committee of the Children and Families Advisory Panel" in page.content
    assert b"To hold services for children in care to account." in page.content
    assert b"Schedule a meeting" in page.content

    url = reverse("boards:board_update", args=[board.pk])
    client.post(
        url,
        {
            **loaded(client, url),
            "name": "Corporate Parenting Board",
            "quorum": 4,
            "first_minute_number": 28,
            "coopted_see_exempt": "on",
        },
    )
    board.refresh_from_db()
    assert board.quorum == 4 and board.coopted_see_exempt


def test_a_board_needs_a_name_and_a_unique_one(world):
    BoardFactory(organisation=world.organisation, name="Corporate Parenting Board")
    client = client_for(world.administrator)
    url = reverse("boards:board_create")
    empty = client.post(url, {"name": "", "quorum": 3, "first_minute_number": 1})
    assert "Enter the board&#x27;s name" in empty.content.decode()
    clash = client.post(
        url, {"name": "corporate parenting board", "quorum": 3, "first_minute_number": 1}
    )
    assert "There is already a board with this name." in clash.content.decode()
    assert Board.objects.filter(organisation=world.organisation).count() == 1


def test_members_are_listed_as_current_or_past_by_their_term(world):
    board = BoardFactory(organisation=world.organisation)
    today = timezone.localdate()
    BoardMemberFactory(
        board=board,
        name="Cllr Rosa Fictional",
        role=BoardMember.Role.CHAIR,
        political_group="Independent",
    )
    BoardMemberFactory(
        board=board,
        name="Kai Example",
        kind=BoardMember.Kind.COOPTED,
    )
    BoardMemberFactory(
        board=board, name="Cllr Old Member", end_date=today - datetime.timedelta(days=30)
    )
    page = client_for(world.councillor).get(board.get_absolute_url()).content.decode()
    current, past = page.split('data-testid="past-members"')
    assert "Cllr Rosa Fictional" in current and "Chair" in current and "Independent" in current
    assert "Co-opted member" in current and "Kai Example" in current
    assert "Cllr Old Member" not in current and "Cllr Old Member" in past


def test_a_manager_adds_a_member_and_ends_their_term(world):
    board = BoardFactory(organisation=world.organisation)
    client = client_for(world.clerk)
    client.post(
        reverse("boards:member_create", args=[board.pk]),
        {
            "name": "Cllr Ada Fictional",
            "kind": "councillor",
            "role": "vice_chair",
            "political_group": "Green",
            "start_date": "2024-05-01",
        },
    )
    member = board.members.get()
    assert member.role == BoardMember.Role.VICE_CHAIR and member.end_date is None
    assert member.organisation == world.organisation and member.user is None

    url = reverse("boards:member_update", args=[member.pk])
    data = {
        "name": "Cllr Ada Fictional",
        "kind": "councillor",
        "role": "vice_chair",
        "start_date": "2024-05-01",
    }
    refused = client.post(url, {**data, "end_date": "2024-04-30"})
    assert "The end of term must be on or after the start of term" in refused.content.decode()
    member.refresh_from_db()
    assert member.end_date is None

    client.post(url, {**data, **loaded(client, url), "end_date": "2025-05-01"})
    member.refresh_from_db()
    assert member.end_date == datetime.date(2025, 5, 1)
    assert not member.is_current()


def test_a_member_needs_a_name_kind_role_and_start_date(world):
    board = BoardFactory(organisation=world.organisation)
    response = client_for(world.clerk).post(reverse("boards:member_create", args=[board.pk]), {})
    content = response.content.decode()
    for message in [
        "Enter the member&#x27;s full name",
        "Select the kind of member",
        "Select their role on the board",
        "Enter the date their term started",
    ]:
        assert message in content
    assert not board.members.exists()


def test_the_index_lists_boards_with_their_next_meeting(world):
    board = BoardFactory(organisation=world.organisation, name="Corporate Parenting Board")
    MeetingFactory(
        board=board,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        status=Meeting.Status.CANCELLED,
    )
    MeetingFactory(board=board, starts_at=at(2099, 3, 4))
    MeetingFactory(board=board, starts_at=at(2099, 6, 4))
    BoardFactory(organisation=world.other_organisation, name="Their Board")
    page = client_for(world.councillor).get(reverse("boards:index")).content.decode()
    assert "Corporate Parenting Board" in page and "Their Board" not in page
    assert "4 March 2099" in page and "June 2099" not in page


# Scheduling --------------------------------------------------------------------------------


def test_scheduling_adds_the_procedural_items_the_board_asks_for(world):
    board = BoardFactory(organisation=world.organisation, usual_venue="Chute Room")
    MeetingFactory(board=board, starts_at=at(2018, 9, 25))
    MeetingFactory(board=board, starts_at=at(2018, 11, 1), status=Meeting.Status.CANCELLED)
    client = client_for(world.clerk)
    form = client.get(reverse("boards:meeting_create", args=[board.pk]))
    assert 'value="Chute Room"' in form.content.decode()

    response = client.post(
        reverse("boards:meeting_create", args=[board.pk]),
        {"date": "2018-12-03", "start_time": "14:00", "end_time": "", "venue": "Chute Room"},
    )
    meeting = Meeting.objects.get(board=board, starts_at=at(2018, 12, 3))
    assert response.url == meeting.get_absolute_url()
    items = list(meeting.items.all())
    assert [(i.number, i.title) for i in items] == [
        ("1", "Apologies for absence"),
        ("2", "Declarations of interest"),
        ("3", "Minutes of the previous meeting held on 25 September 2018"),
        ("4", "Deputations"),
        ("5", "Chair's announcements"),
    ]
    assert items[0].purpose == "To receive any apologies for absence."
    assert items[2].purpose == "To confirm the minutes of the previous meeting."
    assert items[2].kind == AgendaItem.Kind.PREVIOUS_MINUTES


def test_scheduling_follows_the_boards_settings(world):
    board = BoardFactory(
        organisation=world.organisation, include_declarations=False, include_deputations=False
    )
    meeting = services.meeting_schedule(board=board, starts_at=at(2030, 1, 10))
    assert [(i.number, i.title) for i in meeting.items.all()] == [
        ("1", "Apologies for absence"),
        ("2", "Minutes of the previous meeting"),
        ("3", "Chair's announcements"),
    ]


def test_a_meeting_needs_a_date_and_a_start_time_before_its_end(world):
    board = BoardFactory(organisation=world.organisation)
    client = client_for(world.clerk)
    url = reverse("boards:meeting_create", args=[board.pk])
    empty = client.post(url, {"date": "", "start_time": "", "venue": "Room 1"}).content.decode()
    assert "Enter the date of the meeting" in empty and "Enter the start time" in empty
    assert 'value="Room 1"' in empty  # nothing typed is lost
    backwards = client.post(
        url, {"date": "2030-01-10", "start_time": "14:00", "end_time": "13:00"}
    ).content.decode()
    assert "The end time must be after the start time" in backwards
    assert not board.meetings.exists()


def test_a_clerk_changes_and_cancels_a_meeting(world):
    meeting = MeetingFactory(board=BoardFactory(organisation=world.organisation))
    client = client_for(world.clerk)
    url = reverse("boards:meeting_update", args=[meeting.pk])
    client.post(
        url,
        {
            **loaded(client, url),
            "date": "2030-02-01",
            "start_time": "10:30",
            "end_time": "12:00",
            "venue": "Room 2",
        },
    )
    meeting.refresh_from_db()
    assert meeting.starts_at == at(2030, 2, 1, 10, 30) and meeting.ends_at == at(2030, 2, 1, 12)
    assert meeting.venue == "Room 2"

    client.post(reverse("boards:meeting_cancel", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED


def test_a_meeting_with_approved_minutes_cannot_be_cancelled(world):
    meeting = MeetingFactory(
        board=BoardFactory(organisation=world.organisation), status=Meeting.Status.MINUTES_APPROVED
    )
    response = client_for(world.clerk).post(
        reverse("boards:meeting_cancel", args=[meeting.pk]), follow=True
    )
    assert any("cannot be cancelled" in m for m in messages_of(response))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED


def test_the_meeting_page_shows_the_notice_and_agenda(world):
    board = BoardFactory(organisation=world.organisation, enquiries_contact="ms@example.org")
    meeting = MeetingFactory(board=board, starts_at=at(2030, 12, 3), venue="Chute Room")
    AgendaItemFactory(
        meeting=meeting,
        number="6a",
        title="Bright Spots survey",
        presenter="Director of Children's Services",
    )
    page = client_for(world.councillor).get(meeting.get_absolute_url()).content.decode()
    assert "Tuesday 3 December 2030 at 2.00 pm" in page
    assert "Chute Room" in page and "ms@example.org" in page
    assert "6a. Bright Spots survey" in page and "Scheduled" in page
    assert "Add an item" not in page and "Move up" not in page  # councillors read, not build
    assert "agenda-reorder.mjs" not in page


# Agenda items ------------------------------------------------------------------------------


ITEM = {
    "number": "6",
    "title": "Placement stability",
    "purpose": "To receive a report from the Director of Children's Services.",
    "kind": "report",
    "presenter": "",
}


def test_a_clerk_adds_an_item_at_the_end_of_the_agenda(world):
    meeting = MeetingFactory(board=BoardFactory(organisation=world.organisation))
    AgendaItemFactory(meeting=meeting, title="First", position=5)
    response = client_for(world.clerk).post(
        reverse("boards:item_create", args=[meeting.pk]), {**ITEM, "exempt_paragraph": ""}
    )
    assert response.status_code == 302
    assert titles(meeting) == ["First", "Placement stability"]


def test_an_exempt_item_needs_its_paragraph_and_only_then(world):
    meeting = MeetingFactory(board=BoardFactory(organisation=world.organisation))
    client = client_for(world.clerk)
    url = reverse("boards:item_create", args=[meeting.pk])
    missing = client.post(url, {**ITEM, "exempt": "on", "exempt_paragraph": ""}).content.decode()
    assert "Select the paragraph of Schedule 12A that makes this item exempt" in missing
    assert "Placement stability" in missing  # what was typed is kept
    stray = client.post(url, {**ITEM, "exempt_paragraph": "1"}).content.decode()
    assert "only exempt items have a paragraph" in stray
    assert not meeting.items.exists()

    client.post(url, {**ITEM, "exempt": "on", "exempt_paragraph": "1"})
    item = meeting.items.get(exempt=True)
    assert item.exempt and item.exempt_paragraph == 1
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert EXEMPT_TAG in page


def _meeting_with_exempt_item(world, **board):
    meeting = MeetingFactory(board=BoardFactory(organisation=world.organisation, **board))
    AgendaItemFactory(meeting=meeting, number="7", title="Open report")
    AgendaItemFactory(
        meeting=meeting,
        number="8",
        title="Secret placement case",
        purpose="To consider a private matter about a child.",
        exempt=True,
        exempt_paragraph=1,
    )
    return meeting


def test_an_exempt_item_is_hidden_from_a_coopted_member_unless_the_board_allows(world):
    meeting = _meeting_with_exempt_item(world)
    page = client_for(world.young_member).get(meeting.get_absolute_url()).content.decode()
    assert "Open report" in page
    assert "Item 8: exempt (not for publication)" in page
    assert "Secret placement case" not in page and "private matter" not in page

    allowed = _meeting_with_exempt_item(world, name="Another board", coopted_see_exempt=True)
    page = client_for(world.young_member).get(allowed.get_absolute_url()).content.decode()
    assert "Secret placement case" in page and EXEMPT_TAG in page


@pytest.mark.parametrize("persona", ["councillor", "officer", "clerk", "administrator"])
def test_roles_that_may_read_exempt_items_see_them(world, persona):
    meeting = _meeting_with_exempt_item(world)
    page = client_for(getattr(world, persona)).get(meeting.get_absolute_url()).content.decode()
    assert "Secret placement case" in page and "not for publication" not in page


def test_roles_without_view_exempt_get_the_title_hidden(world, monkeypatch):
    from corporate_parenting import roles

    meeting = _meeting_with_exempt_item(world)
    monkeypatch.setitem(
        roles.GRANTS, roles.Capability.VIEW_EXEMPT, frozenset({roles.Role.ADMINISTRATOR})
    )
    page = client_for(world.councillor).get(meeting.get_absolute_url()).content.decode()
    assert "Item 8: exempt (not for publication)" in page
    assert "Secret placement case" not in page


def test_a_clerk_edits_and_removes_an_item(world):
    item = AgendaItemFactory(
        meeting=MeetingFactory(board=BoardFactory(organisation=world.organisation))
    )
    client = client_for(world.clerk)
    url = reverse("boards:item_update", args=[item.pk])
    client.post(
        url,
        {
            **loaded(client, url),
            **ITEM,
            "number": "6b",
            "presenter": "Head of Service",
            "exempt_paragraph": "",
        },
    )
    item.refresh_from_db()
    assert (item.number, item.title, item.presenter) == (
        "6b",
        "Placement stability",
        "Head of Service",
    )
    client.post(reverse("boards:item_delete", args=[item.pk]))
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


# Ordering ----------------------------------------------------------------------------------


def _agenda(world, *names):
    meeting = MeetingFactory(board=BoardFactory(organisation=world.organisation))
    items = [
        AgendaItemFactory(meeting=meeting, title=name, number=str(n), position=n)
        for n, name in enumerate(names, start=1)
    ]
    return meeting, items


def test_move_up_and_down_swap_neighbours_and_keep_the_numbers(world):
    meeting, (a, _b, c) = _agenda(world, "A", "B", "C")
    client = client_for(world.clerk)
    client.post(reverse("boards:item_move", args=[c.pk]), {"direction": "up"})
    assert titles(meeting) == ["A", "C", "B"]
    client.post(reverse("boards:item_move", args=[a.pk]), {"direction": "down"})
    assert titles(meeting) == ["C", "A", "B"]
    client.post(reverse("boards:item_move", args=[c.pk]), {"direction": "up"})  # already first
    assert titles(meeting) == ["C", "A", "B"]
    c.refresh_from_db()
    assert c.number == "3"  # numbers are the clerk's text

    client.post(reverse("boards:agenda_renumber", args=[meeting.pk]))
    assert list(meeting.items.values_list("number", "title")) == [
        ("1", "C"),
        ("2", "A"),
        ("3", "B"),
    ]


def test_reorder_saves_the_dragged_order(world):
    meeting, (a, b, c) = _agenda(world, "A", "B", "C")
    response = client_for(world.clerk).post(
        reverse("boards:agenda_reorder", args=[meeting.pk]),
        {"order": f"{c.pk},{a.pk},{b.pk}"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200 and response.json()["ok"]
    assert titles(meeting) == ["C", "A", "B"]


def test_reorder_with_another_meetings_item_is_refused_and_changes_nothing(world):
    meeting, (a, _b, c) = _agenda(world, "A", "B", "C")
    _, (foreign,) = _agenda(world, "Elsewhere")
    client = client_for(world.clerk)
    url = reverse("boards:agenda_reorder", args=[meeting.pk])
    response = client.post(url, {"order": f"{c.pk},{a.pk},{foreign.pk}"})
    assert response.status_code == 400
    assert "every item of this agenda once" in response.content.decode()
    missing = client.post(url, {"order": f"{c.pk},{a.pk}"}, headers={"Accept": "application/json"})
    assert missing.status_code == 400 and not missing.json()["ok"]
    assert client.post(url, {"order": "x,y"}).status_code == 400
    assert titles(meeting) == ["A", "B", "C"]


# Publishing and the lock after approval ----------------------------------------------------


def test_the_agenda_is_published_only_with_items_and_only_once(world):
    board = BoardFactory(organisation=world.organisation)
    empty = MeetingFactory(board=board)
    client = client_for(world.clerk)
    response = client.post(reverse("boards:agenda_publish", args=[empty.pk]), follow=True)
    assert any("at least one item" in m for m in messages_of(response))
    empty.refresh_from_db()
    assert empty.status == Meeting.Status.SCHEDULED and empty.agenda_published_at is None

    meeting, _ = _agenda(world, "A")
    client.post(reverse("boards:agenda_publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.AGENDA_PUBLISHED and meeting.agenda_published_at

    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    again = client.post(reverse("boards:agenda_publish", args=[meeting.pk]), follow=True)
    assert any("only be published while the meeting is scheduled" in m for m in messages_of(again))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED


def test_the_agenda_refuses_edits_once_the_minutes_are_approved(world):
    meeting, (a, b) = _agenda(world, "A", "B")
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.save()
    client = client_for(world.clerk)
    attempts = [
        (reverse("boards:item_create", args=[meeting.pk]), {**ITEM, "exempt_paragraph": ""}),
        (reverse("boards:item_update", args=[a.pk]), {**ITEM, "exempt_paragraph": ""}),
        (reverse("boards:item_delete", args=[a.pk]), {}),
        (reverse("boards:item_move", args=[b.pk]), {"direction": "up"}),
        (reverse("boards:agenda_renumber", args=[meeting.pk]), {}),
        (
            reverse("boards:meeting_update", args=[meeting.pk]),
            {"date": "2031-01-01", "start_time": "10:00"},
        ),
    ]
    for url, data in attempts:
        response = client.post(url, data, follow=True)
        assert any("can no longer change" in m for m in messages_of(response)), url
    assert (
        client.post(
            reverse("boards:agenda_reorder", args=[meeting.pk]), {"order": f"{b.pk},{a.pk}"}
        ).status_code
        == 400
    )
    assert titles(meeting) == ["A", "B"]
    a.refresh_from_db()
    assert a.title == "A" and meeting.items.count() == 2
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Add an item" not in page and "Move up" not in page


# Organisations -----------------------------------------------------------------------------


def test_another_organisations_board_and_meeting_are_not_found(world):
    board = BoardFactory(organisation=world.other_organisation)
    meeting = MeetingFactory(board=board)
    item = AgendaItemFactory(meeting=meeting)
    client = client_for(world.clerk)
    for url in [
        board.get_absolute_url(),
        meeting.get_absolute_url(),
        reverse("boards:meeting_create", args=[board.pk]),
        reverse("boards:item_update", args=[item.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("boards:agenda_reorder", args=[meeting.pk]), {"order": str(item.pk)}
        ).status_code
        == 404
    )
