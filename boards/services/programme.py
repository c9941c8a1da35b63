"""The work programme: what the board's coming meetings will take.

Generation rules (`programme_generate`), kept deliberately simple:

- The horizon is the coming year: meetings that are not cancelled, from today until twelve
  months on.
- A standing item (``every_meeting``) goes on every meeting in the horizon on or after its
  ``starts_on``.
- A cyclic item goes on the first meeting on or after ``starts_on``, then on the first meeting
  on or after each further step of ``cycle_months``. Steps whose meeting is already past are
  done; two steps that fall on the same meeting give one entry.
- A rolling item gets at most one entry per meeting, and an entry the clerk has touched is
  left alone:
  * an entry at a target meeting covers it, whatever its status, so a dropped entry is never
    recreated;
  * an entry the clerk moved to a meeting that is not one of the item's targets counts as
    the item's entry for the nearest target still without one (its original slot, for the
    usual move to an earlier or later meeting), so moving an entry does not bring it back.
    Standing entries cannot be moved (drop them instead), and a rolling entry cannot be
    moved to a meeting that already has an entry for the same item.
- Running it again creates nothing new.
"""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator

from ..models import Action, AgendaItem, Board, Meeting, RollingItem, WorkProgrammeEntry

HORIZON_MONTHS = 12


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day (31 January + 1 = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def horizon(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The coming year: from `today` (included) to twelve months on (excluded)."""
    today = today or timezone.localdate()
    return today, add_months(today, HORIZON_MONTHS)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


def upcoming_meetings(board: Board, today: datetime.date | None = None):
    """The board's meetings in the coming year that are not cancelled, in date order."""
    start, end = horizon(today)
    return (
        Meeting.objects.filter(board=board, starts_at__gte=_start_of(start))
        .filter(starts_at__lt=_start_of(end))
        .not_cancelled()
        .order_by("starts_at", "pk")
    )


def _targets(item: RollingItem, meetings: list[Meeting], start, end) -> list[Meeting]:
    """The meetings in [start, end) that should take `item`. `meetings`: all the board's
    meetings that are not cancelled, past ones included, in date order."""
    if item.every_meeting:
        return [m for m in meetings if start <= _day(m) < end and _day(m) >= item.starts_on]
    if not item.cycle_months:
        return []
    targets, step, k = [], item.starts_on, 0
    while step < end:
        meeting = next((m for m in meetings if _day(m) >= step), None)
        if meeting is None:
            break
        if start <= _day(meeting) < end and meeting not in targets:
            targets.append(meeting)
        k += 1
        step = add_months(item.starts_on, k * item.cycle_months)
    return targets


def _uncovered(item: RollingItem, targets: list[Meeting], start) -> list[Meeting]:
    entries = [e for e in item.entries.select_related("meeting") if e.meeting_id is not None]
    target_ids = {m.pk for m in targets}
    uncovered = [m for m in targets if not any(e.meeting_id == m.pk for e in entries)]
    if item.every_meeting:
        return uncovered
    # Entries the clerk moved off the item's targets keep their original slot: each covers
    # the nearest target still without an entry (the earlier one on a tie).
    moved = sorted(
        (
            e
            for e in entries
            if e.meeting_id not in target_ids
            and e.meeting.status != Meeting.Status.CANCELLED
            and _day(e.meeting) >= start
        ),
        key=lambda e: (e.meeting.starts_at, e.pk),
    )
    for entry in moved:
        if not uncovered:
            break
        here = _day(entry.meeting)
        nearest = min(uncovered, key=lambda m: (abs((_day(m) - here).days), m.starts_at))
        uncovered.remove(nearest)
    return uncovered


def programme_generate(*, board: Board, today: datetime.date | None = None) -> int:
    """Add the rolling items' entries for the coming year's meetings; return how many."""
    start, end = horizon(today)
    created = 0
    with transaction.atomic():
        Board.objects.select_for_update().filter(pk=board.pk).first()  # one run at a time
        meetings = list(
            Meeting.objects.filter(board=board).not_cancelled().order_by("starts_at", "pk")
        )
        for item in board.rolling_items.filter(active=True).order_by("title", "pk"):
            for meeting in _uncovered(item, _targets(item, meetings, start, end), start):
                entry = WorkProgrammeEntry(
                    organisation=board.organisation,
                    board=board,
                    meeting=meeting,
                    kind=(
                        WorkProgrammeEntry.Kind.STANDING
                        if item.every_meeting
                        else WorkProgrammeEntry.Kind.ROLLING
                    ),
                    title=item.title,
                    purpose=item.purpose,
                    rolling_item=item,
                )
                entry.save()
                created += 1
    return created


KIND_ORDER = {
    WorkProgrammeEntry.Kind.STANDING: 0,
    WorkProgrammeEntry.Kind.ROLLING: 1,
    WorkProgrammeEntry.Kind.ONE_OFF: 2,
}


def agenda_refusal(meeting: Meeting) -> str | None:
    """Why an agenda cannot be drafted for `meeting`, or None."""
    if meeting.status == Meeting.Status.CANCELLED:
        return "This meeting is cancelled: its agenda cannot be drafted."
    if meeting.minutes_locked:
        return "This meeting's minutes are approved: its agenda can no longer change."
    return None


def _next_number(numbers) -> int:
    numeric = [int(n) for n in numbers if n and n.strip().isdigit()]
    return max(numeric, default=0) + 1


def agenda_draft_from_programme(*, meeting: Meeting) -> list[AgendaItem]:
    """One agenda item for each planned entry of `meeting` (workshops and dropped entries
    aside), after the existing items and numbered on from them. Running it again adds
    nothing: an entry on the agenda is no longer planned."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        refusal = agenda_refusal(meeting)
        if refusal:
            raise ValidationError(refusal)
        entries = sorted(
            WorkProgrammeEntry.objects.filter(
                meeting=meeting,
                status=WorkProgrammeEntry.Status.PLANNED,
                agenda_item__isnull=True,
            ).exclude(kind=WorkProgrammeEntry.Kind.WORKSHOP),
            key=lambda e: (KIND_ORDER.get(e.kind, 9), e.pk),
        )
        existing = meeting.items.all()
        position = (existing.aggregate(Max("position"))["position__max"] or 0) + 1
        number = _next_number(existing.values_list("number", flat=True))
        created = []
        for entry in entries:
            item = AgendaItem(
                organisation=meeting.organisation,
                meeting=meeting,
                position=position,
                number=str(number),
                title=entry.title,
                purpose=entry.purpose,
                kind=(
                    AgendaItem.Kind.VERBAL
                    if entry.kind == WorkProgrammeEntry.Kind.STANDING
                    else AgendaItem.Kind.REPORT
                ),
            )
            item.save()
            entry.agenda_item = item
            entry.status = WorkProgrammeEntry.Status.ON_AGENDA
            entry.save()
            created.append(item)
            position += 1
            number += 1
    return created


def entry_create_from_action(*, action: Action, today=None) -> tuple[WorkProgrammeEntry, bool]:
    """Put a board action on the work programme: a one-off item for the board's next
    meeting (or no meeting yet, if none is scheduled). Returns (entry, created); an action
    already on the programme (and not dropped) is not added twice."""
    with transaction.atomic():
        existing = (
            WorkProgrammeEntry.objects.filter(from_action=action)
            .exclude(status=WorkProgrammeEntry.Status.DROPPED)
            .first()
        )
        if existing:
            return existing, False
        meeting = upcoming_meetings(action.board, today).first()
        agreed = _day(action.meeting)
        entry = WorkProgrammeEntry(
            organisation=action.organisation,
            board=action.board,
            meeting=meeting,
            kind=WorkProgrammeEntry.Kind.ONE_OFF,
            title=Truncator(" ".join(action.description.split())).chars(300),
            purpose=(
                f"Arising from the action agreed on {agreed:%-d %B %Y}"
                + (f" ({action.owner_name})." if action.owner_name else ".")
            ),
            from_action=action,
        )
        entry.save()
    return entry, True
