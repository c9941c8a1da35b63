from . import (
    urls_actions,
    urls_boards,
    urls_packs,
    urls_programme,
    urls_record,
    urls_report_templates,
    urls_report_workflow,
    urls_reports,
)

app_name = "boards"

# One namespace, one URL list per area so each area's owner edits only their own file.
urlpatterns = [
    *urls_boards.urlpatterns,
    *urls_record.urlpatterns,
    *urls_actions.urlpatterns,
    *urls_programme.urlpatterns,
    *urls_report_templates.urlpatterns,
    *urls_reports.urlpatterns,
    *urls_report_workflow.urlpatterns,
    *urls_packs.urlpatterns,
]
