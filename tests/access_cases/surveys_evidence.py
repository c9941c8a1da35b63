"""Access cases for survey results as evidence on progress (surveys/views_evidence.py): those
who record progress and read survey results; on an update of someone else, only those who
manage the pledge (administrators and officers), as pledges' update_edit."""

from django.urls import reverse

from corporate_parenting.roles import Capability, Role
from pledges.models import ProgressUpdate
from surveys.models import SurveyEvidence

from ..access import AccessCase
from ..factories import ProgressUpdateFactory, UserFactory
from ..surveys.factories import IndicatorFactory, InstrumentFactory, WaveFactory
from .pledges_manage import _adopted_commitment

MANAGERS = [Role.ADMINISTRATOR, Role.OFFICER]


def _draft_update(w):
    return ProgressUpdateFactory(
        commitment=_adopted_commitment(w),
        state=ProgressUpdate.State.DRAFT,
        approved_at=None,
        author=UserFactory(),
    )


def _indicator(w):
    return IndicatorFactory(
        wave=WaveFactory(instrument=InstrumentFactory(organisation=w.organisation))
    )


def _evidence(w):
    update = _draft_update(w)
    return SurveyEvidence.objects.create(
        organisation=w.organisation, update=update, indicator=_indicator(w)
    )


CASES = [
    AccessCase(
        "surveys:evidence_add",
        lambda w: reverse("surveys:evidence_add", args=[_draft_update(w).pk]),
        MANAGERS,
        object_view=True,
    ),
    AccessCase(
        "surveys:evidence_add (save)",
        lambda w: reverse("surveys:evidence_add", args=[_draft_update(w).pk]),
        MANAGERS,
        method="post",
        data=lambda w: {"source": f"indicator-{_indicator(w).pk}"},
        object_view=True,
    ),
    AccessCase(
        "surveys:evidence_from_indicator",
        lambda w: reverse("surveys:evidence_from_indicator", args=[_indicator(w).pk]),
        Capability.RECORD_PROGRESS,
        object_view=True,
    ),
    AccessCase(
        "surveys:evidence_from_indicator (save)",
        lambda w: reverse("surveys:evidence_from_indicator", args=[_indicator(w).pk]),
        Capability.RECORD_PROGRESS,
        method="post",
        data={"update": ""},
        object_view=True,
    ),
    AccessCase(
        "surveys:evidence_remove",
        lambda w: reverse("surveys:evidence_remove", args=[_evidence(w).pk]),
        MANAGERS,
        method="post",
        object_view=True,
    ),
]
