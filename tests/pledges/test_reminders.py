"""Stale-update reminders: one email per lead per organisation per interval."""

from datetime import datetime, time, timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.models import Membership
from pledges import reminders
from pledges.models import PledgeSettings, StaleReminder
from pledges.tasks import send_stale_update_reminders

from ..factories import (
    CommitmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = timezone.make_aware(datetime.combine(TODAY - timedelta(days=400), time(9)))


def adopted_theme(organisation):
    return ThemeFactory(version=PledgeVersionFactory(organisation=organisation, adopted=True))


def stale_commitment(theme, lead, **kwargs):
    """No approved update for longer than the interval (12 weeks by default)."""
    commitment = CommitmentFactory(theme=theme, lead=lead, created=LONG_AGO, **kwargs)
    ProgressUpdateFactory(commitment=commitment, as_of=TODAY - timedelta(weeks=20))
    return commitment


def fresh_commitment(theme, lead):
    commitment = CommitmentFactory(theme=theme, lead=lead, created=LONG_AGO)
    ProgressUpdateFactory(commitment=commitment, as_of=TODAY - timedelta(weeks=2))
    return commitment


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_running_the_schedule_twice_sends_one_email_per_lead(world):
    theme = adopted_theme(world.organisation)
    stale_commitment(theme, world.officer)
    stale_commitment(theme, world.officer)
    stale_commitment(theme, world.participation_officer)

    assert reminders.send_due_reminders(today=TODAY) == 2
    assert recipients() == sorted([world.officer.email, world.participation_officer.email])
    officer_email = next(m for m in mail.outbox if m.to == [world.officer.email])
    assert "2 pledge promises" in officer_email.subject

    assert reminders.send_due_reminders(today=TODAY) == 0
    assert reminders.send_due_reminders(today=TODAY + timedelta(days=1)) == 0
    assert len(mail.outbox) == 2
    assert StaleReminder.objects.count() == 2


def test_a_lead_with_nothing_stale_gets_no_email(world):
    theme = adopted_theme(world.organisation)
    fresh_commitment(theme, world.officer)
    stale_commitment(theme, world.participation_officer)

    assert reminders.send_due_reminders(today=TODAY) == 1
    assert recipients() == [world.participation_officer.email]


def test_commitments_without_a_lead_or_outside_the_adopted_version_are_ignored(world):
    stale_commitment(adopted_theme(world.organisation), None)
    draft_theme = ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))
    stale_commitment(draft_theme, world.officer)

    assert reminders.send_due_reminders(today=TODAY) == 0
    assert mail.outbox == []


def test_a_commitment_never_updated_is_stale_once_the_interval_has_passed(world):
    theme = adopted_theme(world.organisation)
    CommitmentFactory(theme=theme, lead=world.officer, created=LONG_AGO)
    CommitmentFactory(theme=theme, lead=world.participation_officer)  # added today

    assert reminders.send_due_reminders(today=TODAY) == 1
    assert "none yet" in mail.outbox[0].body
    assert recipients() == [world.officer.email]


def test_after_the_interval_a_second_reminder_goes(world):
    PledgeSettings.objects.update_or_create(
        organisation=world.organisation, defaults={"update_interval_weeks": 13}
    )
    stale_commitment(adopted_theme(world.organisation), world.officer)

    assert reminders.send_due_reminders(today=TODAY) == 1
    assert reminders.send_due_reminders(today=TODAY + timedelta(weeks=13, days=-1)) == 0
    assert reminders.send_due_reminders(today=TODAY + timedelta(weeks=13)) == 1
    assert len(mail.outbox) == 2
    assert "13 weeks" in mail.outbox[1].body


def test_an_inactive_member_gets_no_email(world):
    theme = adopted_theme(world.organisation)
    stale_commitment(theme, world.officer)
    stale_commitment(theme, world.participation_officer)
    Membership.objects.filter(user=world.officer, organisation=world.organisation).update(
        is_active=False
    )
    world.participation_officer.is_active = False
    world.participation_officer.save()

    assert reminders.send_due_reminders(today=TODAY) == 0
    assert mail.outbox == []


def test_a_lead_who_is_not_a_member_gets_no_email(world):
    # A lead of Shire's commitment who only belongs to the other council.
    stale_commitment(adopted_theme(world.organisation), world.outsiders["officer"])

    assert reminders.send_due_reminders(today=TODAY) == 0


def test_a_lead_in_two_organisations_gets_one_email_per_organisation(world):
    MembershipFactory(user=world.officer, organisation=world.other_organisation)
    theme = adopted_theme(world.organisation)
    stale_commitment(theme, world.officer)
    stale_commitment(ThemeFactory(version=theme.version), world.officer)  # another theme
    stale_commitment(adopted_theme(world.other_organisation), world.officer)

    assert reminders.send_due_reminders(today=TODAY) == 2
    assert recipients() == [world.officer.email, world.officer.email]
    subjects = sorted(message.subject for message in mail.outbox)
    assert subjects[0].startswith(str(world.other_organisation))
    assert subjects[1].startswith(str(world.organisation))
    assert "2 pledge promises" in subjects[1]
    assert reminders.send_due_reminders(today=TODAY) == 0


def test_a_third_organisation_does_not_see_the_others_commitments(world):
    third = OrganisationFactory(name="Third Council", slug="third")
    MembershipFactory(user=world.officer, organisation=third)
    stale_commitment(adopted_theme(world.organisation), world.officer, wording="We will Shire")
    stale_commitment(adopted_theme(third), world.officer, wording="We will Third")

    reminders.send_due_reminders(today=TODAY)
    by_subject = {message.subject.split(":")[0]: message.body for message in mail.outbox}
    assert "We will Third" in by_subject["Third Council"]
    assert "We will Shire" not in by_subject["Third Council"]


def test_the_email_links_each_commitment(world, settings):
    settings.SITE_URL = "https://pledge.example.org/"
    theme = adopted_theme(world.organisation)
    first = stale_commitment(theme, world.officer, wording="We will find you a home")
    second = stale_commitment(theme, world.officer, wording="We will reply within 3 days")

    reminders.send_due_reminders(today=TODAY)
    (message,) = mail.outbox
    for commitment in (first, second):
        assert commitment.wording in message.body
        link = "https://pledge.example.org" + reverse("pledges:commitment", args=[commitment.pk])
        assert link in message.body
    assert world.officer.full_name in message.body
    assert theme.title in message.body


def test_a_concurrent_run_that_already_reminded_today_wins(world, monkeypatch):
    """The check before sending can race; the unique constraint cannot."""
    stale_commitment(adopted_theme(world.organisation), world.officer)
    StaleReminder.objects.create(organisation=world.organisation, lead=world.officer, sent_on=TODAY)
    monkeypatch.setattr(reminders, "_recently_reminded", lambda *args: set())

    assert reminders.send_due_reminders(today=TODAY) == 0
    assert mail.outbox == []
    assert StaleReminder.objects.count() == 1


def test_a_failed_send_records_nothing_so_the_next_run_retries(world, monkeypatch):
    stale_commitment(adopted_theme(world.organisation), world.officer)

    def broken(**kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    assert reminders.send_due_reminders(today=TODAY) == 0
    assert not StaleReminder.objects.exists()

    monkeypatch.undo()
    assert reminders.send_due_reminders(today=TODAY + timedelta(days=1)) == 1


def test_the_beat_schedule_runs_the_reminders_daily():
    entries = [
        entry
        for entry in django_settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == "pledges.tasks.send_stale_update_reminders"
    ]
    assert len(entries) == 1
    schedule = entries[0]["schedule"]
    assert isinstance(schedule, crontab)
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1  # once a day
    assert schedule.day_of_week == set(range(7))
    assert schedule.day_of_month == set(range(1, 32))
    assert schedule.month_of_year == set(range(1, 13))
    assert not entries[0].get("args") and not entries[0].get("kwargs")  # no personal data


def test_the_celery_task_sends_the_reminders(world):
    stale_commitment(adopted_theme(world.organisation), world.officer)

    result = send_stale_update_reminders.apply()

    assert result.get() == 1
    assert recipients() == [world.officer.email]


def test_the_email_says_when_an_update_is_already_waiting_for_approval(world):
    theme = adopted_theme(world.organisation)
    waiting = stale_commitment(theme, world.officer, wording="We will reply within 3 days")
    stale_commitment(theme, world.officer, wording="We will find you a home")
    ProgressUpdateFactory(
        commitment=waiting, state="submitted", approved_at=None, author=world.officer
    )

    reminders.send_due_reminders(today=TODAY)
    (message,) = mail.outbox
    first, second = message.body.split("\n- ")[1:]
    assert "waiting for approval" in (first if "reply" in first else second)
    assert "waiting for approval" not in (second if "reply" in first else first)
