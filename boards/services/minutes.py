"""The record of a meeting: attendance, minutes with continuous numbers, resolutions,
approval at a later meeting, corrections and publication.

Minute numbers run on across a board's meetings (seed 002: 28, 29, 30 ...). They are worked
out, never typed: `minutes_renumber()` walks the board's meetings in order and gives every
minuted item the next number. Call it after anything that can change the order: minutes saved
(done here), a meeting added, moved or cancelled, agenda items added, removed or reordered.
Published minutes are cited by number, so once a meeting's minutes are published (or
approved) their numbers never change; a minute written later for an older meeting, or for a
published one, takes the next free number, and `numbering_note()` tells the clerk why it is
out of order (decision 0009).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

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
from ..signals import minutes_changed


def _minutes_changed(meeting: Meeting) -> None:
    """Tell the apps that publish the minutes (their PDF: boards.papers) to look again."""
    minutes_changed.send(sender=Meeting, meeting=meeting)


LOCKED_MESSAGE = (
    "These minutes were approved and are locked: record a correction to change a minute."
)


# Numbering ----------------------------------------------------------------------------------


def numbers_fixed(meeting: Meeting) -> bool:
    """Published or approved minutes are cited by number: their numbers never change."""
    if meeting.status == Meeting.Status.CANCELLED:
        return False
    return meeting.status == Meeting.Status.MINUTES_APPROVED or (
        meeting.minutes_published_at is not None
    )


@transaction.atomic
def minutes_renumber(*, board: Board) -> None:
    """Give every minute of the board's meetings its number, in meeting and agenda order.

    Cancelled meetings have no place in the sequence (their minutes, if any, lose their
    numbers). Numbers of published or approved minutes are fixed. Every other minute gets the
    next number in order; where that would collide with a fixed number, a meeting's unfixed
    minutes move, together, to the next run of free numbers (so an older meeting minuted
    after a newer one was published comes after it, and a minute added to published minutes
    comes after the meeting's fixed ones). A number is never given twice.
    """
    Board.objects.select_for_update().filter(pk=board.pk).first()  # one renumbering at a time
    minutes = list(
        Minute.objects.filter(item__meeting__board=board)
        .select_related("item__meeting")
        .order_by("item__meeting__starts_at", "item__meeting__pk", "item__position", "item__pk")
    )
    by_meeting: dict[int, list[Minute]] = {}
    for minute in minutes:
        by_meeting.setdefault(minute.item.meeting_id, []).append(minute)
    fixed = {m.number for m in minutes if m.number is not None and numbers_fixed(m.item.meeting)}
    counter = board.first_minute_number
    for group in by_meeting.values():
        meeting = group[0].item.meeting
        if meeting.status == Meeting.Status.CANCELLED:
            _set_numbers([(minute, None) for minute in group])
            continue
        to_number = group
        if numbers_fixed(meeting):
            kept = [m.number for m in group if m.number is not None]
            if kept:
                counter = max(counter, max(kept) + 1)
            to_number = [m for m in group if m.number is None]
        if not to_number:
            continue
        start = counter
        while clash := [n for n in range(start, start + len(to_number)) if n in fixed]:
            start = max(clash) + 1
        _set_numbers([(minute, start + i) for i, minute in enumerate(to_number)])
        counter = start + len(to_number)


def _set_numbers(pairs) -> None:
    for minute, number in pairs:
        if minute.number != number:
            minute.number = number
            minute.save(update_fields=["number"])


def _span(numbers: list[int]) -> str:
    low, high = min(numbers), max(numbers)
    return f"{low}" if low == high else f"{low} to {high}"


def numbering_note(*, meeting: Meeting) -> str:
    """Why this meeting's minute numbers are out of meeting or agenda order, if they are:
    numbers of published or approved minutes never change, so later ones take the next free
    numbers. Empty when the numbers are in order."""
    if meeting.status == Meeting.Status.CANCELLED:
        return ""
    mine = [
        n
        for n in Minute.objects.filter(item__meeting=meeting)
        .order_by("item__position", "item__pk")
        .values_list("number", flat=True)
        if n is not None
    ]
    if not mine:
        return ""
    rule = (
        "a published minute number never changes, so minutes written later take the next "
        "free numbers."
    )
    for later in (
        Meeting.objects.filter(board=meeting.board, starts_at__gt=meeting.starts_at)
        .not_cancelled()
        .order_by("starts_at")
    ):
        if not numbers_fixed(later):
            continue
        theirs = list(
            Minute.objects.filter(item__meeting=later, number__lt=max(mine)).values_list(
                "number", flat=True
            )
        )
        if theirs:
            how = "approved" if later.minutes_locked else "published"
            when = f"{timezone.localtime(later.starts_at):%-d %B %Y}"
            return (
                f"These minutes are numbered {_span(mine)}, after those of the later meeting of "
                f"{when}, which are {how}: {rule}"
            )
    if mine != sorted(mine):
        out_of_order = [n for i, n in enumerate(mine) if n > min(mine[i + 1 :], default=n)]
        listed = ", ".join(str(n) for n in out_of_order)
        word = "Minute" if len(out_of_order) == 1 else "Minutes"
        return (
            f"{word} {listed} {'is' if len(out_of_order) == 1 else 'are'} numbered after this "
            f"meeting's other minutes, which were published first: {rule}"
        )
    return ""


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
def attendance_save(
    *, meeting: Meeting, rows: list[AttendanceRow], also_present: str | None = None
) -> None:
    """Record who was present, sent apologies or was absent (and whom a substitute replaced),
    and, when given, the officers and others also present (one a line)."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled: there is no attendance to record.")
    if meeting.minutes_locked:
        raise PermissionDenied(LOCKED_MESSAGE)
    present = {row.member.pk for row in rows if row.status == Attendance.Status.PRESENT}
    for row in rows:
        if row.substitute_for and row.substitute_for.pk in present:
            raise ValidationError(f"{row.substitute_for} was present, so nobody substituted.")
    if also_present is not None:
        lines = "\n".join(line.strip() for line in also_present.splitlines() if line.strip())
        if lines != meeting.also_present:
            meeting.also_present = lines
            meeting.save(update_fields=["also_present"])
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
    _minutes_changed(meeting)


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


def declaration_delete(*, declaration) -> None:
    """Delete a declaration of interest (the view refuses it once the minutes are locked)."""
    declaration.delete()
    _minutes_changed(declaration.meeting)


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
    _minutes_changed(meeting)


PREVIOUS_AGREED = "The minutes of the meeting held on {when} were agreed."
PREVIOUS_NOT_AVAILABLE = (
    "The minutes of the meeting held on {when} were not yet available: they will be considered "
    "at a future meeting."
)
PREVIOUS_DRAFT = (
    "The minutes of the meeting held on {when} were not agreed at this meeting: they remain a "
    "draft, to be considered at a future meeting."
)


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}"


def previous_minutes_sentence(meeting: Meeting) -> tuple[str, str]:
    """What the "Minutes of the previous meeting" minute says, from the previous meeting's
    real state, and a note for the clerk when the state may be out of date: (sentence, note).

    Agreed only when they were approved at this meeting; otherwise it says what happened:
    not yet available (none recorded), still a draft (not approved), or agreed elsewhere."""
    previous = (
        Meeting.objects.filter(board=meeting.board, starts_at__lt=meeting.starts_at)
        .not_cancelled()
        .select_related("minutes_approved_at")
        .order_by("-starts_at")
        .first()
    )
    if previous is None:
        return "", ""
    when = _day(previous.starts_at)
    if previous.minutes_locked and previous.minutes_approved_at_id == meeting.pk:
        return PREVIOUS_AGREED.format(when=when), ""
    if previous.minutes_locked and previous.minutes_approved_at is not None:
        agreed_on = _day(previous.minutes_approved_at.starts_at)
        return (
            f"The minutes of the meeting held on {when} were agreed at the meeting of {agreed_on}.",
            "",
        )
    if not Minute.objects.filter(item__meeting=previous).exists():
        return (
            PREVIOUS_NOT_AVAILABLE.format(when=when),
            f"No minutes are recorded for the meeting of {when}.",
        )
    return (
        PREVIOUS_DRAFT.format(when=when),
        f"The minutes of the meeting of {when} are not recorded as approved. If the board "
        "agreed them at this meeting, record their approval on that meeting's minutes page "
        "first: this suggestion then says they were agreed.",
    )


def _say_previous_minutes_agreed(*, previous: Meeting, at: Meeting) -> None:
    """Approval recorded after the approving meeting's minute was saved with the product's
    "not agreed" wording: that wording is brought up to date (never the clerk's own words)."""
    if at.minutes_locked:
        return
    when = _day(previous.starts_at)
    stale = {PREVIOUS_NOT_AVAILABLE.format(when=when), PREVIOUS_DRAFT.format(when=when)}
    for minute in Minute.objects.filter(
        item__meeting=at, item__kind=AgendaItem.Kind.PREVIOUS_MINUTES
    ):
        if minute.text.strip() in stale:
            minute.text = PREVIOUS_AGREED.format(when=when)
            minute.save()


def _end_of_today():
    tomorrow = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def approving_meetings(meeting: Meeting):
    """Where these minutes can be approved: a later, non-cancelled meeting of the same board
    that has been held, or is being held today (never one still to come)."""
    return (
        Meeting.objects.filter(
            board=meeting.board, starts_at__gt=meeting.starts_at, starts_at__lt=_end_of_today()
        )
        .not_cancelled()
        .order_by("starts_at")
    )


APPROVE_AT_MESSAGE = (
    "Select a later meeting of this board, not cancelled, that has been held, or is being "
    "held today"
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
        if (
            approved_at.board_id == meeting.board_id
            and approved_at.starts_at > meeting.starts_at
            and approved_at.status != Meeting.Status.CANCELLED
        ):
            raise ValidationError(
                f"The meeting of {timezone.localtime(approved_at.starts_at):%-d %B %Y} has not "
                "been held yet: minutes are approved at a later meeting that has been held, or "
                "is being held today."
            )
        raise ValidationError(APPROVE_AT_MESSAGE)
    minutes_renumber(board=meeting.board)  # numbers are current before they are frozen
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_approved_at = approved_at
    meeting.save()
    _minutes_changed(meeting)
    _say_previous_minutes_agreed(previous=meeting, at=approved_at)


def minute_correct(*, minute: Minute, text: str, reason: str, user) -> MinuteCorrection:
    """A change to approved minutes is recorded, never made silently: the original stays."""
    if not minute.item.meeting.minutes_locked:
        raise ValidationError("These minutes are still draft: change them on the minutes page.")
    correction = MinuteCorrection.objects.create(
        organisation=minute.organisation, minute=minute, text=text, reason=reason, made_by=user
    )
    _minutes_changed(minute.item.meeting)
    return correction


def minutes_publish(*, meeting: Meeting) -> None:
    """Publish the minutes (draft minutes are published marked "draft, not yet approved")."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError("This meeting was cancelled: it has no minutes to publish.")
    if not Minute.objects.filter(item__meeting=meeting).exists():
        raise ValidationError("There are no minutes to publish yet: record the minutes first.")
    if meeting.minutes_published_at is None:
        meeting.minutes_published_at = timezone.now()
        meeting.save()
        _minutes_changed(meeting)
