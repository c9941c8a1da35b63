from django.urls import include, path

from . import views, views_wave_import

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("disclosure/", views.disclosure_settings, name="disclosure_settings"),
    path("instruments/new/", views.instrument_create, name="instrument_create"),
    path("instruments/<int:pk>/", views.instrument, name="instrument"),
    path("instruments/<int:pk>/change/", views.instrument_update, name="instrument_update"),
    path("instruments/<int:pk>/waves/new/", views.wave_create, name="wave_create"),
    path("waves/<int:pk>/", views.wave, name="wave"),
    path("waves/<int:pk>/change/", views.wave_update, name="wave_update"),
    path("waves/<int:pk>/figures.<str:fmt>", views.wave_export, name="wave_export"),
    path("waves/<int:pk>/cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/change/", views.cohort_update, name="cohort_update"),
    path("waves/<int:pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("waves/<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path("waves/<int:pk>/demographics/new/", views.demographic_create, name="demographic_create"),
    path("demographics/<int:pk>/change/", views.demographic_update, name="demographic_update"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
    path("indicators/<int:pk>/change/", views.indicator_update, name="indicator_update"),
    path("indicators/<int:pk>/comparators/new/", views.comparator_create, name="comparator_create"),
    path("comparators/<int:pk>/change/", views.comparator_update, name="comparator_update"),
    path("findings/<int:pk>/change/", views.finding_update, name="finding_update"),
    path("cohorts/<int:pk>/delete/", views.cohort_delete, name="cohort_delete"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("comparators/<int:pk>/delete/", views.comparator_delete, name="comparator_delete"),
    path("findings/<int:pk>/delete/", views.finding_delete, name="finding_delete"),
    path("demographics/<int:pk>/delete/", views.demographic_delete, name="demographic_delete"),
    path("waves/<int:pk>/import/", views_wave_import.upload, name="wave_import"),
    path(
        "waves/import-template.<slug:file_format>",
        views_wave_import.template,
        name="wave_import_template",
    ),
    path("wave-imports/<int:pk>/", views_wave_import.preview, name="wave_import_preview"),
    path("figures/", include("surveys.urls_figures")),
]

# Survey results as evidence on a promise's progress (surveys/views_evidence.py).
from . import views_evidence  # noqa: E402

urlpatterns += [
    path("evidence/updates/<int:pk>/add/", views_evidence.evidence_add, name="evidence_add"),
    path(
        "indicators/<int:pk>/evidence/",
        views_evidence.evidence_from_indicator,
        name="evidence_from_indicator",
    ),
    path("evidence/<int:pk>/remove/", views_evidence.evidence_remove, name="evidence_remove"),
]
