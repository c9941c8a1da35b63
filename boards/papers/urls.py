"""URLs of board papers, under /boards/ (namespace `papers`): one list per area.

The paths are the ones they had under `boards:`; only their names moved.
"""

from django.urls import path

from boards.papers.views import packs, report_templates, report_workflow, reports

app_name = "papers"

# reports: views/reports.py
report_paths = [
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
        "reports/appendices/<int:pk>/replace/",
        reports.report_appendix_replace,
        name="report_appendix_replace",
    ),
    path(
        "reports/appendices/<int:pk>/delete/",
        reports.report_appendix_delete,
        name="report_appendix_delete",
    ),
]

# report_workflow: views/report_workflow.py
workflow_paths = [
    path("reports/<int:pk>/submit/", report_workflow.report_submit, name="report_submit"),
    path("reports/<int:pk>/comment/", report_workflow.report_comment, name="report_comment"),
    path(
        "reports/<int:pk>/request-changes/",
        report_workflow.report_request_changes,
        name="report_request_changes",
    ),
    path("reports/<int:pk>/clear/", report_workflow.report_clear, name="report_clear"),
    path("reports/<int:pk>/publish/", report_workflow.report_publish, name="report_publish"),
    path(
        "reports/<int:pk>/correction/start/",
        report_workflow.report_correction_start,
        name="report_correction_start",
    ),
    path(
        "reports/<int:pk>/correction/withdraw/",
        report_workflow.report_correction_withdraw,
        name="report_correction_withdraw",
    ),
    path(
        "reports/<int:pk>/correction/publish/",
        report_workflow.report_correction_publish,
        name="report_correction_publish",
    ),
    path("reports/<int:pk>/versions/", report_workflow.report_versions, name="report_versions"),
    path(
        "reports/<int:pk>/versions/compare/", report_workflow.report_compare, name="report_compare"
    ),
]

# report_templates: views/report_templates.py
template_paths = [
    path("report-templates/", report_templates.report_templates, name="report_templates"),
    path(
        "report-templates/add/",
        report_templates.report_template_create,
        name="report_template_create",
    ),
    path("report-templates/<int:pk>/", report_templates.report_template, name="report_template"),
    path(
        "report-templates/<int:pk>/change/",
        report_templates.report_template_update,
        name="report_template_update",
    ),
    path(
        "report-templates/<int:pk>/sections/add/",
        report_templates.template_section_create,
        name="template_section_create",
    ),
    path(
        "report-templates/sections/<int:pk>/",
        report_templates.template_section_update,
        name="template_section_update",
    ),
    path(
        "report-templates/sections/<int:pk>/delete/",
        report_templates.template_section_delete,
        name="template_section_delete",
    ),
    path(
        "report-templates/sections/<int:pk>/move/",
        report_templates.template_section_move,
        name="template_section_move",
    ),
]

# packs: views/packs.py
pack_paths = [
    path("meetings/<int:pk>/packs/new/", packs.pack_request, name="pack_request"),
    path("packs/<int:pk>/", packs.pack_status, name="pack_status"),
    path("packs/<int:pk>/download/", packs.pack_download, name="pack_download"),
]

urlpatterns = [*report_paths, *workflow_paths, *template_paths, *pack_paths]
