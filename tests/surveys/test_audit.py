"""Survey changes are on the audit trail, under the council, without copying free text."""

import pytest
from auditlog import get_logentry_model
from django.urls import reverse

from corporate_parenting import audit
from surveys.models import Finding

from ..access import client_for
from .factories import WaveFactory

pytestmark = pytest.mark.django_db


def test_a_finding_is_audited_without_copying_what_children_said(world):
    wave = WaveFactory(instrument__organisation=world.organisation)
    client_for(world.officer).post(
        reverse("surveys:finding_create", args=[wave.pk]),
        {
            "kind": "theme",
            "summary": "Emma wants to see her brother",
            "response": "We will ask Emma's social worker",
            "position": "1",
        },
    )
    finding = Finding.objects.get()
    entry = get_logentry_model().objects.get(
        content_type__model="finding", object_pk=str(finding.pk)
    )
    assert entry.actor == world.officer
    assert entry.additional_data == {"organisation_id": world.organisation.pk}
    assert "Emma" not in str(entry.changes)
    assert "Emma" not in entry.object_repr
    assert entry.changes_dict["summary"][1] == audit.NOT_COPIED
    assert entry.changes_dict["response"][1] == audit.NOT_COPIED
