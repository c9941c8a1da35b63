"""Feedback ("You said") and the personal-data guard workflow (issue 14, points 3 and 4).

Every item is scanned by the guard (participation.guard.scan) whenever it is shown or saved:
the flags are computed from the words, never stored, so they always match them. An officer
decides each flag (`GuardDecision`: redacted or confirmed, audited without the words); a flag
is decided when a decision with its kind and span exists. `public_text` is rebuilt on every
save and decision: the words with every redacted flag, and every flag not yet decided,
replaced. Approval (`approved_at`) needs every flag decided; changing the words clears the
approval and the decisions, which were about other words.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import guard
from .models import Feedback, GuardDecision


@dataclass(frozen=True)
class CheckedFlag:
    """A flag of the guard with the officer's decision on it, if any."""

    flag: guard.Flag
    decision: GuardDecision | None

    @property
    def decided(self) -> bool:
        return self.decision is not None

    @property
    def redacted(self) -> bool:
        return self.decided and self.decision.decision == GuardDecision.Decision.REDACTED

    @property
    def key(self) -> str:
        return flag_key(self.flag)


def flag_key(flag: guard.Flag) -> str:
    """How a page names one flag in a form: "first_name:0:4"."""
    return f"{flag.kind}:{flag.start}:{flag.end}"


def words_digest(text: str) -> str:
    """A short hash of the words, so an approval or a decision made on a page can be refused
    when the words changed since it was opened."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def checked_flags(item: Feedback, decisions=None) -> list[CheckedFlag]:
    """The guard's flags on the item's words, each with its decision (in text order)."""
    if decisions is None:
        decisions = list(item.decisions.all())
    by_span = {(d.kind, d.start, d.end): d for d in decisions}
    return [CheckedFlag(f, by_span.get((f.kind, f.start, f.end))) for f in guard.scan(item.text)]


def undecided(item: Feedback) -> list[guard.Flag]:
    return [c.flag for c in checked_flags(item) if not c.decided]


def public_words(item: Feedback, checked: list[CheckedFlag] | None = None) -> str:
    """The words as they may leave the officers' view: every redacted flag removed, and every
    flag not decided yet too (approval needs them decided, so this only ever errs safe)."""
    checked = checked_flags(item) if checked is None else checked
    removed = [c.flag for c in checked if c.redacted or not c.decided]
    return guard.redact(item.text, removed)


class State:
    TO_CHECK = "to_check"
    NOT_APPROVED = "not_approved"
    APPROVED = "approved"

    LABELS = {
        TO_CHECK: "To check",
        NOT_APPROVED: "Not approved",
        APPROVED: "Approved",
    }


def guard_state(item: Feedback, checked: list[CheckedFlag] | None = None) -> tuple[str, int]:
    """(state, flags left to decide): approved; to check (a flag has no decision yet); not
    approved (every flag decided, or none, but nobody approved it yet)."""
    if item.approved_at is not None:
        return State.APPROVED, 0
    checked = checked_flags(item) if checked is None else checked
    left = sum(1 for c in checked if not c.decided)
    return (State.TO_CHECK if left else State.NOT_APPROVED), left


def _rebuild(item: Feedback) -> None:
    item.public_text = public_words(item)


@transaction.atomic
def feedback_create(*, organisation, created_by, themes=(), promises=(), **fields) -> Feedback:
    """A new item, scanned: its public words are built with every flag removed until an
    officer decides each one."""
    item = Feedback(organisation=organisation, created_by=created_by, **fields)
    item.public_text = guard.redact(item.text, guard.scan(item.text))
    item.save()
    if themes:
        item.themes.set(themes)
    if promises:
        item.promises.set(promises)
    return item


def words_changed(item: Feedback, old_text: str) -> str | None:
    """After the words of a saved item changed: its decisions and approval are cleared (they
    were about other words) and its public words rebuilt. Returns what to tell the officer,
    or None when the words did not change. Call inside the transaction that saves it."""
    if item.text == old_text:
        _rebuild(item)
        return None
    was_approved = item.approved_at is not None
    dropped = 0
    for decision in item.decisions.all():  # one by one, so each deletion is audited
        decision.delete()
        dropped += 1
    item.approved_at = None
    item.approved_by = None
    item.public_text = guard.redact(item.text, guard.scan(item.text))
    if was_approved:
        return (
            "The words changed, so the approval for sharing is cleared"
            + (
                f" and the {dropped} guard decision{'s' if dropped != 1 else ''} too"
                if dropped
                else ""
            )
            + ": check the new words and approve them again."
        )
    if dropped:
        return (
            f"The words changed, so the {dropped} guard decision{'s' if dropped != 1 else ''} "
            "on the old words are cleared: check the new words."
        )
    return None


def _current_flag(item: Feedback, key: str, digest: str) -> guard.Flag:
    if digest != words_digest(item.text):
        raise ValidationError(
            "The words of this item changed since you opened the page. Look at them again "
            "and decide on the new words."
        )
    for flag in guard.scan(item.text):
        if flag_key(flag) == key:
            return flag
    raise ValidationError("That flag is no longer on these words. Look at them again.")


@transaction.atomic
def feedback_decide(*, item: Feedback, key: str, digest: str, decision: str, decided_by):
    """Record the officer's decision on one flag (replacing an earlier one on the same flag),
    then rebuild the public words. Deciding again after approval clears the approval."""
    item = Feedback.objects.select_for_update().get(pk=item.pk)
    if decision not in GuardDecision.Decision.values:
        raise ValidationError("Choose Remove or Keep.")
    flag = _current_flag(item, key, digest)
    for old in item.decisions.filter(kind=flag.kind, start=flag.start, end=flag.end):
        old.delete()
    made = GuardDecision.objects.create(
        organisation=item.organisation,
        feedback=item,
        kind=flag.kind,
        start=flag.start,
        end=flag.end,
        decision=decision,
        decided_by=decided_by,
    )
    item.approved_at = None
    item.approved_by = None
    _rebuild(item)
    item.save()
    return made


@transaction.atomic
def feedback_approve(*, item: Feedback, digest: str, approved_by) -> Feedback:
    """Approve the item for sharing: refused (ValidationError naming what is left) while any
    flag has no decision, or when the words changed since the page was opened."""
    item = Feedback.objects.select_for_update().get(pk=item.pk)
    if digest != words_digest(item.text):
        raise ValidationError(
            "The words of this item changed since you opened the page. Check them again "
            "before approving."
        )
    left = undecided(item)
    if left:
        listed = "; ".join(f"{f.label} (“{f.text}”)" for f in left)
        raise ValidationError(
            f"Not approved: {len(left)} flag{'s' if len(left) != 1 else ''} still "
            f"need{'s' if len(left) == 1 else ''} a decision: {listed}. Choose Remove or "
            "Keep for each, then approve."
        )
    _rebuild(item)
    if not item.public_text.strip():
        raise ValidationError("Not approved: nothing is left to share once the flags are removed.")
    item.approved_at = timezone.now()
    item.approved_by = approved_by
    item.save()
    return item


def to_check_queue(organisation):
    """Items waiting for an officer's check or approval, the oldest first."""
    return (
        Feedback.objects.for_organisation(organisation)
        .filter(approved_at__isnull=True)
        .order_by("said_on", "pk")
    )


def next_to_check(organisation, *, after: Feedback | None = None) -> Feedback | None:
    """The next item of the queue (after `after`, in queue order, wrapping to the start)."""
    queue = to_check_queue(organisation)
    if after is not None:
        later = queue.filter(said_on__gt=after.said_on) | queue.filter(
            said_on=after.said_on, pk__gt=after.pk
        )
        found = later.order_by("said_on", "pk").first()
        if found is not None:
            return found
        return queue.exclude(pk=after.pk).first()
    return queue.first()
