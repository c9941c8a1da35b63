"""The audit trail: who created, changed or deleted what, and when; who signed in.

Built on django-auditlog (signal based, so it works on SQLite as on PostgreSQL). Each app
registers its models through `track()` below, naming its free-text fields: for those the
trail records that the text changed, never the text itself, because narratives and quotes
can hold personal data about children and the object itself is the reference to it.

Signals miss QuerySet.update() and bulk_create(): code that changes tracked models must
save objects one by one, or log the change itself with `record()`.
"""

from auditlog.registry import auditlog
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out

NOT_COPIED = "(text changed: not copied into the audit trail)"


def not_copied(value: str) -> str:
    """django-auditlog mask callable: keep nothing of a free-text value."""
    return NOT_COPIED


def track(model, *, free_text=(), exclude=()):
    """Audit every create, change and delete of `model`."""
    auditlog.register(
        model,
        exclude_fields=list(exclude),
        mask_fields=list(free_text),
        mask_callable="corporate_parenting.audit.not_copied",
    )


def record(*, instance, action, actor=None, event: str, organisation=None, remote_addr=None):
    """Write an entry that no model signal produces (sign-ins, lockouts, bulk changes)."""
    from auditlog import get_logentry_model

    entry_model = get_logentry_model()
    return entry_model.objects.create(
        content_type=_content_type(instance),
        object_pk=str(instance.pk),
        object_id=instance.pk if isinstance(instance.pk, int) else None,
        object_repr=str(instance),
        action=action,
        actor=actor,
        remote_addr=remote_addr,
        organisation=organisation,
        additional_data={"event": event},
        changes={},
    )


def _content_type(instance):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(instance)


def _remote_addr(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _signed_in(sender, request, user, **kwargs):
    from auditlog.models import AbstractLogEntry

    record(
        instance=user,
        action=AbstractLogEntry.Action.ACCESS,
        actor=user,
        event="signed in",
        remote_addr=_remote_addr(request),
    )


def _signed_out(sender, request, user, **kwargs):
    from auditlog.models import AbstractLogEntry

    if user is None:
        return
    record(
        instance=user,
        action=AbstractLogEntry.Action.ACCESS,
        actor=user,
        event="signed out",
        remote_addr=_remote_addr(request),
    )


def _locked_out(sender, request, username, ip_address, **kwargs):
    from auditlog.models import AbstractLogEntry

    user = get_user_model().objects.filter(email__iexact=username or "").first()
    if user is None:
        return  # An unknown address: axes keeps its own record of the attempts.
    record(
        instance=user,
        action=AbstractLogEntry.Action.ACCESS,
        event="locked out after repeated failed sign-ins",
        remote_addr=ip_address,
    )


def connect_authentication_signals():
    from axes.signals import user_locked_out

    user_logged_in.connect(_signed_in, dispatch_uid="audit_signed_in")
    user_logged_out.connect(_signed_out, dispatch_uid="audit_signed_out")
    user_locked_out.connect(_locked_out, dispatch_uid="audit_locked_out")
