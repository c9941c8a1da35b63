"""Access cases for the survey pages (surveys/views.py): every member reads them
(Capability.VIEW_SURVEYS; what each sees is decided by surveys.published), officers change
them; the public pages show the waves a council has published to anyone."""

from django.urls import reverse

from corporate_parenting.roles import Capability

from ..access import AccessCase
from ..surveys.factories import (
    CohortFactory,
    ComparatorFactory,
    FindingFactory,
    IndicatorFactory,
    InstrumentFactory,
    WaveFactory,
)

VIEW, MANAGE = Capability.VIEW_SURVEYS, Capability.MANAGE_SURVEYS


def _instrument(w):
    return InstrumentFactory(organisation=w.organisation)


def _wave(w):
    return WaveFactory(instrument=_instrument(w))


def _public_wave(w):
    return WaveFactory(instrument=_instrument(w), public=True)


def _cohort(w):
    return CohortFactory(wave=_wave(w))


def _indicator(w):
    return IndicatorFactory(wave=_wave(w))


def _comparator(w):
    return ComparatorFactory(indicator=_indicator(w))


def _finding(w):
    return FindingFactory(wave=_wave(w))


def _demographic(w):
    from surveys.models import DemographicCount

    wave = _wave(w)
    return DemographicCount.objects.create(
        organisation=w.organisation, wave=wave, dimension="gender", category="Girls", count=3
    )


def _wave_import(w):
    """An upload of a wave spreadsheet. Its file is not written to storage (so the matrix
    leaves no files behind): the preview says the file cannot be read, and confirming it
    imports nothing. tests/surveys/test_wave_import.py covers real files."""
    from surveys.models import WaveImport

    wave = _wave(w)
    return WaveImport.objects.create(
        organisation=w.organisation,
        wave=wave,
        file="wave-imports/access-case-not-stored.csv",
        original_name="wave.csv",
    )


def url(name, make):
    return lambda w: reverse(f"surveys:{name}", args=[make(w).pk])


CASES = [
    AccessCase(
        "surveys:disclosure_settings",
        lambda w: reverse("surveys:disclosure_settings"),
        Capability.MANAGE_ORGANISATION,
    ),
    AccessCase("surveys:instrument_create", lambda w: reverse("surveys:instrument_create"), MANAGE),
    AccessCase(
        "surveys:instrument_create (save)",
        lambda w: reverse("surveys:instrument_create"),
        MANAGE,
        method="post",
        data={"name": "Your Life Beyond Care", "audience": "care_leavers"},
    ),
    AccessCase(
        "surveys:instrument_update",
        url("instrument_update", _instrument),
        MANAGE,
        object_view=True,
    ),
    AccessCase("surveys:instrument", url("instrument", _instrument), VIEW, object_view=True),
    AccessCase("surveys:wave", url("wave", _wave), VIEW, object_view=True),
    AccessCase(
        "surveys:wave_export",
        lambda w: reverse("surveys:wave_export", args=[_wave(w).pk, "csv"]),
        VIEW,
        object_view=True,
    ),
    AccessCase("surveys:indicator", url("indicator", _indicator), VIEW, object_view=True),
    AccessCase("surveys:wave_create", url("wave_create", _instrument), MANAGE, object_view=True),
    AccessCase(
        "surveys:wave_create (save)",
        url("wave_create", _instrument),
        MANAGE,
        method="post",
        data={"label": "2026", "period_start": "2025-10-01", "period_end": "2026-03-31"},
        object_view=True,
    ),
    AccessCase("surveys:wave_update", url("wave_update", _wave), MANAGE, object_view=True),
    AccessCase("surveys:cohort_create", url("cohort_create", _wave), MANAGE, object_view=True),
    AccessCase(
        "surveys:cohort_create (save)",
        url("cohort_create", _wave),
        MANAGE,
        method="post",
        data={"label": "8-11 years", "eligible": "238", "responses": "75", "position": "1"},
        object_view=True,
    ),
    AccessCase("surveys:cohort_update", url("cohort_update", _cohort), MANAGE, object_view=True),
    AccessCase(
        "surveys:indicator_create", url("indicator_create", _wave), MANAGE, object_view=True
    ),
    AccessCase(
        "surveys:indicator_create (save)",
        url("indicator_create", _wave),
        MANAGE,
        method="post",
        data={
            "domain": "rights",
            "question": "Felt settled",
            "count": "67",
            "denominator": "75",
            "higher_is_better": "on",
            "position": "1",
        },
        object_view=True,
    ),
    AccessCase(
        "surveys:indicator_update", url("indicator_update", _indicator), MANAGE, object_view=True
    ),
    AccessCase(
        "surveys:comparator_create",
        url("comparator_create", _indicator),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "surveys:comparator_create (save)",
        url("comparator_create", _indicator),
        MANAGE,
        method="post",
        data={"kind": "england", "count": "1296", "denominator": "1640"},
        object_view=True,
    ),
    AccessCase(
        "surveys:comparator_update",
        url("comparator_update", _comparator),
        MANAGE,
        object_view=True,
    ),
    AccessCase("surveys:finding_create", url("finding_create", _wave), MANAGE, object_view=True),
    AccessCase(
        "surveys:finding_create (save)",
        url("finding_create", _wave),
        MANAGE,
        method="post",
        data={"kind": "wish", "summary": "More pocket money", "position": "1"},
        object_view=True,
    ),
    AccessCase("surveys:finding_update", url("finding_update", _finding), MANAGE, object_view=True),
    AccessCase(
        "surveys:demographic_create", url("demographic_create", _wave), MANAGE, object_view=True
    ),
    AccessCase(
        "surveys:demographic_create (save)",
        url("demographic_create", _wave),
        MANAGE,
        method="post",
        data={"dimension": "gender", "category": "Boys", "count": "0", "position": "1"},
        object_view=True,
    ),
    AccessCase(
        "surveys:demographic_update",
        url("demographic_update", _demographic),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "surveys:cohort_delete (confirm)",
        url("cohort_delete", _cohort),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "surveys:cohort_delete",
        url("cohort_delete", _cohort),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "surveys:indicator_delete (confirm)",
        url("indicator_delete", _indicator),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "surveys:indicator_delete",
        url("indicator_delete", _indicator),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "surveys:comparator_delete (confirm)",
        url("comparator_delete", _comparator),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "surveys:comparator_delete",
        url("comparator_delete", _comparator),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "surveys:finding_delete (confirm)",
        url("finding_delete", _finding),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "surveys:finding_delete",
        url("finding_delete", _finding),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "surveys:demographic_delete (confirm)",
        url("demographic_delete", _demographic),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "surveys:demographic_delete",
        url("demographic_delete", _demographic),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "surveys_public:index",
        lambda w: reverse("surveys_public:index", args=[w.organisation.slug]),
        [],
        public=True,
        ok_statuses=(200,),
    ),
    AccessCase(
        "surveys_public:wave",
        lambda w: reverse("surveys_public:wave", args=[w.organisation.slug, _public_wave(w).pk]),
        [],
        public=True,
        ok_statuses=(200,),
    ),
    AccessCase(
        "surveys_public:wave_export",
        lambda w: reverse(
            "surveys_public:wave_export", args=[w.organisation.slug, _public_wave(w).pk, "xlsx"]
        ),
        [],
        public=True,
        ok_statuses=(200,),
    ),
    AccessCase("surveys:wave_import", url("wave_import", _wave), MANAGE, object_view=True),
    AccessCase(
        "surveys:wave_import (upload)",
        url("wave_import", _wave),
        MANAGE,
        method="post",
        data={},  # no file: the form asks for one
        object_view=True,
    ),
    AccessCase(
        "surveys:wave_import_template",
        lambda w: reverse("surveys:wave_import_template", args=["xlsx"]),
        MANAGE,
    ),
    AccessCase(
        "surveys:wave_import_template (csv)",
        lambda w: reverse("surveys:wave_import_template", args=["csv"]),
        MANAGE,
    ),
    AccessCase(
        "surveys:wave_import_preview",
        url("wave_import_preview", _wave_import),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "surveys:wave_import_preview (confirm)",
        url("wave_import_preview", _wave_import),
        MANAGE,
        method="post",
        data={"plan": "not-the-plan"},
        object_view=True,
    ),
]
