"""Reminders to commitment leads whose promises need a progress update.

Run daily by Celery beat (`pledges.tasks.send_stale_update_reminders`). A lead gets at most one
email per organisation per update interval, listing every commitment of the adopted pledge
they lead that has had no approved update within the interval. The reminder is recorded
(StaleReminder) before the email goes, in the same transaction: its unique constraint means two
runs at once cannot both send, and a failed send leaves no record, so the next run tries again.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.mail import subject_line
from corporate_parenting.models import Membership

from .models import PledgeSettings, PledgeVersion, ProgressUpdate, StaleReminder
from .selectors import pledge_summary

logger = logging.getLogger(__name__)

TEMPLATE = "pledges/emails/stale_reminder.txt"


def send_due_reminders(today=None) -> int:
    """Email each lead with stale commitments, at most once per interval. Returns the number
    of emails sent."""
    today = today or timezone.localdate()
    sent = 0
    versions = PledgeVersion.objects.adopted().select_related("organisation").order_by("pk")
    for version in versions:
        sent += _remind_organisation(version, today)
    return sent


def _remind_organisation(version, today) -> int:
    organisation = version.organisation
    weeks = PledgeSettings.for_organisation(organisation).update_interval_weeks
    by_lead = defaultdict(list)
    for theme in pledge_summary(version, today=today).themes:
        for row in theme.rows:
            if row.is_stale and row.commitment.lead_id is not None:
                by_lead[row.commitment.lead].append((theme.theme, row))
    if not by_lead:
        return 0
    lead_ids = [lead.pk for lead in by_lead]
    active = set(
        Membership.objects.for_organisation(organisation)
        .active()
        .filter(user_id__in=lead_ids)
        .values_list("user_id", flat=True)
    )
    reminded = _recently_reminded(organisation, lead_ids, today - timedelta(weeks=weeks))
    due = {
        lead: rows
        for lead, rows in by_lead.items()
        if lead.pk in active and lead.pk not in reminded
    }
    waiting = set(
        ProgressUpdate.objects.for_organisation(organisation)
        .filter(
            state=ProgressUpdate.State.SUBMITTED,
            commitment_id__in=[row.commitment.pk for rows in due.values() for _, row in rows],
        )
        .values_list("commitment_id", flat=True)
    )
    return sum(_send(organisation, lead, rows, today, weeks, waiting) for lead, rows in due.items())


def _recently_reminded(organisation, lead_ids, after):
    """Leads reminded after `after` (so within the interval): not reminded again yet."""
    return set(
        StaleReminder.objects.for_organisation(organisation)
        .filter(lead_id__in=lead_ids, sent_on__gt=after)
        .values_list("lead_id", flat=True)
    )


def _send(organisation, lead, rows, today, weeks, waiting) -> int:
    site = settings.SITE_URL.rstrip("/")
    items = [
        {
            "theme": theme,
            "commitment": row.commitment,
            "status": row.status.label,
            "last": row.latest.as_of if row.latest else None,
            "waiting": row.commitment.pk in waiting,
            "link": site + reverse("pledges:commitment", args=[row.commitment.pk]),
        }
        for theme, row in rows
    ]
    context = {"lead": lead, "organisation": organisation, "items": items, "weeks": weeks}
    count = len(items)
    subject = subject_line(
        f"{organisation}: {count} pledge "
        f"{'promise needs' if count == 1 else 'promises need'} a progress update"
    )
    try:
        with transaction.atomic():
            # Recorded first: a second run at the same moment fails here and sends nothing.
            StaleReminder.objects.create(organisation=organisation, lead=lead, sent_on=today)
            send_mail(
                subject=subject,
                message=render_to_string(TEMPLATE, context),
                from_email=None,
                recipient_list=[lead.email],
            )
    except IntegrityError:
        return 0  # another run reminded this lead today
    except Exception:
        # Nothing was recorded, so tomorrow's run tries again. Ids only: no personal data.
        logger.exception(
            "Stale update reminder not sent (organisation %s, user %s)", organisation.pk, lead.pk
        )
        return 0
    return 1
