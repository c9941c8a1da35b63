"""The demo board: seed 003's membership, seed 002's meetings and work programme, fictional
people only."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from boards import demo as board_demo
from boards.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    Board,
    BoardMember,
    Meeting,
    Minute,
    Resolution,
    RollingItem,
    WorkProgrammeEntry,
)
from corporate_parenting.models import Organisation

pytestmark = pytest.mark.django_db

# Real people named in seeds 002 and 003: councillors, co-opted Care Ambassadors, the chief
# executive and report authors. None may appear anywhere in the demo board.
SEED_NAMES = [
    "John Coughlan",
    "Coughlan",
    "Roz Chadd",
    "Chadd",
    "Ann Briggs",
    "Briggs",
    "Malcolm Wade",
    "Dan Busby",
    "Busby",
    "Shannon Nicholls",
    "Shannon",
    "Nicholls",
    "Carla Wright",
    "Carla",
    "Wright",
    "Jane Stevens",
    "Stevens",
    "Laura Mallinson",
    "Mallinson",
    "Moira Smyth",
    "Smyth",
    "Steph How",
    "Charlotte Slinger",
    "Slinger",
    "Fran Carpenter",
    "Carpenter",
    "Stephen Philpott",
    "Philpott",
    "Jackie Porter",
    "Porter",
    "Patricia Stallard",
    "Stallard",
    "Elaine Still",
    "Robert Taylor",
    "Taylor",
    "Cheriel",
    "Emma",
]

DECEMBER_TITLES = [
    "Apologies for absence",
    "Declarations of interest",
    "Minutes of previous meeting held on 25 September 2018",
    "Deputations",
    "Chairman's announcements",
    "Bright Spots survey of children in care",
    "South East DCS peer challenge of care leaver service",
    "Participation update",
    "Overview of participation conference",
    "Ofsted focused visit published letter",
    "Corporate Parenting Board - annual report",
    "Feedback from members' workshop (verbal update only)",
    "Work programme",
]


@pytest.fixture
def board(settings):
    settings.DEBUG = True
    call_command("load_demo")
    organisation = Organisation.objects.get(slug="hampshire-demo")
    return Board.objects.for_organisation(organisation).get()


def meeting_on(board, day):
    return next(m for m in board.meetings.all() if timezone.localtime(m.starts_at).date() == day)


def test_the_demo_board_is_the_seeds_corporate_parenting_board(board):
    assert board.name == "Corporate Parenting Board"
    assert board.parent_body == "a sub-committee of the Children and Families Advisory Panel"
    assert board.quorum == 3
    assert board.usual_venue == "Chute Room, EII South, Winchester"
    assert board.enquiries_contact == "members.services@example.org"
    assert "Care Ambassadors" in board.terms_of_reference
    assert board.first_minute_number == 28


def test_membership_has_councillors_coopted_invitees_and_advisers_over_time(board):
    members = board.members.all()
    on = date(2021, 1, 1)
    current = [m for m in members if m.is_current(on)]
    councillors = [
        m for m in current if m.kind == BoardMember.Kind.COUNCILLOR and m.role != "substitute"
    ]
    assert len(councillors) == 9
    assert all(m.political_group for m in councillors)
    assert sum(m.role == BoardMember.Role.CHAIR for m in councillors) == 1
    assert sum(m.role == BoardMember.Role.VICE_CHAIR for m in councillors) == 1
    substitutes = [m for m in current if m.role == BoardMember.Role.SUBSTITUTE]
    assert {m.political_group for m in substitutes} == {m.political_group for m in councillors}
    assert all(
        m.represents == "Care Ambassadors" and " " not in m.name
        for m in members
        if m.kind == BoardMember.Kind.COOPTED
    )
    represents = {m.represents for m in members if m.kind == BoardMember.Kind.ADVISER}
    assert {"Police", "Designated Nurse for Children in Care"} <= represents
    assert any("Virtual School" in r for r in represents)
    assert members.filter(kind=BoardMember.Kind.STANDING_INVITEE).exists()
    # History: terms that ended.
    assert members.exclude(end_date=None).count() >= 3

    chair = members.get(user__email="councillor@example.org")
    assert (chair.name, chair.role, chair.end_date) == ("Cllr Helen Morris", "chair", None)
    coopted = members.get(user__email="coopted@example.org")
    assert coopted.kind == BoardMember.Kind.COOPTED and coopted.is_current()


def test_december_2018_meeting_has_the_seeds_agenda_in_order(board):
    december = meeting_on(board, date(2018, 12, 3))
    assert december.status == Meeting.Status.AGENDA_PUBLISHED
    assert december.agenda_published_at is not None
    assert timezone.localtime(december.starts_at).hour == 14
    assert december.venue == "Chute Room, EII South, Winchester"
    items = list(december.items.all())
    assert len(items) >= 13
    assert [i.title for i in items[:13]] == DECEMBER_TITLES
    # The exclusion of the press and public, before the exempt item, is left unnumbered.
    numbered = [i for i in items if i.kind != AgendaItem.Kind.EXCLUSION]
    assert [i.number for i in numbered] == [str(n) for n in range(1, len(numbered) + 1)]
    assert [i.kind for i in items[-2:]] == [AgendaItem.Kind.EXCLUSION, AgendaItem.Kind.REPORT]
    assert items[-1].exempt
    kinds = [i.kind for i in items[:13]]
    assert kinds[:5] == [
        AgendaItem.Kind.APOLOGIES,
        AgendaItem.Kind.DECLARATIONS,
        AgendaItem.Kind.PREVIOUS_MINUTES,
        AgendaItem.Kind.DEPUTATIONS,
        AgendaItem.Kind.ANNOUNCEMENTS,
    ]
    assert kinds[11:] == [AgendaItem.Kind.VERBAL, AgendaItem.Kind.WORK_PROGRAMME]
    assert items[5].purpose.startswith("To receive a report from the Director of Children's")
    assert items[5].presenter == "Director of Children's Services"
    # Seed 002's own items are all public; the one exempt item is invented for the demo.
    exempt = [i for i in items if i.exempt]
    assert len(exempt) == 1 and exempt[0] not in items[:13]
    assert exempt[0].exempt_paragraph in (1, 2)


def test_september_2018_minutes_are_numbered_28_to_35_and_approved_in_december(board):
    september = meeting_on(board, date(2018, 9, 25))
    december = meeting_on(board, date(2018, 12, 3))
    assert september.status == Meeting.Status.MINUTES_APPROVED
    assert september.minutes_locked
    assert september.minutes_approved_at == december
    assert september.minutes_published_at is not None
    items = list(september.items.all())
    assert [i.number for i in items] == [str(n) for n in range(1, 9)]
    minutes = list(Minute.objects.filter(item__meeting=september).order_by("number"))
    assert [m.number for m in minutes] == list(range(28, 36))
    assert [m.item for m in minutes] == items
    assert minutes[0].text == "No apologies were received."
    assert "13 July 2018" in minutes[2].text
    resolutions = Resolution.objects.filter(minute__item__meeting=september)
    assert resolutions.count() == 2
    assert all(r.text.startswith("That the Corporate Parenting Board note") for r in resolutions)
    assert str(resolutions.first()).startswith("Resolved: ")
    statuses = {a.member.name: a.status for a in september.attendance.select_related("member")}
    assert list(statuses.values()).count(Attendance.Status.PRESENT) == 4
    assert statuses["Cllr Helen Morris"] == Attendance.Status.PRESENT
    assert Attendance.Status.APOLOGIES not in statuses.values()  # "No apologies were received."


def test_actions_arising_one_done_by_the_chair_and_one_open_soon(board):
    actions = Action.objects.for_organisation(board.organisation).filter(board=board)
    thank = actions.get(description__startswith="The Chairman to write to the young people")
    assert thank.owner.email == "councillor@example.org"
    assert thank.status == Action.Status.DONE
    assert thank.meeting == meeting_on(board, date(2018, 9, 25))
    today = timezone.localdate()
    soon = [a for a in actions.open() if today < a.due_date <= today + timedelta(days=14)]
    assert soon and all(a.owner for a in soon)
    assert ActionUpdate.objects.filter(action__board=board).exists()


def test_the_2019_work_programme_with_standing_rolling_items_and_workshops(board):
    standing = RollingItem.objects.filter(board=board, every_meeting=True)
    assert set(standing.values_list("title", flat=True)) == set(board_demo.STANDING)
    rolling = RollingItem.objects.filter(board=board, every_meeting=False)
    assert set(rolling.values_list("cycle_months", flat=True)) == {6, 12}
    assert rolling.filter(title__contains="Care Leavers Service", cycle_months=6).exists()
    assert rolling.filter(title__contains="Children in Care Service", cycle_months=6).exists()

    meetings_2019 = board.meetings.filter(starts_at__year=2019)
    assert sorted(timezone.localtime(m.starts_at).month for m in meetings_2019) == [3, 6, 9, 12]
    entries = WorkProgrammeEntry.objects.filter(board=board)
    for meeting in meetings_2019:
        planned = entries.filter(meeting=meeting)
        assert planned.filter(kind=WorkProgrammeEntry.Kind.STANDING).count() == 4
        assert planned.filter(kind=WorkProgrammeEntry.Kind.ROLLING).exists()
    march = meetings_2019.get(starts_at__month=3)
    assert entries.filter(meeting=march, kind=WorkProgrammeEntry.Kind.ONE_OFF).count() == 2

    workshops = entries.filter(kind=WorkProgrammeEntry.Kind.WORKSHOP, workshop_date__year=2019)
    assert {w.workshop_date.month for w in workshops} == {1, 2, 4, 5, 7, 8, 10, 11}
    assert all(w.who and w.purpose and w.workshop_date.weekday() < 5 for w in workshops)
    january = workshops.filter(workshop_date__month=1)
    assert january.filter(title__startswith="CPB meet original group of young people").exists()
    assert all(w.workshop_date.day <= 3 for w in workshops)
    december = meeting_on(board, date(2018, 12, 3))
    on_agenda = entries.filter(meeting=december, status=WorkProgrammeEntry.Status.ON_AGENDA)
    assert on_agenda.count() >= 5
    assert all(e.agenda_item.meeting == december for e in on_agenda)


def test_four_upcoming_meetings_in_the_next_twelve_months(board):
    now = timezone.now()
    upcoming = list(board.meetings.upcoming())
    assert len(upcoming) == 4
    for meeting in upcoming:
        local = timezone.localtime(meeting.starts_at)
        assert local.hour == 14 and local.minute == 0
        assert meeting.status == Meeting.Status.SCHEDULED
        assert meeting.venue == board.usual_venue
        assert meeting.starts_at <= now + timedelta(days=366)
    assert WorkProgrammeEntry.objects.filter(meeting=upcoming[0]).exists()


def test_upcoming_dates_stay_within_a_year_from_any_day():
    for today in (date(2025, 1, 31), date(2025, 11, 30), date(2024, 2, 29), date(2025, 12, 31)):
        days = board_demo.upcoming_dates(today)
        assert len(days) == 4 and days == sorted(days)
        assert today < days[0] and days[-1] < today + timedelta(days=366)


def test_loading_twice_changes_nothing(board):
    models = [
        Board,
        BoardMember,
        Meeting,
        AgendaItem,
        Attendance,
        Minute,
        Resolution,
        Action,
        ActionUpdate,
        RollingItem,
        WorkProgrammeEntry,
    ]

    def counts():
        return [m.objects.for_organisation(board.organisation).count() for m in models]

    before = counts()
    call_command("load_demo")
    assert counts() == before


def test_no_real_person_from_the_seeds_is_named(board):
    organisation = board.organisation
    texts = [board.terms_of_reference, board.enquiries_contact]
    texts += BoardMember.objects.for_organisation(organisation).values_list("name", flat=True)
    texts += Minute.objects.for_organisation(organisation).values_list("text", flat=True)
    texts += Resolution.objects.for_organisation(organisation).values_list("text", flat=True)
    for item in AgendaItem.objects.for_organisation(organisation):
        texts += [item.title, item.purpose, item.presenter]
    for action in Action.objects.for_organisation(organisation):
        texts += [action.description, action.owner_name]
    texts += ActionUpdate.objects.for_organisation(organisation).values_list("text", flat=True)
    for entry in WorkProgrammeEntry.objects.for_organisation(organisation):
        texts += [entry.title, entry.who, entry.purpose]
    assert len(texts) > 100
    for text in texts:
        assert "hants.gov.uk" not in text, text
        for name in SEED_NAMES:
            assert name not in text, (name, text)
