"""The record of a meeting: attendance, declarations, minutes numbered continuously across the
board's meetings, approval at the next meeting, locking and corrections (issue 4, point 3)."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from boards.models import (
    AgendaItem,
    Attendance,
    BoardMember,
    Declaration,
    Meeting,
    Minute,
    MinuteCorrection,
)
from boards.services.minutes import minutes_approve as approve
from boards.services.minutes import minutes_renumber

from ..access import client_for
from ..edit_guard import loaded
from ..factories import (
    AgendaItemFactory,
    BoardFactory,
    BoardMemberFactory,
    MeetingFactory,
    MinuteFactory,
    ResolutionFactory,
)

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def board(world):
    # Seed 002: the September 2018 minutes run from 28 to 35.
    return BoardFactory(organisation=world.organisation, first_minute_number=28)


@pytest.fixture
def clerk(world):
    return client_for(world.clerk)


def meeting_with_items(board, when, titles, status=Meeting.Status.HELD):
    meeting = MeetingFactory(board=board, starts_at=when, status=status)
    for position, title in enumerate(titles):
        AgendaItemFactory(meeting=meeting, position=position, number=str(position + 1), title=title)
    return meeting


def minute_all(meeting):
    for item in meeting.items.all():
        Minute.objects.get_or_create(
            item=item, defaults={"organisation": item.organisation, "text": "Noted."}
        )
    minutes_renumber(board=meeting.board)


def numbers(meeting):
    return [item.minute.number for item in meeting.items.select_related("minute")]


def all_numbers(board):
    """Every minute number of the board's non-cancelled meetings, in meeting and item order."""
    return [
        m.number
        for m in Minute.objects.filter(item__meeting__board=board)
        .exclude(item__meeting__status=Meeting.Status.CANCELLED)
        .order_by("item__meeting__starts_at", "item__position")
    ]


def assert_continuous(board):
    got = all_numbers(board)
    assert got == list(range(board.first_minute_number, board.first_minute_number + len(got)))


SEPTEMBER = [
    "Apologies for absence",
    "Declarations of interest",
    "Minutes of previous meeting",
    "Deputations",
    "Chairman's announcements",
    "Foster care recruitment",
    "Foster placement moves",
    "Placement commissioning",
]


# Attendance ---------------------------------------------------------------------------------


def test_attendance_lists_the_members_whose_term_covers_the_meeting_and_saves_it(board, clerk):
    meeting = MeetingFactory(board=board, starts_at=at(2018, 9, 25))
    chair = BoardMemberFactory(board=board, name="Cllr Ada Thorne", start_date=date(2017, 5, 1))
    member = BoardMemberFactory(board=board, name="Cllr Ben Oakes", start_date=date(2017, 5, 1))
    sub = BoardMemberFactory(
        board=board,
        name="Cllr Cara Vale",
        role=BoardMember.Role.SUBSTITUTE,
        start_date=date(2017, 5, 1),
    )
    BoardMemberFactory(
        board=board, name="Cllr Gone Before", start_date=date(2015, 1, 1), end_date=date(2018, 5, 1)
    )
    BoardMemberFactory(board=board, name="Cllr Not Yet", start_date=date(2019, 1, 1))
    url = reverse("boards:attendance", args=[meeting.pk])

    page = clerk.get(url).content.decode()
    assert "Cllr Ada Thorne" in page and "Cllr Cara Vale" in page
    assert "Gone Before" not in page and "Not Yet" not in page

    response = clerk.post(
        url,
        {
            f"m{chair.pk}-status": "present",
            f"m{member.pk}-status": "apologies",
            f"m{sub.pk}-status": "present",
            f"m{sub.pk}-substitute_for": member.pk,
        },
    )
    assert response.status_code == 302
    saved = {a.member: a for a in Attendance.objects.filter(meeting=meeting)}
    assert saved[chair].status == "present"
    assert saved[member].status == "apologies"
    assert saved[sub].status == "present" and saved[sub].substitute_for == member

    # Saving again updates rather than duplicates; a substitute left blank has no record.
    clerk.post(url, {f"m{chair.pk}-status": "absent", f"m{member.pk}-status": "present"})
    saved = {a.member: a.status for a in Attendance.objects.filter(meeting=meeting)}
    assert saved == {chair: "absent", member: "present"}


def test_attendance_refuses_a_substitute_without_whom_they_replace_or_for_someone_present(
    board, clerk
):
    meeting = MeetingFactory(board=board, starts_at=at(2018, 9, 25))
    member = BoardMemberFactory(board=board, name="Cllr Ben Oakes", start_date=date(2017, 5, 1))
    sub = BoardMemberFactory(
        board=board, name="Cllr Cara Vale", role="substitute", start_date=date(2017, 5, 1)
    )
    url = reverse("boards:attendance", args=[meeting.pk])

    response = clerk.post(
        url, {f"m{member.pk}-status": "apologies", f"m{sub.pk}-status": "present"}
    )
    assert response.status_code == 200
    assert "Select the member Cllr Cara Vale substituted for" in response.content.decode()

    response = clerk.post(
        url,
        {
            f"m{member.pk}-status": "present",
            f"m{sub.pk}-status": "present",
            f"m{sub.pk}-substitute_for": member.pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cllr Ben Oakes is marked present, so Cllr Cara Vale cannot substitute for them" in page

    response = clerk.post(url, {f"m{sub.pk}-status": ""})
    assert "Select whether Cllr Ben Oakes was present, sent apologies or was absent" in (
        response.content.decode()
    )
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_marking_a_meeting_held_needs_it_to_have_started(board, clerk):
    past = MeetingFactory(board=board, starts_at=timezone.now() - timezone.timedelta(days=1))
    future = MeetingFactory(board=board, starts_at=timezone.now() + timezone.timedelta(days=1))
    clerk.post(reverse("boards:meeting_held", args=[past.pk]))
    clerk.post(reverse("boards:meeting_held", args=[future.pk]))
    past.refresh_from_db()
    future.refresh_from_db()
    assert past.status == Meeting.Status.HELD
    assert future.status == Meeting.Status.SCHEDULED


def test_a_members_attendance_record_leaves_out_cancelled_meetings_and_those_outside_the_term(
    world, board
):
    member = BoardMemberFactory(
        board=board,
        name="Cllr Ada Thorne",
        start_date=date(2018, 1, 1),
        end_date=date(2018, 12, 31),
    )
    meetings = {
        "before term": MeetingFactory(board=board, starts_at=at(2017, 12, 4)),
        "march": MeetingFactory(board=board, starts_at=at(2018, 3, 5)),
        "july": MeetingFactory(board=board, starts_at=at(2018, 7, 13)),
        "cancelled": MeetingFactory(
            board=board, starts_at=at(2018, 9, 1), status=Meeting.Status.CANCELLED
        ),
        "september": MeetingFactory(board=board, starts_at=at(2018, 9, 25)),
        "december": MeetingFactory(board=board, starts_at=at(2018, 12, 3)),
        "after term": MeetingFactory(board=board, starts_at=at(2019, 3, 4)),
    }
    statuses = {
        "before term": "absent",
        "march": "present",
        "july": "present",
        "cancelled": "absent",
        "september": "apologies",
        "december": "present",
        "after term": "absent",
    }
    for key, status in statuses.items():
        Attendance.objects.create(
            organisation=world.organisation, meeting=meetings[key], member=member, status=status
        )

    response = client_for(world.councillor).get(
        reverse("boards:member_attendance", args=[member.pk])
    )
    context = response.context["summary"]
    assert (context.attended, context.apologies, context.absent) == (3, 1, 0)
    assert context.percentage == 75
    assert [m for m, _ in context.rows] == [
        meetings["march"],
        meetings["july"],
        meetings["september"],
        meetings["december"],
    ]
    assert "75% of 4 meetings" in response.content.decode()


def test_a_councillor_sees_their_own_attendance(world, board):
    term = BoardMemberFactory(
        board=board, name="Cllr Ada Thorne", user=world.councillor, start_date=date(2018, 1, 1)
    )
    BoardMemberFactory(board=board, name="Cllr Someone Else", start_date=date(2018, 1, 1))
    meeting = MeetingFactory(board=board, starts_at=at(2018, 9, 25))
    Attendance.objects.create(
        organisation=world.organisation, meeting=meeting, member=term, status="present"
    )
    response = client_for(world.councillor).get(reverse("boards:my_attendance"))
    page = response.content.decode()
    assert response.status_code == 200
    assert board.name in page and "100% of 1 meeting" in page
    assert "Someone Else" not in page


# Declarations -------------------------------------------------------------------------------


def test_a_declaration_is_recorded_against_an_item_and_can_be_deleted(board, clerk):
    meeting = meeting_with_items(board, at(2018, 9, 25), ["Foster care recruitment"])
    item = meeting.items.get()
    member = BoardMemberFactory(board=board, name="Cllr Ada Thorne", start_date=date(2017, 1, 1))
    url = reverse("boards:declaration_create", args=[meeting.pk])

    response = clerk.post(url, {"member": member.pk, "item": item.pk, "kind": "personal"})
    assert response.status_code == 200
    assert "Enter the declaration as it should be minuted" in response.content.decode()

    response = clerk.post(
        url,
        {"member": member.pk, "item": item.pk, "kind": "personal", "words": "Is a foster carer."},
    )
    assert response.status_code == 302
    declaration = Declaration.objects.get(meeting=meeting)
    assert (declaration.member, declaration.item, declaration.kind) == (member, item, "personal")
    minutes_page = clerk.get(reverse("boards:minutes", args=[meeting.pk])).content.decode()
    assert "Is a foster carer." in minutes_page

    clerk.post(reverse("boards:declaration_delete", args=[declaration.pk]))
    assert not Declaration.objects.filter(meeting=meeting).exists()


# Minutes and their numbers ------------------------------------------------------------------


def test_saving_the_minutes_gives_every_item_a_minute_numbered_on_from_the_board_setting(
    board, clerk
):
    meeting = meeting_with_items(board, at(2018, 9, 25), SEPTEMBER)
    items = list(meeting.items.all())
    data = {f"i{item.pk}-text": "" for item in items}
    data[f"i{items[0].pk}-text"] = "No apologies were received."
    data[f"i{items[5].pk}-text"] = "The Board received a presentation."
    data[f"i{items[5].pk}-resolutions"] = (
        "Resolved: That the Board note the difficulties of foster care recruitment.\n\n"
        "That the Board ask for a further update."
    )
    url = reverse("boards:minutes", args=[meeting.pk])
    response = clerk.post(url, {**data, **loaded(clerk, url)})
    assert response.status_code == 302

    assert numbers(meeting) == list(range(28, 36))
    minute = items[5].minute
    assert [r.text for r in minute.resolutions.all()] == [
        "That the Board note the difficulties of foster care recruitment.",
        "That the Board ask for a further update.",
    ]
    page = clerk.get(reverse("boards:minutes", args=[meeting.pk])).content.decode()
    assert "28. APOLOGIES FOR ABSENCE" in page and "33. FOSTER CARE RECRUITMENT" in page

    # Fewer lines next time: the extra resolution goes.
    data[f"i{items[5].pk}-resolutions"] = "That the Board note the report."
    clerk.post(url, {**data, **loaded(clerk, url)})
    assert [r.text for r in minute.resolutions.all()] == ["That the Board note the report."]


def test_the_minutes_form_suggests_the_usual_wording_for_procedural_items(world, board, clerk):
    july = meeting_with_items(board, at(2018, 7, 13), ["Apologies"])
    meeting = meeting_with_items(board, at(2018, 9, 25), [])
    for position, kind in enumerate(
        [AgendaItem.Kind.APOLOGIES, AgendaItem.Kind.PREVIOUS_MINUTES, AgendaItem.Kind.DEPUTATIONS]
    ):
        AgendaItemFactory(meeting=meeting, position=position, kind=kind, title=kind.label)
    member = BoardMemberFactory(board=board, name="Cllr Ada Thorne", start_date=date(2017, 1, 1))
    Attendance.objects.create(
        organisation=world.organisation, meeting=meeting, member=member, status="present"
    )
    minute_all(july)
    july.status, july.minutes_approved_at = Meeting.Status.MINUTES_APPROVED, meeting
    july.save()  # agreed at this meeting (issue 12: only then does it say "agreed")
    page = clerk.get(reverse("boards:minutes", args=[meeting.pk])).content.decode()
    assert "No apologies were received." in page
    assert "The minutes of the meeting held on 13 July 2018 were agreed." in page
    assert "There were no deputations received." in page
    assert july.pk  # the previous meeting is found by date, not by position


def test_exempt_items_minutes_are_marked_not_for_publication(board, clerk):
    meeting = meeting_with_items(board, at(2018, 9, 25), [])
    AgendaItemFactory(
        meeting=meeting, title="Placement of a named child", exempt=True, exempt_paragraph=1
    )
    page = clerk.get(reverse("boards:minutes", args=[meeting.pk])).content.decode()
    assert "Not for publication" in page


def test_numbering_is_continuous_across_meetings(board):
    september = meeting_with_items(board, at(2018, 9, 25), SEPTEMBER)
    december = meeting_with_items(board, at(2018, 12, 3), ["Apologies", "Bright Spots survey"])
    minute_all(december)
    minute_all(september)
    assert numbers(september) == list(range(28, 36))
    assert numbers(december) == [36, 37]


def test_numbering_stays_continuous_when_an_earlier_or_later_meeting_is_added(board, clerk):
    september = meeting_with_items(board, at(2018, 9, 25), SEPTEMBER)
    minute_all(september)

    # A later meeting's minutes run on.
    december = meeting_with_items(board, at(2018, 12, 3), ["Apologies", "Bright Spots survey"])
    items = list(december.items.all())
    url = reverse("boards:minutes", args=[december.pk])
    clerk.post(url, {**loaded(clerk, url), **{f"i{item.pk}-text": "Noted." for item in items}})
    assert numbers(december) == [36, 37]

    # An earlier meeting, added afterwards, takes its place in the sequence.
    july = meeting_with_items(board, at(2018, 7, 13), ["Apologies", "Annual report"])
    items = list(july.items.all())
    url = reverse("boards:minutes", args=[july.pk])
    clerk.post(url, {**loaded(clerk, url), **{f"i{item.pk}-text": "Noted." for item in items}})
    assert numbers(july) == [28, 29]
    assert numbers(september) == list(range(30, 38))
    assert numbers(december) == [38, 39]
    assert_continuous(board)


def test_numbering_stays_continuous_when_a_meeting_is_cancelled(board):
    july = meeting_with_items(board, at(2018, 7, 13), ["Apologies", "Annual report"])
    september = meeting_with_items(board, at(2018, 9, 25), SEPTEMBER)
    december = meeting_with_items(board, at(2018, 12, 3), ["Apologies", "Bright Spots survey"])
    for meeting in (july, september, december):
        minute_all(meeting)

    september.status = Meeting.Status.CANCELLED
    september.save()
    minutes_renumber(board=board)

    assert numbers(july) == [28, 29]
    assert numbers(september) == [None] * len(SEPTEMBER)
    assert numbers(december) == [30, 31]
    assert_continuous(board)


def test_numbering_stays_continuous_when_items_are_reordered(board):
    september = meeting_with_items(board, at(2018, 9, 25), SEPTEMBER)
    december = meeting_with_items(board, at(2018, 12, 3), ["Apologies", "Bright Spots survey"])
    minute_all(september)
    minute_all(december)
    foster_moves = september.items.get(title="Foster placement moves")
    recruitment = september.items.get(title="Foster care recruitment")
    assert (recruitment.minute.number, foster_moves.minute.number) == (33, 34)

    foster_moves.position, recruitment.position = recruitment.position, foster_moves.position
    foster_moves.save()
    recruitment.save()
    minutes_renumber(board=board)

    foster_moves.minute.refresh_from_db()
    recruitment.minute.refresh_from_db()
    assert (foster_moves.minute.number, recruitment.minute.number) == (33, 34)
    assert numbers(december) == [36, 37]
    assert_continuous(board)


def test_items_without_minutes_take_no_number(board):
    meeting = meeting_with_items(board, at(2018, 9, 25), ["Apologies", "Not reached", "Report"])
    first, _, last = meeting.items.all()
    MinuteFactory(item=first)
    MinuteFactory(item=last)
    minutes_renumber(board=board)
    assert [m.number for m in Minute.objects.filter(item__meeting=meeting)] == [28, 29]


def test_approved_minutes_keep_their_numbers(board):
    september = meeting_with_items(board, at(2018, 9, 25), SEPTEMBER)
    december = meeting_with_items(board, at(2018, 12, 3), ["Apologies", "Bright Spots survey"])
    minute_all(september)
    minute_all(december)
    september.status = Meeting.Status.MINUTES_APPROVED
    september.minutes_approved_at = december
    september.save()

    # An earlier meeting minuted afterwards must not renumber the approved record.
    july = meeting_with_items(board, at(2018, 7, 13), ["Apologies", "Annual report"])
    minute_all(july)
    # Nor may reordering the approved meeting's items.
    items = list(september.items.all())
    items[0].position, items[-1].position = 99, 0
    items[0].save()
    items[-1].save()
    minutes_renumber(board=board)

    assert sorted(numbers(september)) == list(range(28, 36))
    assert september.items.get(title="Apologies for absence").minute.number == 28
    everything = all_numbers(board)
    assert len(everything) == len(set(everything)), "no number is given twice"
    # The earlier meeting's minutes run on after the highest frozen number.
    assert numbers(july) == [36, 37]
    assert numbers(december) == [38, 39]


# Issue 9, defect 11: numbers follow meeting order; a published number never changes ----------


def save_minutes(clerk, meeting, **extra):
    """The clerk saves a minute for every item of `meeting` through the minutes page."""
    url = reverse("boards:minutes", args=[meeting.pk])
    data = {f"i{item.pk}-text": "Noted." for item in meeting.items.all()}
    data.update(extra)
    return clerk.post(url, {**loaded(clerk, url), **data}, follow=True)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def titles(count):
    return [f"Item {n}" for n in range(1, count + 1)]


@pytest.fixture
def board_at_36(world):
    return BoardFactory(organisation=world.organisation, first_minute_number=36)


def test_a_published_draft_keeps_its_numbers_when_an_older_meeting_is_minuted(board_at_36, clerk):
    # Reported: 2026's published draft minutes 36-45 silently became 50-59.
    recent = meeting_with_items(board_at_36, at(2026, 3, 10), titles(10))
    save_minutes(clerk, recent)
    assert numbers(recent) == list(range(36, 46))
    clerk.post(reverse("boards:minutes_publish", args=[recent.pk]))

    old = meeting_with_items(board_at_36, at(2018, 9, 25), titles(14))
    response = save_minutes(clerk, old)

    assert numbers(recent) == list(range(36, 46)), "published numbers never change"
    assert numbers(old) == list(range(46, 60)), "the late minutes take the next free numbers"
    told = " ".join(messages_of(response))
    assert "numbered 46 to 59" in told and "10 March 2026" in told
    assert "published" in told and "never change" in told


def test_approved_minutes_keep_their_numbers_and_the_clerk_is_told_why_an_older_meeting_follows(
    board_at_36, clerk
):
    # Reported: 2018's minutes were put after 2026's (46-59 after 36-45) without a word.
    recent = meeting_with_items(board_at_36, at(2026, 3, 10), titles(10))
    later = meeting_with_items(board_at_36, at(2026, 6, 2), ["Apologies"])
    save_minutes(clerk, recent)
    clerk.post(reverse("boards:minutes_approve", args=[recent.pk]), {"approved_at": later.pk})

    old = meeting_with_items(board_at_36, at(2018, 9, 25), titles(14))
    response = save_minutes(clerk, old)

    assert numbers(recent) == list(range(36, 46))
    assert numbers(old) == list(range(46, 60))
    told = " ".join(messages_of(response))
    assert "numbered 46 to 59" in told and "10 March 2026" in told and "approved" in told


def test_unpublished_draft_minutes_follow_meeting_order(board_at_36, clerk):
    recent = meeting_with_items(board_at_36, at(2026, 3, 10), titles(10))
    save_minutes(clerk, recent)
    old = meeting_with_items(board_at_36, at(2018, 9, 25), titles(14))
    response = save_minutes(clerk, old)
    assert numbers(old) == list(range(36, 50))
    assert numbers(recent) == list(range(50, 60))  # a draft nobody has seen may move
    assert not any("never change" in m for m in messages_of(response))


def test_a_late_minute_in_published_minutes_takes_the_next_free_number(board, clerk):
    september = meeting_with_items(board, at(2018, 9, 25), ["Apologies", "Not reached", "Report"])
    first, _not_reached, last = september.items.all()
    MinuteFactory(item=first)
    MinuteFactory(item=last)
    minutes_renumber(board=board)
    december = meeting_with_items(board, at(2018, 12, 3), ["Apologies", "Bright Spots"])
    minute_all(december)
    assert numbers(december) == [30, 31]
    clerk.post(reverse("boards:minutes_publish", args=[september.pk]))
    assert [Minute.objects.get(item=i).number for i in (first, last)] == [28, 29]

    response = save_minutes(clerk, september)

    assert numbers(september) == [28, 30, 29]  # the published 28 and 29 stay
    assert numbers(december) == [31, 32]  # an unpublished draft runs on after
    told = " ".join(messages_of(response))
    assert "Minute 30" in told and "never change" in told


def test_a_meeting_whose_minutes_are_published_cannot_be_cancelled(board, clerk):
    september = meeting_with_items(board, at(2018, 9, 25), ["Apologies"])
    minute_all(september)
    clerk.post(reverse("boards:minutes_publish", args=[september.pk]))
    response = clerk.post(reverse("boards:meeting_cancel", args=[september.pk]), follow=True)
    assert any("minutes are published" in m for m in messages_of(response))
    september.refresh_from_db()
    assert september.status == Meeting.Status.HELD
    assert numbers(september) == [28]


# Approval, locking and corrections ----------------------------------------------------------


def test_minutes_are_approved_at_the_next_meeting_then_refuse_edits(board, clerk):
    september = meeting_with_items(board, at(2018, 9, 25), ["Apologies", "Foster care"])
    december = MeetingFactory(board=board, starts_at=at(2018, 12, 3))
    minute_all(september)
    item = september.items.get(title="Foster care")

    page = clerk.get(reverse("boards:minutes_approve", args=[september.pk]))
    assert page.context["form"]["approved_at"].value() == december.pk  # the next one by default

    response = clerk.post(
        reverse("boards:minutes_approve", args=[september.pk]), {"approved_at": december.pk}
    )
    assert response.status_code == 302
    september.refresh_from_db()
    assert september.status == Meeting.Status.MINUTES_APPROVED
    assert september.minutes_approved_at == december

    response = clerk.post(
        reverse("boards:minutes", args=[september.pk]),
        {f"i{item.pk}-text": "Rewritten after the event."},
    )
    assert response.status_code == 403
    assert "record a correction" in response.content.decode()
    item.minute.refresh_from_db()
    assert item.minute.text == "Noted."

    page = clerk.get(reverse("boards:minutes", args=[september.pk])).content.decode()
    assert "<textarea" not in page
    assert "Approved at the meeting of 3 December 2018" in page
    assert reverse("boards:minute_correct", args=[item.minute.pk]) in page


def test_approval_must_be_at_a_later_meeting_of_the_same_board(world, board, clerk):
    september = meeting_with_items(board, at(2018, 9, 25), ["Apologies"])
    minute_all(september)
    july = MeetingFactory(board=board, starts_at=at(2018, 7, 13))
    cancelled = MeetingFactory(
        board=board, starts_at=at(2018, 11, 1), status=Meeting.Status.CANCELLED
    )
    other_board = MeetingFactory(
        board=BoardFactory(organisation=world.organisation, name="Fostering Panel"),
        starts_at=at(2018, 12, 3),
    )
    url = reverse("boards:minutes_approve", args=[september.pk])
    for wrong in (july, cancelled, other_board):
        response = clerk.post(url, {"approved_at": wrong.pk})
        assert response.status_code == 200
        assert "Select a later meeting of this board, not cancelled" in response.content.decode()
    september.refresh_from_db()
    assert september.status == Meeting.Status.HELD
    assert september.minutes_approved_at is None


def test_approval_is_only_at_a_later_meeting_that_has_been_held_or_is_held_today(board, clerk):
    # Reported: minutes could be approved "at the meeting of 10 April 2030".
    september = meeting_with_items(board, at(2018, 9, 25), ["Apologies"])
    minute_all(september)
    future = MeetingFactory(board=board, starts_at=at(2030, 4, 10))
    today = MeetingFactory(
        board=board,
        starts_at=timezone.make_aware(datetime.combine(timezone.localdate(), time(23, 59))),
    )
    url = reverse("boards:minutes_approve", args=[september.pk])

    offered = clerk.get(url).context["form"].fields["approved_at"].queryset
    assert list(offered) == [today]

    response = clerk.post(url, {"approved_at": future.pk})
    assert response.status_code == 200
    assert "has been held, or is being held today" in response.content.decode()
    september.refresh_from_db()
    assert september.status == Meeting.Status.HELD and september.minutes_approved_at is None

    with pytest.raises(ValidationError, match="10 April 2030 has not been held yet"):
        approve(meeting=september, approved_at=future)

    assert clerk.post(url, {"approved_at": today.pk}).status_code == 302
    september.refresh_from_db()
    assert september.minutes_approved_at == today


def test_with_no_later_meeting_held_yet_the_clerk_is_told(board, clerk):
    september = meeting_with_items(board, at(2018, 9, 25), ["Apologies"])
    minute_all(september)
    MeetingFactory(board=board, starts_at=at(2030, 4, 10))
    response = clerk.get(reverse("boards:minutes_approve", args=[september.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("boards:minutes", args=[september.pk])
    assert "No later meeting of this board has been held yet" in response.content.decode()


def test_the_public_page_shows_a_correction_with_its_reason_and_paragraphs(world, board, clerk):
    september = meeting_with_items(
        board, at(2018, 9, 25), ["Apologies"], status=Meeting.Status.MINUTES_APPROVED
    )
    september.agenda_published_at = september.minutes_published_at = at(2018, 10, 1)
    september.save()
    minute = MinuteFactory(item=september.items.get(), number=28, text="No apologies.")
    response = clerk.post(
        reverse("boards:minute_correct", args=[minute.pk]),
        {
            "text": "Apologies were received from Cllr Ben Oakes.\n\nCllr Oakes sent <b>notes</b>.",
            "reason": "Agreed at the meeting of 3 December 2018",
        },
    )
    assert response.status_code == 302

    page = (
        Client()
        .get(reverse("boards_public:meeting", args=[world.organisation.slug, september.pk]))
        .content.decode()
    )
    assert "Agreed at the meeting of 3 December 2018" in page
    assert "<p>Apologies were received from Cllr Ben Oakes.</p>" in page
    assert "<p>Cllr Oakes sent &lt;b&gt;notes&lt;/b&gt;.</p>" in page  # escaped, not run together


def test_a_correction_to_approved_minutes_is_recorded_and_shown_with_its_reason(
    world, board, clerk
):
    september = meeting_with_items(
        board, at(2018, 9, 25), ["Apologies"], status=Meeting.Status.MINUTES_APPROVED
    )
    minute = MinuteFactory(item=september.items.get(), number=28, text="No apologies.")
    ResolutionFactory(minute=minute, text="That the Board note the apologies.")
    url = reverse("boards:minute_correct", args=[minute.pk])

    response = clerk.post(url, {"text": "No apologies.", "reason": ""})
    page = response.content.decode()
    assert "Change the wording" in page and "Enter the reason for the correction" in page

    response = clerk.post(
        url,
        {
            "text": "Apologies were received from Cllr Ben Oakes.",
            "reason": "Agreed at the meeting of 3 December 2018",
        },
    )
    assert response.status_code == 302
    correction = MinuteCorrection.objects.get(minute=minute)
    assert correction.made_by == world.clerk
    minute.refresh_from_db()
    assert minute.text == "No apologies."  # the original stays

    page = clerk.get(reverse("boards:minutes", args=[september.pk])).content.decode()
    assert "Agreed at the meeting of 3 December 2018" in page
    assert f"Corrected on {timezone.localdate():%-d %B %Y}" in page
    assert "Apologies were received from Cllr Ben Oakes." in page
    assert "No apologies." in page


def test_draft_minutes_are_changed_directly_not_corrected(board, clerk):
    meeting = meeting_with_items(board, at(2018, 9, 25), ["Apologies"])
    minute = MinuteFactory(item=meeting.items.get())
    response = clerk.post(
        reverse("boards:minute_correct", args=[minute.pk]), {"text": "x", "reason": "y"}
    )
    assert response.status_code == 302
    assert not MinuteCorrection.objects.exists()


def test_draft_minutes_can_be_published_marked_as_draft(board, clerk):
    meeting = meeting_with_items(board, at(2018, 9, 25), ["Apologies"])
    minute_all(meeting)
    response = clerk.post(reverse("boards:minutes_publish", args=[meeting.pk]), follow=True)
    meeting.refresh_from_db()
    assert meeting.minutes_published_at is not None
    assert "draft minutes, not yet approved" in response.content.decode()


def test_another_organisations_meeting_is_not_found(world, board):
    meeting = meeting_with_items(board, at(2018, 9, 25), ["Apologies"])
    outsider = client_for(world.outsiders["clerk"])
    for name in ("boards:minutes", "boards:attendance", "boards:declaration_create"):
        assert outsider.get(reverse(name, args=[meeting.pk])).status_code == 404
    assert outsider.post(reverse("boards:minutes_publish", args=[meeting.pk])).status_code == 404


def test_approved_minutes_also_lock_attendance_and_declarations(world, board, clerk):
    meeting = meeting_with_items(
        board, at(2018, 9, 25), ["Apologies"], status=Meeting.Status.MINUTES_APPROVED
    )
    member = BoardMemberFactory(board=board, name="Cllr Ada Thorne", start_date=date(2017, 1, 1))
    Attendance.objects.create(
        organisation=world.organisation, meeting=meeting, member=member, status="present"
    )
    response = clerk.post(
        reverse("boards:attendance", args=[meeting.pk]), {f"m{member.pk}-status": "absent"}
    )
    assert response.status_code == 403
    assert Attendance.objects.get(meeting=meeting).status == "present"
    response = clerk.post(
        reverse("boards:declaration_create", args=[meeting.pk]),
        {"member": member.pk, "kind": "personal", "words": "Late declaration."},
    )
    assert response.status_code == 403
    assert not Declaration.objects.exists()
