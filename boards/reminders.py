"""Email reminders to action owners: one a few days before the due date, one on the day.

Run daily by Celery beat (`boards.tasks.send_action_reminders`). Each reminder is recorded
(ActionReminder: action, kind, due date) before its email goes, in the same transaction: the
unique constraint means two runs at once cannot both send, and a failed send leaves no record,
so the next run tries again. A changed due date is a new date: its reminders go afresh.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.mail import subject_line
from corporate_parenting.models import Membership

from .models import Action, ActionReminder

logger = logging.getLogger(__name__)

TEMPLATE = "boards/emails/action_reminder.txt"
BEFORE_DAYS = 3


def send_due_reminders(today=None) -> int:
    """Send the reminders due today. Returns the number of emails sent."""
    today = today or timezone.localdate()
    actions = list(_due_actions(today))
    if not actions:
        return 0
    sent = _already_sent(actions)
    count = 0
    for action in actions:
        kind = ActionReminder.Kind.DUE if action.due_date == today else ActionReminder.Kind.BEFORE
        if (action.pk, kind, action.due_date) in sent:
            continue
        count += _send(action, kind)
    return count


def _due_actions(today):
    """Open or in-progress actions due within BEFORE_DAYS, whose owner is an active member of
    the action's organisation."""
    active_member = Membership.objects.filter(
        organisation=OuterRef("organisation"),
        user=OuterRef("owner"),
        is_active=True,
        user__is_active=True,
    )
    return (
        Action.objects.open()
        .filter(
            owner__isnull=False,
            due_date__gte=today,
            due_date__lte=today + timedelta(days=BEFORE_DAYS),
        )
        .filter(Exists(active_member))
        .select_related("organisation", "board", "meeting", "item", "owner")
        .order_by("pk")
    )


def _already_sent(actions):
    """(action, kind, due date) of reminders already sent, so a second run skips them without
    trying. The unique constraint still decides a race (see _send)."""
    return set(
        ActionReminder.objects.filter(action__in=[action.pk for action in actions]).values_list(
            "action_id", "kind", "due_date"
        )
    )


def _send(action, kind) -> int:
    owner = action.owner
    private = action.from_exempt or bool(action.item and action.item.exempt)
    context = {
        "action": action,
        "owner": owner,
        "kind": kind,
        "private": private,
        "before_days": BEFORE_DAYS,
        "link": settings.SITE_URL.rstrip("/") + reverse("boards:action", args=[action.pk]),
    }
    when = "today" if kind == ActionReminder.Kind.DUE else f"on {action.due_date:%-d %B %Y}"
    subject = subject_line(f"{action.organisation}: a {action.board} action is due {when}")
    try:
        with transaction.atomic():
            # Recorded first: a second run at the same moment fails here and sends nothing.
            ActionReminder.objects.create(
                organisation_id=action.organisation_id,
                action=action,
                kind=kind,
                due_date=action.due_date,
            )
            send_mail(
                subject=subject,
                message=render_to_string(TEMPLATE, context),
                from_email=None,
                recipient_list=[owner.email],
            )
    except IntegrityError:
        return 0  # another run sent this reminder
    except Exception:
        # Nothing was recorded, so the next run tries again. Ids only: no personal data.
        logger.exception("Action reminder not sent (action %s, kind %s)", action.pk, kind)
        return 0
    return 1
