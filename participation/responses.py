"""Writes of "We did": a response to one or more items of feedback, and each change of its
status with the public reason (the first status is a ResponseStatus too).

A response linked to a promise is evidence on that promise's pages (the participation template
tags), and the public pledge page keeps its content in the cache under the pledge version's
generation: so every write that touches a promise's evidence bumps that generation, in the
same transaction (pledges.services.bump_generation_of_commitment).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from pledges.services import bump_generation_of_commitment

from .models import Response, ResponseStatus


def first_reason(status: str) -> str:
    """The public reason of a first status when the officer gives none (never for "we can't":
    that one needs its why)."""
    return f"Recorded as “{Response.Status(status).label}”."


def _check_items(organisation, items) -> None:
    if not items:
        raise ValidationError("Choose at least one item of feedback this answers.")
    if any(item.organisation_id != organisation.pk for item in items):
        raise ValidationError("Every item must be one of this organisation's.")


def _check_promise(organisation, promise) -> None:
    if promise is not None and promise.organisation_id != organisation.pk:
        raise ValidationError("The promise must be one of this organisation's.")


def _touch(*commitment_ids) -> None:
    for commitment_id in {c for c in commitment_ids if c}:
        bump_generation_of_commitment(commitment_id)


@transaction.atomic
def response_create(
    *,
    organisation,
    items,
    text: str,
    by_whom: str,
    responded_on: date,
    status: str,
    reason: str = "",
    promise=None,
    by=None,
) -> Response:
    items = list(items)
    _check_items(organisation, items)
    _check_promise(organisation, promise)
    reason = reason.strip()
    if status == Response.Status.CANNOT and not reason:
        raise ValidationError("Say why we can't: young people read this.")
    response = Response.objects.create(
        organisation=organisation,
        text=text,
        by_whom=by_whom,
        responded_on=responded_on,
        status=status,
        promise=promise,
        created_by=by,
    )
    response.items.set(items)
    ResponseStatus.objects.create(
        organisation=organisation,
        response=response,
        status=status,
        reason=reason or first_reason(status),
        changed_on=responded_on,
        changed_by=by,
    )
    _touch(response.promise_id)
    return response


def response_saved(response: Response, *, promise_before: int | None) -> None:
    """After the change form saved `response` (inside its transaction): the promise it moved
    from and the one it moves now both show a change."""
    _touch(promise_before, response.promise_id)


@transaction.atomic
def response_status_change(
    *, response: Response, status: str, reason: str, changed_on: date, by=None
) -> ResponseStatus:
    """A new status with its public reason: a status never changes without one."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Give the reason for the change: young people read it.")
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if locked.status == status:
        raise ValidationError(f"It is already “{locked.get_status_display()}”.")
    locked.status = status
    locked.save(update_fields=["status"])
    change = ResponseStatus.objects.create(
        organisation=locked.organisation,
        response=locked,
        status=status,
        reason=reason,
        changed_on=changed_on,
        changed_by=by,
    )
    response.status = status
    _touch(locked.promise_id)
    return change
