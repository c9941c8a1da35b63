"""Meetings and their agendas: scheduling (with the board's procedural items), ordering,
publishing and cancelling. Objects are saved one by one so each change is in the audit trail.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from corporate_parenting.dates import local, validate_meeting_date

from ..models import EXCLUSION_TITLE, AgendaItem, Meeting
from .minutes import minutes_renumber

Kind = AgendaItem.Kind

# The procedural items a board may ask for, in the order they are added (seed 002's agenda).
PROCEDURAL_ITEMS = [
    ("include_apologies", Kind.APOLOGIES, "To receive any apologies for absence."),
    (
        "include_declarations",
        Kind.DECLARATIONS,
        "To receive any declarations of interest from members in matters on this agenda.",
    ),
    (
        "include_previous_minutes",
        Kind.PREVIOUS_MINUTES,
        "To confirm the minutes of the previous meeting.",
    ),
    (
        "include_deputations",
        Kind.DEPUTATIONS,
        "To receive any deputations notified under Standing Orders.",
    ),
    (
        "include_announcements",
        Kind.ANNOUNCEMENTS,
        "To receive any announcements the Chair may wish to make.",
    ),
]

LOCKED_MESSAGE = "The minutes of this meeting are approved, so its agenda can no longer change."


def previous_meeting(*, board, before):
    """The board's last meeting before `before` that was not cancelled."""
    return (
        Meeting.objects.filter(board=board, starts_at__lt=before)
        .not_cancelled()
        .order_by("-starts_at")
        .first()
    )


def previous_minutes_title(previous) -> str:
    title = str(Kind.PREVIOUS_MINUTES.label)
    if previous is None:
        return title
    return f"{title} held on {timezone.localtime(previous.starts_at):%-d %B %Y}"


@transaction.atomic
def meeting_schedule(*, board, starts_at, ends_at=None, venue="") -> Meeting:
    """A new meeting of `board`, its agenda started with the procedural items the board's
    settings ask for, numbered 1, 2, 3 ..."""
    validate_meeting_date(local(starts_at).date())
    meeting = Meeting(
        organisation=board.organisation,
        board=board,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
    )
    meeting.full_clean()
    meeting.save()
    number = 0
    for setting, kind, purpose in PROCEDURAL_ITEMS:
        if not getattr(board, setting):
            continue
        number += 1
        title = str(kind.label)
        if kind == Kind.PREVIOUS_MINUTES:
            title = previous_minutes_title(previous_meeting(board=board, before=starts_at))
        AgendaItem.objects.create(
            organisation=board.organisation,
            meeting=meeting,
            position=number,
            number=str(number),
            title=title,
            purpose=purpose,
            kind=kind,
        )
    return meeting


def _refuse_if_locked(meeting):
    if meeting.minutes_locked:
        raise ValidationError(LOCKED_MESSAGE)


def next_position(meeting) -> int:
    return (meeting.items.aggregate(top=Max("position"))["top"] or 0) + 1


def _save_positions(items):
    for position, item in enumerate(items, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def exclusion_sync(*, meeting) -> None:
    """Keep the "Exclusion of the press and public" item where the law needs it: once,
    straight before the first exempt item; none when nothing is exempt. Call after anything
    that adds, removes, reorders or changes an item's exemption. Its agenda number is left to
    the clerk (blank until they renumber); its minute is numbered like any other."""
    if meeting.minutes_locked:
        return
    items = list(meeting.items.select_for_update())
    exclusions = [item for item in items if item.kind == Kind.EXCLUSION]
    others = [item for item in items if item.kind != Kind.EXCLUSION]
    first_exempt = next((i for i, item in enumerate(others) if item.exempt), None)
    if first_exempt is None:
        for item in exclusions:
            item.delete()
        if exclusions:
            _save_positions(others)
            minutes_renumber(board=meeting.board)
        return
    keep, *extra = exclusions or [None]
    for item in extra:
        item.delete()
    if keep is None:
        keep = AgendaItem.objects.create(
            organisation=meeting.organisation,
            meeting=meeting,
            position=0,
            title=EXCLUSION_TITLE,
            kind=Kind.EXCLUSION,
        )
    if keep.exempt:
        keep.exempt, keep.exempt_paragraph = False, None  # the resolution itself is public
        keep.save(update_fields=["exempt", "exempt_paragraph"])
    order = [*others[:first_exempt], keep, *others[first_exempt:]]
    before = [item.pk for item in items]
    _save_positions(order)
    if before != [item.pk for item in order]:
        minutes_renumber(board=meeting.board)


@transaction.atomic
def agenda_reorder(*, meeting, ordered_ids) -> None:
    """Put the meeting's items in the order of `ordered_ids`, which must name every item of
    this meeting exactly once. Numbers are the clerk's text and are left alone."""
    _refuse_if_locked(meeting)
    items = {item.pk: item for item in meeting.items.select_for_update()}
    try:
        ids = [int(i) for i in ordered_ids]
    except (TypeError, ValueError):
        raise ValidationError("The new order must list agenda items by their numbers.") from None
    if len(ids) != len(set(ids)) or set(ids) != set(items):
        raise ValidationError(
            "The new order must list every item of this agenda once, and no other. "
            "Reload the page and try again."
        )
    _save_positions([items[pk] for pk in ids])
    minutes_renumber(board=meeting.board)
    exclusion_sync(meeting=meeting)


@transaction.atomic
def item_move(*, item, direction) -> bool:
    """Swap `item` with its neighbour above ("up") or below ("down"). False at either end."""
    if direction not in ("up", "down"):
        raise ValidationError("Choose to move the item up or down.")
    meeting = item.meeting
    _refuse_if_locked(meeting)
    if item.kind == Kind.EXCLUSION:
        raise ValidationError(
            "The exclusion of the press and public stays just before the first exempt item: "
            "move the exempt items instead."
        )
    # The exclusion is stepped over (exclusion_sync puts it back before the first exempt item),
    # so an exempt item moved up really moves.
    items = [i for i in meeting.items.select_for_update() if i.kind != Kind.EXCLUSION]
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if target < 0 or target >= len(items):
        return False
    items[index], items[target] = items[target], items[index]
    _save_positions(items)
    minutes_renumber(board=meeting.board)
    exclusion_sync(meeting=meeting)
    return True


@transaction.atomic
def agenda_renumber(*, meeting) -> None:
    """Number the items 1, 2, 3 ... in their order."""
    _refuse_if_locked(meeting)
    for number, item in enumerate(meeting.items.select_for_update(), start=1):
        if item.number != str(number):
            item.number = str(number)
            item.save(update_fields=["number"])


@transaction.atomic
def agenda_publish(*, meeting) -> None:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(
            f"The agenda can only be published while the meeting is scheduled; "
            f"it is {meeting.get_status_display().lower()}."
        )
    if not meeting.items.exists():
        raise ValidationError("Add at least one item before publishing the agenda.")
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["status", "agenda_published_at"])
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_locked:
        raise ValidationError(
            "This meeting's minutes are approved, so it cannot be cancelled: it took place."
        )
    if meeting.minutes_published_at is not None and meeting.status != Meeting.Status.CANCELLED:
        raise ValidationError(
            "This meeting's minutes are published, so it cannot be cancelled: it took place."
        )
    if meeting.status != Meeting.Status.CANCELLED:
        meeting.status = Meeting.Status.CANCELLED
        meeting.save(update_fields=["status"])
        minutes_renumber(board=meeting.board)  # a cancelled meeting's minutes give up numbers
    return meeting


@transaction.atomic
def meeting_update(*, meeting, starts_at, ends_at=None, venue="") -> Meeting:
    """Change when and where. A new date can change the order of the board's minutes."""
    _refuse_if_locked(meeting)
    validate_meeting_date(local(starts_at).date())
    moved = meeting.starts_at != starts_at
    meeting.starts_at, meeting.ends_at, meeting.venue = starts_at, ends_at, venue
    meeting.save()
    if moved:
        minutes_renumber(board=meeting.board)
    return meeting


@transaction.atomic
def item_delete(*, item) -> None:
    _refuse_if_locked(item.meeting)
    item.delete()
    minutes_renumber(board=item.meeting.board)
    exclusion_sync(meeting=item.meeting)
