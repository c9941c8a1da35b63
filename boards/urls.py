from . import urls_actions, urls_boards, urls_programme, urls_record

app_name = "boards"

# One namespace, one URL list per area so each area's owner edits only their own file.
# Board papers (reports, report templates, packs) are in boards/papers/urls.py (`papers:`).
urlpatterns = [
    *urls_boards.urlpatterns,
    *urls_record.urlpatterns,
    *urls_actions.urlpatterns,
    *urls_programme.urlpatterns,
]
