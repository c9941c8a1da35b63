"""URLs of the report_templates area (views/report_templates.py), in boards/urls.py."""

from django.urls import path

from .views import report_templates as views

urlpatterns = [
    path("report-templates/", views.report_templates, name="report_templates"),
    path("report-templates/add/", views.report_template_create, name="report_template_create"),
    path("report-templates/<int:pk>/", views.report_template, name="report_template"),
    path(
        "report-templates/<int:pk>/change/",
        views.report_template_update,
        name="report_template_update",
    ),
    path(
        "report-templates/<int:pk>/sections/add/",
        views.template_section_create,
        name="template_section_create",
    ),
    path(
        "report-templates/sections/<int:pk>/",
        views.template_section_update,
        name="template_section_update",
    ),
    path(
        "report-templates/sections/<int:pk>/delete/",
        views.template_section_delete,
        name="template_section_delete",
    ),
    path(
        "report-templates/sections/<int:pk>/move/",
        views.template_section_move,
        name="template_section_move",
    ),
]
