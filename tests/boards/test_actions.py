"""The action log: filters, exempt-origin privacy, who may update, matters arising, reminders."""

from datetime import timedelta

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from boards import reminders
from boards.models import Action, ActionReminder, ActionUpdate, AgendaItem, WorkProgrammeEntry
from boards.tasks import send_action_reminders
from corporate_parenting.models import Membership
from corporate_parenting.roles import GRANTS, Capability, Role

from ..access import client_for
from ..edit_guard import loaded
from ..factories import (
    ActionFactory,
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
NOW = timezone.now()


@pytest.fixture
def board(world):
    return BoardFactory(organisation=world.organisation, name="Corporate Parenting Board")


def meeting_of(board, days_from_now=0):
    return MeetingFactory(board=board, starts_at=NOW + timedelta(days=days_from_now))


def action_on(meeting, description, *, exempt=False, **kwargs):
    item = AgendaItemFactory(meeting=meeting, exempt=exempt, exempt_paragraph=1 if exempt else None)
    return ActionFactory(meeting=meeting, item=item, description=description, **kwargs)


def log(user, **params):
    response = client_for(user).get(reverse("boards:actions"), params)
    assert response.status_code == 200
    return response.content.decode()


# The log and its filters ------------------------------------------------------------------


def test_the_log_shows_open_and_in_progress_actions_by_default(world, board):
    meeting = meeting_of(board, -30)
    action_on(meeting, "Write to the young people")
    action_on(meeting, "Visit the children's home", status=Action.Status.IN_PROGRESS)
    action_on(meeting, "Circulate the survey", status=Action.Status.DONE)
    action_on(meeting, "Invite the police lead", status=Action.Status.DROPPED)

    page = log(world.councillor)
    assert "Write to the young people" in page
    assert "Visit the children&#x27;s home" in page
    assert "Circulate the survey" not in page
    assert "Invite the police lead" not in page

    done = log(world.councillor, status="done")
    assert "Circulate the survey" in done and "Write to the young people" not in done
    everything = log(world.councillor, status="all")
    for words in ("Write to the young people", "Circulate the survey", "Invite the police lead"):
        assert words in everything


def test_the_log_filters_by_board_owner_and_overdue(world, board):
    other_board = BoardFactory(organisation=world.organisation, name="Care Leavers Panel")
    meeting = meeting_of(board, -30)
    action_on(
        meeting,
        "Overdue letter",
        owner=world.councillor,
        owner_name="Cllr Ada Lovelace",
        due_date=TODAY - timedelta(days=2),
    )
    action_on(meeting, "Future report", owner_name="Director", due_date=TODAY + timedelta(days=9))
    action_on(meeting_of(other_board, -10), "Panel visit", owner_name="Director")

    by_board = log(world.clerk, board=other_board.pk)
    assert "Panel visit" in by_board and "Future report" not in by_board

    mine = log(world.councillor, owner="me")
    assert "Overdue letter" in mine and "Future report" not in mine

    by_name = log(world.clerk, owner="Director")
    assert "Future report" in by_name and "Panel visit" in by_name
    assert "Overdue letter" not in by_name

    overdue = log(world.clerk, overdue="on")
    assert "Overdue letter" in overdue and "Future report" not in overdue
    assert ">Overdue</strong>" in overdue  # in words, not colour alone
    filters = overdue.split('data-testid="action-filters"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" not in filters  # a GET form: no token in the address


def test_the_log_shows_where_each_action_arose(world, board):
    meeting = meeting_of(board, -30)
    action = action_on(meeting, "Write to the young people")
    page = log(world.councillor)
    assert str(action.item) in page
    assert timezone.localtime(meeting.starts_at).strftime("%-d %B %Y") in page
    assert action.get_absolute_url() in page


def test_a_filter_value_that_is_not_offered_is_reported_and_the_default_used(world, board):
    action_on(meeting_of(board, -30), "Write to the young people")
    page = log(world.clerk, status="sideways", board="99999")
    assert "Select one of the statuses" in page
    assert "Select one of the boards" in page
    assert "Write to the young people" in page


def test_the_log_never_shows_another_councils_actions(world, board):
    elsewhere = BoardFactory(organisation=world.other_organisation)
    action_on(meeting_of(elsewhere, -3), "Elsewhere's secret action")
    action_on(meeting_of(board, -3), "Our action")

    page = log(world.administrator, status="all")
    assert "Our action" in page and "Elsewhere" not in page
    assert "Elsewhere" not in log(world.administrator, owner="me")


# Exempt items: actions arising from them are as private as they are ----------------------


def test_actions_from_exempt_items_are_hidden_from_co_opted_members(world, board):
    meeting = meeting_of(board, -30)
    secret = action_on(meeting, "Review the placement of child A", exempt=True)
    action_on(meeting, "Write to the young people")

    page = log(world.young_member)
    assert "Write to the young people" in page
    assert "child A" not in page
    response = client_for(world.young_member).get(secret.get_absolute_url())
    assert response.status_code == 404

    for user in (world.councillor, world.officer, world.clerk, world.administrator):
        assert "child A" in log(user)
        assert client_for(user).get(secret.get_absolute_url()).status_code == 200


def test_an_action_stays_private_after_its_exempt_item_is_removed(world, board):
    meeting = meeting_of(board, 10)
    item = AgendaItemFactory(meeting=meeting, exempt=True, exempt_paragraph=1)
    client_for(world.clerk).post(
        reverse("boards:action_create", args=[meeting.pk]),
        {"item": item.pk, "description": "Review the placement of child A", "owner_name": "Head"},
    )
    client_for(world.clerk).post(reverse("boards:item_delete", args=[item.pk]))
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert "child A" not in log(world.young_member)
    assert "child A" in log(world.clerk)


def test_co_opted_members_see_them_where_the_board_allows_it(world, board):
    board.coopted_see_exempt = True
    board.save()
    strict = BoardFactory(organisation=world.organisation, name="Strict Board")
    allowed = action_on(meeting_of(board, -3), "Review the placement of child A", exempt=True)
    action_on(meeting_of(strict, -3), "Review the placement of child B", exempt=True)

    page = log(world.young_member)
    assert "child A" in page and "child B" not in page
    assert client_for(world.young_member).get(allowed.get_absolute_url()).status_code == 200


def test_a_role_without_the_exempt_capability_does_not_see_them(world, board, monkeypatch):
    """Views ask for the capability, not the role: take it from councillors and they lose it."""
    monkeypatch.setitem(
        GRANTS, Capability.VIEW_EXEMPT, GRANTS[Capability.VIEW_EXEMPT] - {Role.COUNCILLOR}
    )
    secret = action_on(meeting_of(board, -3), "Review the placement of child A", exempt=True)
    assert "child A" not in log(world.councillor)
    assert client_for(world.councillor).get(secret.get_absolute_url()).status_code == 404
    assert "child A" in log(world.officer)


# One action: updates ----------------------------------------------------------------------


def update(user, action, **data):
    client = client_for(user)
    form = loaded(client, action.get_absolute_url(), required=False)  # none if read only
    return client.post(reverse("boards:action_update", args=[action.pk]), {**form, **data})


def test_the_owner_can_update_their_action(world, board):
    action = action_on(meeting_of(board, -3), "Write to the young people", owner=world.councillor)

    page = client_for(world.councillor).get(action.get_absolute_url()).content.decode()
    assert 'data-testid="action-update-form"' in page

    response = update(world.councillor, action, text="Letter drafted.", status="in_progress")
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    (entry,) = ActionUpdate.objects.filter(action=action)
    assert entry.text == "Letter drafted." and entry.by == world.councillor

    page = client_for(world.young_member).get(action.get_absolute_url()).content.decode()
    assert "Letter drafted." in page


def test_a_councillor_who_is_not_the_owner_cannot_update_it(world, board):
    other = UserFactory()
    Membership.objects.create(organisation=world.organisation, user=other, role=Role.COUNCILLOR)
    action = action_on(meeting_of(board, -3), "Write to the young people", owner=other)

    page = client_for(world.councillor).get(action.get_absolute_url()).content.decode()
    assert 'data-testid="action-update-form"' not in page  # read only
    assert update(world.councillor, action, text="Done.", status="done").status_code == 403
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    assert not ActionUpdate.objects.exists()


def test_a_clerk_can_update_any_action(world, board):
    action = action_on(meeting_of(board, -3), "Write to the young people")
    assert update(world.clerk, action, text="Sent.", status="done").status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


def test_an_incomplete_update_says_what_is_missing_and_keeps_the_words(world, board):
    action = action_on(meeting_of(board, -3), "Write to the young people", owner=world.councillor)
    response = update(world.councillor, action, text="Half written", status="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Select the action&#x27;s status" in page
    assert "Half written" in page
    assert not ActionUpdate.objects.exists()


def test_the_work_programme_button_is_offered_to_clerks_only_and_adds_the_action(world, board):
    action = action_on(meeting_of(board, -3), "Add a fostering item")
    clerk = client_for(world.clerk)
    page = clerk.get(action.get_absolute_url()).content.decode()
    councillor = client_for(world.councillor).get(action.get_absolute_url()).content.decode()
    target = reverse("boards:action_to_programme", args=[action.pk])
    assert 'data-testid="to-programme"' in page
    assert f'action="{target}"' in page
    assert 'data-testid="to-programme"' not in councillor
    assert clerk.post(target).status_code == 302
    assert WorkProgrammeEntry.objects.filter(from_action=action).exists()


# Recording an action ----------------------------------------------------------------------


def create_url(meeting):
    return reverse("boards:action_create", args=[meeting.pk])


def test_a_clerk_records_an_action_arising_from_an_item(world, board):
    meeting = meeting_of(board, -1)
    item = AgendaItemFactory(meeting=meeting, title="Participation update")
    response = client_for(world.clerk).post(
        create_url(meeting),
        {
            "item": item.pk,
            "description": "The Chairman to write to the young people to thank them.",
            "owner_name": "",
            "owner": world.councillor.pk,
            "due_date": (TODAY + timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert response.url == action.get_absolute_url()
    assert (action.board, action.meeting, action.item) == (board, meeting, item)
    assert action.owner == world.councillor
    assert action.owner_name == world.councillor.full_name  # from their account
    assert action.status == Action.Status.OPEN


def test_the_item_must_be_one_of_this_meetings(world, board):
    meeting = meeting_of(board, -1)
    AgendaItemFactory(meeting=meeting, title="Our item")
    elsewhere = AgendaItemFactory(meeting=meeting_of(board, -60), title="Earlier item")
    client = client_for(world.clerk)

    form_page = client.get(create_url(meeting)).content.decode()
    assert "Our item" in form_page and "Earlier item" not in form_page

    response = client.post(
        create_url(meeting),
        {"item": elsewhere.pk, "description": "Something kept", "owner_name": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select one of this meeting&#x27;s agenda items" in page
    assert "Enter who will do it" in page
    assert "Something kept" in page
    assert not Action.objects.exists()


def test_owners_to_choose_from_are_the_organisations_active_members(world, board):
    meeting = meeting_of(board, -1)
    Membership.objects.filter(user=world.officer).update(is_active=False)
    page = client_for(world.clerk).get(create_url(meeting)).content.decode()
    assert world.councillor.email in page
    assert f"({world.officer.email})" not in page
    assert world.outsiders["councillor"].email not in page


# Matters arising --------------------------------------------------------------------------


def render_matters_arising(meeting, user):
    request = RequestFactory().get("/")
    request.user = user
    request.membership = Membership.objects.get(user=user, organisation=meeting.organisation)
    template = Template('{% include "boards/_matters_arising.html" %}')
    return template.render(Context({"meeting": meeting, "request": request}))


def test_matters_arising_are_the_open_actions_of_earlier_meetings(world, board):
    earlier, meeting, later = meeting_of(board, -90), meeting_of(board, 0), meeting_of(board, 90)
    other_board = BoardFactory(organisation=world.organisation, name="Care Leavers Panel")
    action_on(earlier, "Carried forward open")
    action_on(earlier, "Carried forward in progress", status=Action.Status.IN_PROGRESS)
    action_on(earlier, "Finished already", status=Action.Status.DONE)
    action_on(earlier, "No longer needed", status=Action.Status.DROPPED)
    action_on(meeting, "Arising at this meeting")
    action_on(later, "Arising later")
    action_on(meeting_of(other_board, -30), "Another board's action")

    html = render_matters_arising(meeting, world.councillor)
    assert "Matters arising" in html
    assert "Carried forward open" in html and "Carried forward in progress" in html
    for absent in ("Finished", "No longer", "at this meeting", "later", "Another board"):
        assert absent not in html


def test_matters_arising_leave_out_exempt_actions_for_those_who_may_not_see_them(world, board):
    earlier, meeting = meeting_of(board, -90), meeting_of(board, 0)
    action_on(earlier, "Review the placement of child A", exempt=True)
    action_on(earlier, "Write to the young people")

    assert "child A" in render_matters_arising(meeting, world.councillor)
    young = render_matters_arising(meeting, world.young_member)
    assert "Write to the young people" in young and "child A" not in young


def test_no_matters_arising_means_nothing_is_shown(world, board):
    meeting = meeting_of(board, 0)
    action_on(meeting_of(board, -90), "Finished", status=Action.Status.DONE)
    assert render_matters_arising(meeting, world.councillor).strip() == ""


def test_matters_arising_take_one_query(world, board, django_assert_num_queries):
    from boards.selectors import matters_arising

    earlier, meeting = meeting_of(board, -90), meeting_of(board, 0)
    for n in range(5):
        action_on(earlier, f"Action {n}", owner=world.councillor)
    with django_assert_num_queries(1):
        actions = list(matters_arising(meeting))
        assert [str(a.item) for a in actions] and [a.meeting.pk for a in actions]


# Reminders --------------------------------------------------------------------------------

DUE = TODAY + timedelta(days=10)


def owned_action(world, board, owner=None, due=DUE, **kwargs):
    return action_on(
        meeting_of(board, -30),
        kwargs.pop("description", "Write to the young people"),
        owner=world.councillor if owner is None else owner,
        due_date=due,
        **kwargs,
    )


def test_running_the_schedule_twice_sends_one_email_per_action_per_due_date(world, board):
    owned_action(world, board)
    owned_action(world, board, owner=world.officer, description="Bring the fostering figures")

    assert reminders.send_due_reminders(today=DUE - timedelta(days=3)) == 2
    assert reminders.send_due_reminders(today=DUE - timedelta(days=3)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.councillor.email, world.officer.email]
    )

    assert reminders.send_due_reminders(today=DUE) == 2
    assert reminders.send_due_reminders(today=DUE) == 0
    assert len(mail.outbox) == 4
    assert ActionReminder.objects.count() == 4
    assert send_action_reminders.apply().get() == 0  # the beat task: today, nothing due


def test_one_reminder_before_the_due_date_and_one_on_it(world, board):
    owned_action(world, board)
    sent = {
        days: reminders.send_due_reminders(today=DUE - timedelta(days=days))
        for days in (5, 4, 3, 2, 1, 0, -1, -2)
    }
    assert sent == {5: 0, 4: 0, 3: 1, 2: 0, 1: 0, 0: 1, -1: 0, -2: 0}
    before, due = mail.outbox
    assert "due on" in before.subject and DUE.strftime("%-d %B %Y") in before.subject
    assert "due today" in due.subject
    kinds = set(ActionReminder.objects.values_list("kind", "due_date"))
    assert kinds == {("before", DUE), ("due", DUE)}


def test_a_missed_day_still_sends_the_before_reminder_once(world, board):
    owned_action(world, board)
    assert reminders.send_due_reminders(today=DUE - timedelta(days=2)) == 1
    assert reminders.send_due_reminders(today=DUE - timedelta(days=1)) == 0


def test_a_changed_due_date_gets_its_own_reminders(world, board):
    action = owned_action(world, board)
    assert reminders.send_due_reminders(today=DUE) == 1

    action.due_date = DUE + timedelta(days=7)
    action.save()
    assert reminders.send_due_reminders(today=DUE + timedelta(days=4)) == 1
    assert reminders.send_due_reminders(today=DUE + timedelta(days=4)) == 0
    assert reminders.send_due_reminders(today=DUE + timedelta(days=7)) == 1
    assert len(mail.outbox) == 3


def test_no_owner_account_or_an_inactive_owner_gets_no_reminder(world, board):
    action_on(meeting_of(board, -30), "No account", owner=None, due_date=DUE)
    owned_action(world, board, owner=world.officer)
    owned_action(world, board, owner=world.clerk)
    owned_action(world, board, owner=world.outsiders["councillor"])  # not a member here
    Membership.objects.filter(user=world.officer).update(is_active=False)
    world.clerk.is_active = False
    world.clerk.save()

    assert reminders.send_due_reminders(today=DUE) == 0
    assert mail.outbox == []


def test_done_dropped_and_undated_actions_get_no_reminder(world, board):
    owned_action(world, board, status=Action.Status.DONE)
    owned_action(world, board, status=Action.Status.DROPPED)
    owned_action(world, board, due=None)
    owned_action(world, board, status=Action.Status.IN_PROGRESS, description="Still going")

    assert reminders.send_due_reminders(today=DUE) == 1
    assert "Still going" in mail.outbox[0].body


def test_the_email_links_the_action(world, board, settings):
    settings.SITE_URL = "https://boards.example.org/"
    action = owned_action(world, board)
    reminders.send_due_reminders(today=DUE)
    (message,) = mail.outbox
    assert message.to == [world.councillor.email]
    assert "https://boards.example.org" + reverse("boards:action", args=[action.pk]) in message.body
    assert "Write to the young people" in message.body
    assert str(board) in message.subject


def test_the_email_does_not_repeat_an_exempt_actions_words(world, board):
    owned_action(world, board, exempt=True, description="Review the placement of child A")
    reminders.send_due_reminders(today=DUE)
    (message,) = mail.outbox
    assert "child A" not in message.body
    assert "sign in to read it" in message.body


def test_a_concurrent_run_that_already_sent_wins(world, board, monkeypatch):
    """The check before sending can race; the unique constraint cannot."""
    action = owned_action(world, board)
    ActionReminder.objects.create(
        organisation=world.organisation, action=action, kind="due", due_date=DUE
    )
    monkeypatch.setattr(reminders, "_already_sent", lambda actions: set())

    assert reminders.send_due_reminders(today=DUE) == 0
    assert mail.outbox == []
    assert ActionReminder.objects.count() == 1


def test_a_failed_send_records_nothing_so_the_next_run_retries(world, board, monkeypatch):
    owned_action(world, board)

    def broken(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    assert reminders.send_due_reminders(today=DUE - timedelta(days=3)) == 0
    assert not ActionReminder.objects.exists()

    monkeypatch.undo()
    assert reminders.send_due_reminders(today=DUE - timedelta(days=2)) == 1
