from django.urls import path

from .views import dashboard, imports, manage, record, reports

app_name = "pledges"

urlpatterns = [
    # Councillors' view (views/dashboard.py)
    path("", dashboard.index, name="index"),
    # Versions, themes, commitments, progress and approval (views/manage.py)
    path("versions/", manage.versions, name="versions"),
    path("versions/new/", manage.version_create, name="version_create"),
    path("versions/<int:pk>/", manage.version_detail, name="version"),
    path("versions/<int:pk>/edit/", manage.version_update, name="version_update"),
    path("versions/<int:pk>/copy/", manage.version_copy, name="version_copy"),
    path("versions/<int:pk>/adopt/", manage.version_adopt, name="version_adopt"),
    path("versions/<int:pk>/compare/", manage.version_compare, name="version_compare"),
    path("versions/<int:pk>/themes/new/", manage.theme_create, name="theme_create"),
    path(
        "versions/<int:pk>/promises/new/",
        manage.version_promise_create,
        name="version_promise_create",
    ),
    path("themes/<int:pk>/edit/", manage.theme_update, name="theme_update"),
    path("themes/<int:pk>/delete/", manage.theme_delete, name="theme_delete"),
    path("themes/<int:pk>/commitments/new/", manage.commitment_create, name="commitment_create"),
    path("commitments/<int:pk>/", manage.commitment_detail, name="commitment"),
    path("commitments/<int:pk>/edit/", manage.commitment_update, name="commitment_update"),
    path("commitments/<int:pk>/delete/", manage.commitment_delete, name="commitment_delete"),
    path("commitments/<int:pk>/actions/new/", manage.action_create, name="action_create"),
    path("actions/<int:pk>/edit/", manage.action_update, name="action_update"),
    path("actions/<int:pk>/delete/", manage.action_delete, name="action_delete"),
    path("commitments/<int:pk>/progress/new/", manage.update_create, name="update_create"),
    path(
        "actions/<int:pk>/progress/new/",
        manage.action_update_create,
        name="action_update_create",
    ),
    path("progress/<int:pk>/edit/", manage.update_edit, name="update_edit"),
    path("progress/<int:pk>/submit/", manage.update_submit, name="update_submit"),
    path("progress/<int:pk>/approve/", manage.update_approve, name="update_approve"),
    path(
        "progress/<int:pk>/changes/", manage.update_request_changes, name="update_request_changes"
    ),
    path("evidence/<int:pk>/download/", manage.evidence_download, name="evidence_download"),
    path("approvals/", manage.approvals, name="approvals"),
    path("mine/", manage.my_commitments, name="mine"),
    path("settings/", manage.pledge_settings, name="settings"),
    # The record of an adopted version: withdrawn promises, its history (views/record.py)
    path("commitments/<int:pk>/withdraw/", record.commitment_withdraw, name="commitment_withdraw"),
    path("versions/<int:pk>/history/", record.version_history, name="version_history"),
    # Progress report page and PDF (views/reports.py)
    path("report/", reports.report, name="report"),
    path("report/pdf/", reports.report_request, name="report_request"),
    path("report/pdf/<int:pk>/", reports.report_status, name="report_status"),
    path("report/pdf/<int:pk>/download/", reports.report_download, name="report_download"),
    # Spreadsheet import and export (views/imports.py)
    path("versions/<int:pk>/import/", imports.upload, name="import_upload"),
    path("versions/<int:pk>/import/template/", imports.template, name="import_template"),
    path("imports/<int:pk>/", imports.preview, name="import_preview"),
    path("versions/<int:pk>/export/", imports.export, name="export"),
]
