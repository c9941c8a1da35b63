"""Emails carry names as typed: plain text, never &amp; or &lt;, and a line break typed into a
name never reaches, or breaks, the headers. All names are invented."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from corporate_parenting.roles import Role
from corporate_parenting.services import invitation_create
from pledges import reminders

from .factories import (
    CommitmentFactory,
    OrganisationFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

NAME = "Shire & District <Council>\r\nBcc: someone@example.org"


def one_line_headers(message):
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers
    assert "Shire & District <Council> Bcc: someone@example.org" in message.subject
    assert message.recipients() == message.to


def test_the_invitation_carries_the_organisation_as_typed(
    world, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(name=NAME)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            organisation=organisation,
            email="new.person@example.org",
            full_name="Ana O'Neill & Co",
            role=Role.OFFICER,
            invited_by=None,
        )
    (message,) = mail.outbox
    one_line_headers(message)
    assert "Hello Ana O'Neill & Co," in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body


def test_the_stale_reminder_carries_the_organisation_as_typed(world):
    world.organisation.name = NAME
    world.organisation.save()
    theme = ThemeFactory(
        version=PledgeVersionFactory(organisation=world.organisation, adopted=True),
        title="Home & <belonging>",
    )
    long_ago = timezone.now() - timedelta(days=400)
    commitment = CommitmentFactory(theme=theme, lead=world.officer, created=long_ago)
    ProgressUpdateFactory(commitment=commitment, as_of=timezone.localdate() - timedelta(weeks=20))

    assert reminders.send_due_reminders() == 1
    (message,) = mail.outbox
    one_line_headers(message)
    assert "Home & <belonging>" in message.body
