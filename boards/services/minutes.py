"""The record of a meeting: attendance, minutes with continuous numbers, resolutions,
approval at a later meeting, corrections and publication.

Minute numbers run on across a board's meetings (seed 002: 28, 29, 30 ...). They are worked
out, never typed: `minutes_renumber()` walks the board's meetings in order and gives every
minuted item the next number. Call it after anything that can change the order: minutes saved
(done here), a meeting added, moved or cancelled, agenda items added, removed or reordered.
Approved minutes are the record, so their numbers are frozen and the count runs on after them.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import (
    AgendaItem,
    Attendance,
    Board,
    BoardMember,
    Meeting,
    Minute,
    MinuteCorrection,
    Resolution,
)

LOCKED_MESSAGE = (
    "These minutes were approved and are locked: record a correction to change a minute."
)


# Numbering ----------------------------------------------------------------------------------


@transaction.atomic
def minutes_renumber(*, board: Board) -> None:
    """Give every minute of the board's meetings its number, continuously.

    Cancelled meetings have no place in the sequence (their minutes, if any, lose their
    numbers). Meetings whose minutes are approved keep their stored numbers, and the count
    continues after the highest of them; a number already frozen is never given twice.
    """
    Board.objects.select_for_update().filter(pk=board.pk).first()  # one renumbering at a time
    minutes = list(
        Minute.objects.filter(item__meeting__board=board)
        .select_related("item__meeting")
        .order_by("item__meeting__starts_at", "item__meeting__pk", "item__position", "item__pk")
    )
    approved = Meeting.Status.MINUTES_APPROVED
    cancelled = Meeting.Status.CANCELLED
    frozen = {
        m.number for m in minutes if m.item.meeting.status == approved and m.number is not None
    }
    counter = board.first_minute_number
    for minute in minutes:
        status = minute.item.meeting.status
        if status == cancelled:
            number = None
        elif status == approved and minute.number is not None:
            counter = max(counter, minute.number + 1)
            continue
        else:
            while counter in frozen:
                counter += 1
            number = counter
            counter += 1
        if minute.number != number:
            minute.number = number
            minute.save(update_fields=["number"])


# Attendance -----------------------------------------------------------------------------------


def members_for_meeting(meeting: Meeting):
    """The board's members whose term covers the meeting's date."""
    on = timezone.localdate(meeting.starts_at)
    return (
        BoardMember.objects.filter(board=meeting.board, start_date__lte=on)
        .exclude(end_date__lt=on)
        .order_by("kind", "role", "name")
    )


@dataclass
class AttendanceRow:
    member: BoardMember
    status: str  # an Attendance.Status, or "" for a substitute who was not called on
    substitute_for: BoardMember | None = None


@transaction.atomic
def attendance_save(*, meeting: Meeting, rows: list[AttendanceRow]) -> None:
    """Record who was present, sent apologies or was absent (and whom a substitute replaced)."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled: there is no attendance to record.")
    if meeting.minutes_locked:
        raise PermissionDenied(LOCKED_MESSAGE)
    present = {row.member.pk for row in rows if row.status == Attendance.Status.PRESENT}
    for row in rows:
        if row.substitute_for and row.substitute_for.pk in present:
            raise ValidationError(f"{row.substitute_for} was present, so nobody substituted.")
    existing = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    for row in rows:
        record = existing.get(row.member.pk)
        if not row.status:
            if record is not None:
                record.delete()
            continue
        substitute_for = row.substitute_for if row.status == Attendance.Status.PRESENT else None
        if record is None:
            Attendance.objects.create(
                organisation=meeting.organisation,
                meeting=meeting,
                member=row.member,
                status=row.status,
                substitute_for=substitute_for,
            )
        elif record.status != row.status or record.substitute_for_id != (
            substitute_for.pk if substitute_for else None
        ):
            record.status = row.status
            record.substitute_for = substitute_for
            record.save()


def meeting_mark_held(*, meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled, so it cannot be marked as held.")
    if not meeting.is_past:
        raise ValidationError("A meeting cannot be marked as held before it starts.")
    if meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        meeting.status = Meeting.Status.HELD
        meeting.save()


@dataclass
class AttendanceSummary:
    member: BoardMember
    rows: list  # (meeting, Attendance or None)
    attended: int = 0
    apologies: int = 0
    absent: int = 0
    not_recorded: int = 0

    @property
    def recorded(self) -> int:
        return self.attended + self.apologies + self.absent

    @property
    def percentage(self) -> int | None:
        """Meetings attended, as a whole percentage of those with attendance recorded."""
        return round(100 * self.attended / self.recorded) if self.recorded else None


def _in_term(member: BoardMember, on: date) -> bool:
    return member.start_date <= on and (member.end_date is None or member.end_date >= on)


def attendance_summary(*, member: BoardMember) -> AttendanceSummary:
    """A member's attendance across the board's meetings during their term.

    Cancelled meetings and meetings outside the term are left out; so are meetings still to
    come. A substitute is counted only at the meetings they were recorded at.
    """
    records = {a.meeting_id: a for a in member.attendance.select_related("substitute_for")}
    now = timezone.now()
    summary = AttendanceSummary(member=member, rows=[])
    meetings = Meeting.objects.filter(board=member.board).not_cancelled().order_by("starts_at")
    for meeting in meetings:
        record = records.get(meeting.pk)
        if not _in_term(member, timezone.localdate(meeting.starts_at)):
            continue
        if record is None and (
            meeting.starts_at > now or member.role == BoardMember.Role.SUBSTITUTE
        ):
            continue
        summary.rows.append((meeting, record))
        if record is None:
            summary.not_recorded += 1
        elif record.status == Attendance.Status.PRESENT:
            summary.attended += 1
        elif record.status == Attendance.Status.APOLOGIES:
            summary.apologies += 1
        else:
            summary.absent += 1
    return summary


# Minutes ------------------------------------------------------------------------------------


@dataclass
class MinuteEntry:
    item: AgendaItem
    text: str
    resolutions: list[str]


def _refuse_if_locked(meeting: Meeting) -> None:
    if meeting.minutes_locked:
        raise PermissionDenied(LOCKED_MESSAGE)


@transaction.atomic
def minutes_save(*, meeting: Meeting, entries: list[MinuteEntry]) -> None:
    """Save the draft minutes: one Minute per item (procedural ones too), its resolutions in
    order, then renumber the board's minutes."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _refuse_if_locked(meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled: it has no minutes.")
    for entry in entries:
        if entry.item.meeting_id != meeting.pk:
            raise ValidationError("That item is not on this meeting's agenda.")
        minute = Minute.objects.filter(item=entry.item).first()
        if minute is None:
            minute = Minute.objects.create(
                organisation=meeting.organisation, item=entry.item, text=entry.text
            )
        elif minute.text != entry.text:
            minute.text = entry.text
            minute.save()
        existing = list(minute.resolutions.order_by("position", "pk"))
        for position, text in enumerate(entry.resolutions):
            if position < len(existing):
                resolution = existing[position]
                if resolution.text != text or resolution.position != position:
                    resolution.text, resolution.position = text, position
                    resolution.save()
            else:
                Resolution.objects.create(
                    organisation=meeting.organisation, minute=minute, position=position, text=text
                )
        for resolution in existing[len(entry.resolutions) :]:
            resolution.delete()
    minutes_renumber(board=meeting.board)


def approving_meetings(meeting: Meeting):
    """Later, non-cancelled meetings of the same board: where these minutes can be approved."""
    return (
        Meeting.objects.filter(board=meeting.board, starts_at__gt=meeting.starts_at)
        .not_cancelled()
        .order_by("starts_at")
    )


@transaction.atomic
def minutes_approve(*, meeting: Meeting, approved_at: Meeting) -> None:
    """Approved at a later meeting (its "Minutes of the previous meeting" item): the minutes
    are then the record, their numbers frozen."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_locked:
        raise ValidationError("These minutes are already approved.")
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled: it has no minutes to approve.")
    if not Minute.objects.filter(item__meeting=meeting).exists():
        raise ValidationError("There are no minutes to approve yet: record the minutes first.")
    if not approving_meetings(meeting).filter(pk=approved_at.pk).exists():
        raise ValidationError(
            "Select a later meeting of this board, not cancelled, at which the minutes were "
            "approved"
        )
    minutes_renumber(board=meeting.board)  # numbers are current before they are frozen
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_approved_at = approved_at
    meeting.save()


def minute_correct(*, minute: Minute, text: str, reason: str, user) -> MinuteCorrection:
    """A change to approved minutes is recorded, never made silently: the original stays."""
    if not minute.item.meeting.minutes_locked:
        raise ValidationError("These minutes are still draft: change them on the minutes page.")
    return MinuteCorrection.objects.create(
        organisation=minute.organisation, minute=minute, text=text, reason=reason, made_by=user
    )


def minutes_publish(*, meeting: Meeting) -> None:
    """Publish the minutes (draft minutes are published marked "draft, not yet approved")."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled: it has no minutes to publish.")
    if not Minute.objects.filter(item__meeting=meeting).exists():
        raise ValidationError("There are no minutes to publish yet: record the minutes first.")
    if meeting.minutes_published_at is None:
        meeting.minutes_published_at = timezone.now()
        meeting.save()
