"""URLs of the report_workflow area (views/report_workflow.py), in boards/urls.py."""

from django.urls import path

from .views import report_workflow as views

urlpatterns = [
    path("reports/<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:pk>/comment/", views.report_comment, name="report_comment"),
    path(
        "reports/<int:pk>/request-changes/",
        views.report_request_changes,
        name="report_request_changes",
    ),
    path("reports/<int:pk>/clear/", views.report_clear, name="report_clear"),
    path("reports/<int:pk>/publish/", views.report_publish, name="report_publish"),
    path("reports/<int:pk>/versions/", views.report_versions, name="report_versions"),
    path("reports/<int:pk>/versions/compare/", views.report_compare, name="report_compare"),
]
