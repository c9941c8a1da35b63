"""Events: their pages, the attendance grid (totals always summed from the rows), photo
consent (refused by the form and by the service) and the lost-update guard."""

import html
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corporate_parenting.dates import meeting_date_range
from participation import events as services
from participation.forms_events import cell_name
from participation.models import BIG, Attendance, DistrictLead, Event, EventPhoto

from ..access import client_for
from ..factories import DistrictFactory, MembershipFactory, UserFactory
from ..test_lost_updates import guarded_form, panel_rows
from .factories import AttendanceFactory, EventFactory

pytestmark = pytest.mark.django_db


def png(size=(4, 4)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, "PNG")
    return out.getvalue()


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def districts(world):
    return [
        DistrictFactory(organisation=world.organisation, name=name, position=i)
        for i, name in enumerate(["Basingstoke", "East Hants", "Havant"], start=1)
    ]


@pytest.fixture
def officer(world):
    return client_for(world.participation_officer)


def _event_data(**overrides):
    return {
        "title": "Participation conference",
        "date": "2025-10-22",
        "kind": "conference",
        "photo_consent": "not_obtained",
        **overrides,
    }


# Adding and changing events ------------------------------------------------------------------


def test_an_officer_adds_an_event_and_is_taken_to_the_counts(world, officer, districts):
    response = officer.post(
        reverse("participation:event_create"),
        _event_data(districts=[districts[0].pk, districts[2].pk]),
    )
    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("participation:event_attendance", args=[event.pk])
    assert event.organisation == world.organisation
    assert event.created_by == world.participation_officer
    assert set(event.districts.all()) == {districts[0], districts[2]}


def test_a_district_have_your_say_needs_a_district(officer, districts):
    response = officer.post(
        reverse("participation:event_create"),
        _event_data(kind="have_your_say", title="Have your say: Havant"),
    )
    assert response.status_code == 200
    assert 'Select at least one district for a district "Have your say"' in page_text(response)
    assert "Have your say: Havant" in page_text(response)  # what was typed is kept
    assert not Event.objects.exists()


@pytest.mark.parametrize("day", ["1989-12-31", "9999-01-01"])
def test_an_event_date_outside_the_bounds_is_refused(officer, day):
    first, last = meeting_date_range()
    response = officer.post(reverse("participation:event_create"), _event_data(date=day))
    assert response.status_code == 200
    assert f"Enter an event date between {first:%-d %B %Y} and {last:%-d %B %Y}" in page_text(
        response
    )
    assert not Event.objects.exists()


def test_another_councils_district_cannot_be_chosen(world, officer):
    theirs = DistrictFactory(organisation=world.other_organisation)
    response = officer.post(
        reverse("participation:event_create"), _event_data(districts=[theirs.pk])
    )
    assert response.status_code == 200
    assert "Select districts from the list" in page_text(response)


def test_hostile_text_is_escaped_on_the_event_pages(world, officer):
    hostile = '<script>alert("x")</script>'
    event = EventFactory(organisation=world.organisation, title=hostile, notes=hostile)
    for url in (event.get_absolute_url(), reverse("participation:events")):
        page = officer.get(url).content.decode()
        assert hostile not in page
        assert "&lt;script&gt;" in page


def test_the_events_list_filters_by_district_kind_and_dates(world, officer, districts):
    havant = EventFactory(
        organisation=world.organisation, title="Havant HYS", date=date(2025, 5, 1)
    )
    havant.districts.add(districts[2])
    EventFactory(
        organisation=world.organisation,
        title="Conference",
        kind="conference",
        date=date(2025, 10, 22),
    )
    EventFactory(organisation=world.other_organisation, title="Not ours")
    url = reverse("participation:events")

    def titles(**query):
        response = officer.get(url, query)
        assert response.status_code == 200
        return {e.title for e, *_ in response.context["rows"]}

    assert titles() == {"Havant HYS", "Conference"}
    assert titles(district=districts[2].pk) == {"Havant HYS"}
    assert titles(kind="conference") == {"Conference"}
    assert titles(start="2025-06-01") == {"Conference"}
    assert titles(end="2025-06-01") == {"Havant HYS"}
    response = officer.get(url, {"start": "2025-06-01", "end": "2025-01-01"})
    assert "The end of the range must be on or after its start" in page_text(response)


# The attendance grid -------------------------------------------------------------------------


def _grid(officer, event, **query):
    url = reverse("participation:event_attendance", args=[event.pk])
    return url, officer.get(url, query)


def test_totals_are_computed_from_the_rows_per_district_and_overall(world, officer, districts):
    event = EventFactory(organisation=world.organisation, kind="conference")
    url, loaded = _grid(officer, event)
    data = guarded_form(loaded, cell_name(districts[0].pk, "in_care", "not_recorded"))
    basing, havant = districts[0].pk, districts[2].pk
    data.update(
        {
            cell_name(basing, "in_care", "not_recorded"): "3",
            cell_name(basing, "care_leavers", "not_recorded"): "1",
            cell_name(basing, "staff", "adult"): "3",
            cell_name(havant, "in_care", "not_recorded"): "6",
            cell_name(havant, "staff", "adult"): "5",
            cell_name(None, "staff", "adult"): "14",
            cell_name(havant, "board", "adult"): "0",  # a zero keeps no row
            "young_people": "999",  # a typed total is not a field: ignored
        }
    )
    response = officer.post(url, data)
    assert response.status_code == 302, page_text(response)[:2000]
    assert Attendance.objects.filter(event=event).count() == 6

    totals = services.attendance_totals(event)
    assert (totals.overall.young_people, totals.overall.adults) == (10, 22)
    per = {(d.name if d else None): (t.young_people, t.adults) for d, t in totals.by_district}
    assert per == {"Basingstoke": (4, 3), "Havant": (6, 5), None: (0, 14)}
    assert event.totals()["young_people"] == 10  # the model's own sum agrees

    page = officer.get(event.get_absolute_url())
    text = page_text(page)
    assert 'data-testid="total-young">10<' in text.replace("\n", "")
    assert 'data-testid="total-adults">22<' in text.replace("\n", "")
    assert "Outside the districts" in text


def test_saving_the_grid_again_changes_and_removes_rows(world, officer, districts):
    event = EventFactory(organisation=world.organisation, kind="conference")
    AttendanceFactory(event=event, district=districts[0], group="in_care", age_band="not_recorded")
    url, loaded = _grid(officer, event)
    name = cell_name(districts[0].pk, "in_care", "not_recorded")
    data = guarded_form(loaded, name)
    assert data[name] == "6"
    data[name] = ""
    data[cell_name(districts[1].pk, "children_in_need", "not_recorded")] = "2"
    assert officer.post(url, data).status_code == 302
    assert [(a.district, a.group, a.count) for a in event.attendance.all()] == [
        (districts[1], "children_in_need", 2)
    ]


@pytest.mark.parametrize(
    ("typed", "problem"),
    [("-1", "whole number"), ("2.5", "whole number"), ("lots", "whole number"), (str(BIG + 1), "")],
)
def test_a_count_that_is_not_a_whole_number_in_range_is_refused_and_nothing_is_lost(
    world, officer, districts, typed, problem
):
    event = EventFactory(organisation=world.organisation, kind="conference")
    url, loaded = _grid(officer, event)
    bad = cell_name(districts[1].pk, "care_leavers", "not_recorded")
    good = cell_name(districts[0].pk, "in_care", "not_recorded")
    data = {**guarded_form(loaded, bad), bad: typed, good: "4"}
    response = officer.post(url, data)
    assert response.status_code == 200
    text = page_text(response)
    assert (
        f"Enter the number of care leavers from East Hants as a whole number from 0 to {BIG:,}"
        in text
    )
    again = guarded_form(response, bad)
    assert (again[bad], again[good]) == (typed, "4")
    assert not event.attendance.exists()


def test_the_grid_takes_counts_by_age_band(world, officer, districts):
    event = EventFactory(organisation=world.organisation, kind="have_your_say")
    event.districts.add(districts[2])
    url, loaded = _grid(officer, event, ages="1")
    havant = districts[2].pk
    cells = {
        cell_name(havant, "in_care", "8_11"): "2",
        cell_name(havant, "in_care", "12_15"): "3",
        cell_name(havant, "care_leavers", "18_25"): "1",
        cell_name(havant, "staff", "adult"): "2",
    }
    # Only the event's district and "outside the districts" are rows.
    assert cell_name(districts[0].pk, "in_care", "8_11") not in loaded.content.decode()
    response = officer.post(url, {**guarded_form(loaded, next(iter(cells))), **cells})
    assert response.status_code == 302
    totals = services.attendance_totals(event)
    assert (totals.overall.young_people, totals.overall.adults) == (6, 2)
    # With counts by age band stored, the grid stays by age band.
    _url, again = _grid(officer, event)
    assert (
        guarded_form(again, cell_name(havant, "in_care", "12_15"))[
            cell_name(havant, "in_care", "12_15")
        ]
        == "3"
    )


def test_a_stale_grid_save_is_refused_and_the_counts_typed_are_kept(world, districts):
    event = EventFactory(organisation=world.organisation, kind="conference")
    a, b = client_for(world.participation_officer), client_for(world.officer)
    url = reverse("participation:event_attendance", args=[event.pk])
    name = cell_name(districts[0].pk, "in_care", "not_recorded")
    a_data, b_data = guarded_form(a.get(url), name), guarded_form(b.get(url), name)
    assert b.post(url, {**b_data, name: "5"}).status_code == 302
    refused = a.post(url, {**a_data, name: "7"})
    assert refused.status_code == 409
    assert event.attendance.get().count == 5
    assert [row[1:] for row in panel_rows(refused)] == [("5", "7")]
    assert guarded_form(refused, name)[name] == "7"


def test_the_grid_refuses_a_missing_loaded_state(world, officer, districts):
    event = EventFactory(organisation=world.organisation, kind="conference")
    url = reverse("participation:event_attendance", args=[event.pk])
    response = officer.post(url, {cell_name(districts[0].pk, "in_care", "not_recorded"): "3"})
    assert response.status_code == 200
    assert "This page is out of date" in page_text(response)
    assert not event.attendance.exists()


# Photos and consent --------------------------------------------------------------------------


def _upload(name="photo.png", content=None):
    return SimpleUploadedFile(name, png() if content is None else content, "image/png")


def test_the_form_refuses_a_photo_without_consent(world, officer):
    event = EventFactory(organisation=world.organisation, photo_consent="not_obtained")
    response = officer.post(
        reverse("participation:event_photo_create", args=[event.pk]), {"photo": _upload()}
    )
    assert response.status_code == 200
    assert services.NO_CONSENT_MESSAGE in page_text(response)
    assert not EventPhoto.objects.exists()


@pytest.mark.parametrize("consent", ["not_obtained", "not_needed"])
def test_the_service_refuses_a_photo_without_consent(world, consent):
    event = EventFactory(organisation=world.organisation, photo_consent=consent)
    with pytest.raises(ValidationError, match="Photo consent was not obtained"):
        services.event_photo_add(event=event, file=_upload(), by=world.participation_officer)
    assert not EventPhoto.objects.exists()


def test_the_service_checks_consent_as_stored_not_as_the_caller_has_it(world):
    event = EventFactory(organisation=world.organisation, photo_consent="obtained")
    Event.objects.filter(pk=event.pk).update(photo_consent="not_obtained")
    with pytest.raises(ValidationError):
        services.event_photo_add(event=event, file=_upload(), by=world.participation_officer)


def test_only_an_image_is_accepted(world, officer):
    event = EventFactory(organisation=world.organisation, photo_consent="obtained")
    url = reverse("participation:event_photo_create", args=[event.pk])
    fake = officer.post(url, {"photo": _upload("photo.png", b"<svg onload=alert(1)>")})
    assert "could not be opened as a PNG image" in page_text(fake)
    pdf = officer.post(
        url, {"photo": SimpleUploadedFile("notes.pdf", b"%PDF-1.4", "application/pdf")}
    )
    assert "is not a file type we accept: upload an image (PNG, JPEG)" in page_text(pdf)
    assert not EventPhoto.objects.exists()


def test_a_photo_is_kept_and_downloaded_only_through_the_checked_view(world, officer):
    event = EventFactory(organisation=world.organisation, photo_consent="obtained")
    response = officer.post(
        reverse("participation:event_photo_create", args=[event.pk]),
        {"photo": _upload(), "caption": "The graffiti wall"},
    )
    assert response.status_code == 302
    photo = EventPhoto.objects.get()
    assert photo.uploaded_by == world.participation_officer
    with pytest.raises(ValueError, match="no public URL"):
        photo.file.url  # noqa: B018
    download = client_for(world.councillor).get(
        reverse("participation:event_photo", args=[photo.pk])
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == png()
    outsider = client_for(world.outsiders["councillor"]).get(
        reverse("participation:event_photo", args=[photo.pk])
    )
    assert outsider.status_code == 404


def test_consent_cannot_be_taken_away_while_photos_are_kept(world, officer):
    event = EventFactory(
        organisation=world.organisation, photo_consent="obtained", kind="conference"
    )
    services.event_photo_add(event=event, file=_upload(), by=world.participation_officer)
    url = reverse("participation:event_update", args=[event.pk])
    data = {**guarded_form(officer.get(url), "title"), "photo_consent": "not_obtained"}
    response = officer.post(url, data)
    assert response.status_code == 200
    assert "This event has 1 photo. Delete the photos first" in page_text(response)
    event.refresh_from_db()
    assert event.photo_consent == "obtained"

    # Once the photo is deleted, consent can change.
    photo = EventPhoto.objects.get()
    stored = photo.file.name
    assert (
        officer.post(reverse("participation:event_photo_delete", args=[photo.pk])).status_code
        == 302
    )
    assert not photo.file.storage.exists(stored)
    data = {**guarded_form(officer.get(url), "title"), "photo_consent": "not_obtained"}
    assert officer.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.photo_consent == "not_obtained"


def test_an_event_with_photos_is_not_deleted_until_they_are(world, officer):
    event = EventFactory(organisation=world.organisation, photo_consent="obtained")
    services.event_photo_add(event=event, file=_upload(), by=world.participation_officer)
    response = officer.post(reverse("participation:event_delete", args=[event.pk]))
    assert response.status_code == 409
    assert "Delete the photos first" in page_text(response)
    assert Event.objects.filter(pk=event.pk).exists()


# District leads ------------------------------------------------------------------------------


def test_a_lead_is_a_member_of_this_council(world, officer, districts):
    url = reverse("participation:district_lead_update", args=[districts[0].pk])
    data = guarded_form(officer.get(url), "lead")
    outsider = world.outsiders["participation_officer"]
    refused = officer.post(url, {**data, "lead": outsider.pk})
    assert "Select one of this council&#x27;s members" in refused.content.decode() or (
        "Select one of this council's members" in page_text(refused)
    )
    assert officer.post(url, {**data, "lead": world.participation_officer.pk}).status_code == 302
    assert DistrictLead.objects.get(district=districts[0]).lead == world.participation_officer
    listing = officer.get(reverse("participation:district_leads"))
    assert str(world.participation_officer) in page_text(listing)


def test_a_stale_district_lead_save_is_refused(world, districts):
    second = MembershipFactory(
        organisation=world.organisation,
        role="participation_officer",
        user=UserFactory(email="second.lead@shire.example.org"),
    ).user
    url = reverse("participation:district_lead_update", args=[districts[0].pk])
    a, b = client_for(world.participation_officer), client_for(world.officer)
    a_data, b_data = guarded_form(a.get(url), "lead"), guarded_form(b.get(url), "lead")
    assert b.post(url, {**b_data, "lead": str(second.pk)}).status_code == 302
    refused = a.post(url, {**a_data, "lead": str(world.participation_officer.pk)})
    assert refused.status_code == 409
    assert DistrictLead.objects.get(district=districts[0]).lead == second
    again = guarded_form(refused, "lead")
    assert again["lead"] == str(world.participation_officer.pk)
    assert a.post(url, again).status_code == 302
    assert DistrictLead.objects.get(district=districts[0]).lead == world.participation_officer
