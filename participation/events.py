"""Services for events, their attendance counts and photos (issue 14, point 2).

Who came is stored as counts by district, group and age band (`Attendance`), never names;
the totals are always summed from those rows (`attendance_totals`), never typed. A photo may
be kept only where consent was obtained: `event_photo_add` checks it again whatever the form
said, and consent cannot be taken away while photos are kept (`consent_change_problem`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from corporate_parenting.uploads import IMAGES, validate_upload

from .models import Attendance, Event, EventPhoto

NO_CONSENT_MESSAGE = (
    "Photo consent was not obtained for this event, so no photo can be kept. If consent was "
    "obtained, change the event's photo consent first."
)
PHOTOS_KEPT_MESSAGE = (
    "This event has {n} photo{s}. Delete the photos first, then change the photo consent."
)


def consent_change_problem(event: Event, new_consent: str) -> str:
    """Why `event`'s photo consent may not become `new_consent`, or ""."""
    if not event.pk or new_consent == Event.PhotoConsent.OBTAINED:
        return ""
    kept = event.photos.count()
    if not kept:
        return ""
    return PHOTOS_KEPT_MESSAGE.format(n=kept, s="" if kept == 1 else "s")


def event_photo_add(*, event: Event, file, caption: str = "", by) -> EventPhoto:
    """Keep a photo of `event`: refused unless consent was obtained, and unless the file is
    an image (checked by content, corporate_parenting.uploads)."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if not locked.photos_allowed:
            raise ValidationError(NO_CONSENT_MESSAGE, code="no_consent")
        validate_upload(file, allowed=IMAGES)
        return EventPhoto.objects.create(
            organisation=locked.organisation,
            event=locked,
            file=file,
            caption=caption,
            uploaded_by=by,
        )


def event_photo_delete(*, photo: EventPhoto) -> None:
    """Delete the photo and its file."""
    stored = photo.file
    photo.delete()
    if stored:
        stored.delete(save=False)


# Attendance --------------------------------------------------------------------------------


def attendance_key(district_id, group: str, age_band: str) -> tuple:
    return (district_id, group, age_band)


def attendance_set(*, event: Event, counts: dict[tuple, int | None]) -> None:
    """Make the event's attendance exactly `counts` ({(district id or None, group, age band):
    count}); a zero or an empty cell keeps no row. Cells not in `counts` are left alone."""
    with transaction.atomic():
        stored = {
            attendance_key(a.district_id, a.group, a.age_band): a
            # order_by("pk"): the model's ordering joins the (nullable) district, and
            # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
            for a in Attendance.objects.select_for_update().filter(event=event).order_by("pk")
        }
        for key, count in counts.items():
            row = stored.get(key)
            if not count:
                if row is not None:
                    row.delete()
                continue
            if row is None:
                district_id, group, age_band = key
                Attendance.objects.create(
                    organisation=event.organisation,
                    event=event,
                    district_id=district_id,
                    group=group,
                    age_band=age_band,
                    count=count,
                )
            elif row.count != count:
                row.count = count
                row.save(update_fields=["count"])


@dataclass
class Totals:
    """An event's attendance summed from its rows: per district (None: from outside the
    districts) and overall, young people and adults, and by group."""

    young_people: int = 0
    adults: int = 0
    by_group: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def cells(self) -> list[int]:
        """The counts by group, in the order of Attendance.Group (the grid's columns)."""
        return [self.by_group.get(g.value, 0) for g in Attendance.Group]

    @property
    def everyone(self) -> int:
        return self.young_people + self.adults

    def add(self, group: str, count: int) -> None:
        if group in Attendance.YOUNG_PEOPLE:
            self.young_people += count
        else:
            self.adults += count
        self.by_group[group] += count


@dataclass
class AttendanceTotals:
    overall: Totals
    by_district: list  # [(district or None, Totals)] in the districts' order


def attendance_totals(event: Event) -> AttendanceTotals:
    """The totals of `event`, per district and overall, computed from its attendance rows."""
    overall = Totals()
    per: dict = {}
    districts: dict = {}
    for row in event.attendance.select_related("district"):
        overall.add(row.group, row.count)
        per.setdefault(row.district_id, Totals()).add(row.group, row.count)
        districts[row.district_id] = row.district
    order = sorted(
        per,
        key=lambda pk: (
            pk is None,
            (districts[pk].position, districts[pk].name) if pk is not None else (0, ""),
        ),
    )
    return AttendanceTotals(overall=overall, by_district=[(districts[pk], per[pk]) for pk in order])
