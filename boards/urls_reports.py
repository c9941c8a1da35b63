"""URLs of the reports area (views/reports.py), in boards/urls.py."""

from django.urls import path

from .views import reports

urlpatterns = [
    path("reports/", reports.report_list, name="reports"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/<int:pk>/edit/", reports.report_edit, name="report_edit"),
    path(
        "reports/<int:pk>/appendices/new/", reports.report_appendix_add, name="report_appendix_add"
    ),
    path(
        "reports/appendices/<int:pk>/download/",
        reports.report_appendix_download,
        name="report_appendix_download",
    ),
    path(
        "reports/appendices/<int:pk>/fix/", reports.report_appendix_fix, name="report_appendix_fix"
    ),
    path(
        "reports/appendices/<int:pk>/delete/",
        reports.report_appendix_delete,
        name="report_appendix_delete",
    ),
]
