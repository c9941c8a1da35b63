"""Access cases for events, youth groups, themes, district leads and the district log
(participation/views_events.py): every role that sees participation reads events, groups and
the district log (Capability.VIEW_PARTICIPATION); officers, participation officers and
administrators change them and keep the settings (Capability.MANAGE_PARTICIPATION)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corporate_parenting.roles import Capability

from ..access import AccessCase
from ..factories import DistrictFactory
from ..participation.factories import (
    EventFactory,
    GroupPlacesFactory,
    ThemeFactory,
    YouthGroupFactory,
)

VIEW, MANAGE = Capability.VIEW_PARTICIPATION, Capability.MANAGE_PARTICIPATION


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()


def _district(w):
    return DistrictFactory(organisation=w.organisation)


def _theme(w):
    return ThemeFactory(organisation=w.organisation)


def _group(w):
    return YouthGroupFactory(organisation=w.organisation, names_needed=True)


def _places(w):
    return GroupPlacesFactory(group=_group(w))


def _holder(w):
    from participation.models import RoleHolder

    group = _group(w)
    return RoleHolder.objects.create(
        organisation=w.organisation, group=group, name="S.K.", started="2025-09-01"
    )


def _event(w):
    return EventFactory(organisation=w.organisation)


def _event_with_consent(w):
    return EventFactory(organisation=w.organisation, photo_consent="obtained")


def _photo(w):
    """A kept photo (tests keep media in a temporary folder)."""
    from django.core.files.base import ContentFile

    from participation.models import EventPhoto

    photo = EventPhoto(organisation=w.organisation, event=_event_with_consent(w))
    photo.file.save("access-case.png", ContentFile(png()), save=False)
    photo.save()
    return photo


def url(name, make):
    return lambda w: reverse(f"participation:{name}", args=[make(w).pk])


def plain(name):
    return lambda w: reverse(f"participation:{name}")


CASES = [
    AccessCase("participation:themes", plain("themes"), MANAGE),
    AccessCase("participation:theme_create", plain("theme_create"), MANAGE),
    AccessCase(
        "participation:theme_create (save)",
        plain("theme_create"),
        MANAGE,
        method="post",
        data={"name": "Placements", "position": "1"},
    ),
    AccessCase("participation:theme_update", url("theme_update", _theme), MANAGE, object_view=True),
    AccessCase(
        "participation:theme_delete (confirm)",
        url("theme_delete", _theme),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "participation:theme_delete",
        url("theme_delete", _theme),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "participation:theme_move",
        lambda w: reverse("participation:theme_move", args=[_theme(w).pk, "up"]),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase("participation:district_leads", plain("district_leads"), MANAGE),
    AccessCase(
        "participation:district_lead_update",
        url("district_lead_update", _district),
        MANAGE,
        object_view=True,
    ),
    AccessCase("participation:groups", plain("groups"), VIEW),
    AccessCase("participation:group_create", plain("group_create"), MANAGE),
    AccessCase(
        "participation:group_create (save)",
        plain("group_create"),
        MANAGE,
        method="post",
        data={"name": "Junior ambassadors", "kind": "junior_ambassadors"},
    ),
    AccessCase("participation:group", url("group", _group), VIEW, object_view=True),
    AccessCase("participation:group_update", url("group_update", _group), MANAGE, object_view=True),
    AccessCase(
        "participation:group_places_create",
        url("group_places_create", _group),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "participation:group_places_create (save)",
        url("group_places_create", _group),
        MANAGE,
        method="post",
        data={"as_of": "2025-04-01", "places": "16", "filled": "8"},
        object_view=True,
    ),
    AccessCase(
        "participation:group_places_delete",
        url("group_places_delete", _places),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "participation:group_holder_create",
        url("group_holder_create", _group),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "participation:group_holder_create (save)",
        url("group_holder_create", _group),
        MANAGE,
        method="post",
        data={"name": "Sam", "started": "2025-09-01"},
        object_view=True,
    ),
    AccessCase(
        "participation:group_holder_delete",
        url("group_holder_delete", _holder),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase("participation:events", plain("events"), VIEW),
    AccessCase(
        "participation:events (filtered)",
        lambda w: reverse("participation:events") + "?kind=conference&start=2025-01-01",
        VIEW,
    ),
    AccessCase("participation:event_create", plain("event_create"), MANAGE),
    AccessCase(
        "participation:event_create (save)",
        plain("event_create"),
        MANAGE,
        method="post",
        data={
            "title": "Participation conference",
            "date": "2025-10-22",
            "kind": "conference",
            "photo_consent": "not_obtained",
        },
    ),
    AccessCase("participation:event", url("event", _event), VIEW, object_view=True),
    AccessCase("participation:event_update", url("event_update", _event), MANAGE, object_view=True),
    AccessCase(
        "participation:event_delete (confirm)",
        url("event_delete", _event),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "participation:event_delete",
        url("event_delete", _event),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "participation:event_attendance",
        url("event_attendance", _event),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "participation:event_attendance (save)",
        url("event_attendance", _event),
        MANAGE,
        method="post",
        data={},  # no loaded state: the form says the page is out of date
        object_view=True,
    ),
    AccessCase(
        "participation:event_photo_create",
        url("event_photo_create", _event_with_consent),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "participation:event_photo_create (upload)",
        url("event_photo_create", _event),
        MANAGE,
        method="post",
        data=lambda w: {"photo": SimpleUploadedFile("p.png", png(), "image/png")},
        object_view=True,
    ),
    AccessCase(
        "participation:event_photo",
        url("event_photo", _photo),
        VIEW,
        object_view=True,
    ),
    AccessCase(
        "participation:event_photo_delete (confirm)",
        url("event_photo_delete", _photo),
        MANAGE,
        object_view=True,
    ),
    AccessCase("participation:county", plain("county"), VIEW),
    AccessCase(
        "participation:county (period)",
        lambda w: reverse("participation:county") + "?start=2025-01-01&end=2025-12-31",
        VIEW,
    ),
    AccessCase("participation:district", url("district", _district), VIEW, object_view=True),
]
