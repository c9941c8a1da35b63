"""A district with attendance counts is kept: deleting it is refused with a reason, not a 500."""

import pytest
from django.urls import reverse

from corporate_parenting.models import District

from ..access import client_for
from ..factories import DistrictFactory
from .factories import AttendanceFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_a_district_with_attendance_counts_cannot_be_deleted(world):
    district = DistrictFactory(organisation=world.organisation, name="Rushmoor")
    event = EventFactory(organisation=world.organisation)
    AttendanceFactory(event=event, district=district)
    client = client_for(world.administrator)
    response = client.post(reverse("district_delete", args=[district.pk]), follow=True)
    assert response.status_code == 200
    assert District.objects.filter(pk=district.pk).exists()
    assert "Rushmoor cannot be deleted" in response.content.decode()
