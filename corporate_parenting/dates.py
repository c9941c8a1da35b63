"""The date rules, each in one place: how far back and ahead a meeting may be set, that progress
is never dated in the future, and local time that cannot overflow.

Forms and imports use the validators, so a date out of range gets a message that says what to
change. The outputs (pages, feeds, calendars, the API) use `local()`, so a date already stored
at the very edge of what a database holds (1 January of year 1, 31 December 9999) still
renders rather than failing with OverflowError.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST = datetime.date(1990, 1, 1)
MEETING_YEARS_AHEAD = 10


def _long(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def meeting_date_range(today=None) -> tuple[datetime.date, datetime.date]:
    """From 1 January 1990 to 31 December ten years ahead."""
    today = today or timezone.localdate()
    return EARLIEST, datetime.date(today.year + MEETING_YEARS_AHEAD, 12, 31)


def _in_meeting_range(day: datetime.date, what: str) -> None:
    first, last = meeting_date_range()
    if not first <= day <= last:
        raise ValidationError(
            f"Enter a {what} between {_long(first)} and {_long(last)}", code="out_of_range"
        )


def validate_meeting_date(day: datetime.date) -> None:
    """For a meeting, whatever sets its date."""
    _in_meeting_range(day, "meeting date")


def validate_workshop_date(day: datetime.date) -> None:
    """Workshops go in the members' calendars beside the meetings: the same range."""
    _in_meeting_range(day, "workshop date")


def validate_progress_date(day: datetime.date) -> None:
    """Progress describes what has happened: not before 1990, never after today."""
    today = timezone.localdate()
    if day > today:
        raise ValidationError(
            f"Enter a date that is today or earlier: progress cannot be dated in the future "
            f"(today is {_long(today)})",
            code="future",
        )
    if day < EARLIEST:
        raise ValidationError(
            f"Enter a date between {_long(EARLIEST)} and today", code="out_of_range"
        )


class _AsStored(datetime.datetime):
    """A moment shown in UTC: templates must not convert it to local time again."""

    convert_to_local_time = False


def local(moment: datetime.datetime, zone=None) -> datetime.datetime:
    """`moment` in `zone` (the current time zone by default), or, at the edges of the calendar
    where that zone's offset would overflow (the first hours of year 1 in Europe/London), as
    stored, in UTC."""
    try:
        return timezone.localtime(moment, zone)
    except OverflowError:
        at = moment.astimezone(datetime.UTC)
        return _AsStored(
            at.year, at.month, at.day, at.hour, at.minute, at.second, at.microsecond, at.tzinfo
        )


def start_of(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the current time zone (for queries by day: a `__date`
    lookup converts every stored row, and fails on rows at the edges of the calendar)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def later(moment: datetime.datetime, length: datetime.timedelta):
    """`moment` + `length`, or None when that would be past the end of the calendar."""
    try:
        return moment + length
    except OverflowError:
        return None
