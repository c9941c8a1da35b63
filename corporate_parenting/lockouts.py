"""Which members are locked out after failed sign-ins, and unlocking them (django-axes)."""

from datetime import timedelta

from auditlog.models import AbstractLogEntry
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.utils import timezone

from . import audit


def locked_emails(emails) -> set[str]:
    """The addresses among `emails` whose account is locked now."""
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    return set(
        AccessAttempt.objects.filter(
            username__in=[email.lower() for email in emails],
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=since,
        ).values_list("username", flat=True)
    )


def unlock(*, membership, by) -> None:
    """Clear the failed attempts against a member's account, and record who did it."""
    reset(username=membership.user.email.lower())
    audit.record(
        instance=membership.user,
        action=AbstractLogEntry.Action.ACCESS,
        actor=by,
        event="unlocked after a lockout",
        organisation=membership.organisation,
    )
