"""The demo part for events: seed 002's conference with attendance by district as the seed
lists it, district sessions, the Care Ambassadors' places, leads and themes. Idempotent."""

import pytest

from corporate_parenting import demo as core_demo
from corporate_parenting.models import District
from participation.demo import events as demo
from participation.events import attendance_totals
from participation.models import DistrictLead, Event, GroupPlaces, RoleHolder, Theme, YouthGroup

from ..factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_conference_has_the_seeds_attendance_by_district():
    organisation = core_demo.load()
    demo.load(organisation)
    conference = Event.objects.get(organisation=organisation, title=demo.CONFERENCE_TITLE)
    totals = attendance_totals(conference)
    assert (totals.overall.young_people, totals.overall.adults) == (32, 51)
    per = {(d.name if d else None): (t.adults, t.young_people) for d, t in totals.by_district}
    assert per == {
        **{name: (staff, young) for name, staff, young in demo.CONFERENCE_REGISTER},
        None: (14, 0),
    }
    assert conference.photo_consent == Event.PhotoConsent.NOT_OBTAINED
    assert conference.districts.count() == 8


def test_the_demo_loads_once_with_leads_groups_themes_and_district_sessions():
    organisation = core_demo.load()
    demo.load(organisation)
    demo.load(organisation)
    assert Event.objects.filter(organisation=organisation).count() == 1 + len(demo.HAVE_YOUR_SAY)
    assert Event.objects.filter(organisation=organisation, kind="have_your_say").count() == 4
    assert DistrictLead.objects.filter(organisation=organisation).count() == 8
    assert all(lead.lead is not None for lead in DistrictLead.objects.all())
    ambassadors = YouthGroup.objects.get(organisation=organisation, name="Care Ambassadors")
    assert GroupPlaces.objects.filter(group=ambassadors, as_of="2018-11-01", filled=8).exists()
    assert ambassadors.places.count() == 3
    assert not RoleHolder.objects.exists()  # the demo keeps no names
    assert Theme.objects.filter(organisation=organisation).count() == len(demo.THEMES)


def test_a_council_without_districts_gets_the_seeds_eight():
    organisation = OrganisationFactory()
    demo.load(organisation)
    assert [d.name for d in District.objects.for_organisation(organisation)] == (
        core_demo.HAMPSHIRE_DISTRICTS
    )
