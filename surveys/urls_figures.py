"""Performance figures (views_figures.py), included under /surveys/figures/ in the surveys
namespace."""

from django.urls import path

from . import views_figures as views

urlpatterns = [
    path("", views.index, name="figures"),
    path("indicators/<int:pk>/", views.indicator, name="figures_indicator"),
    path("indicators/<int:pk>/change/", views.indicator_update, name="figures_indicator_update"),
    path("indicators/<int:pk>/export/", views.indicator_export, name="figures_indicator_export"),
    path("import/", views.upload, name="figures_import"),
    path("import/template/", views.template, name="figures_import_template"),
    path("imports/<int:pk>/", views.preview, name="figures_import_preview"),
]
