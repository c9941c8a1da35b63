"""URLs of the report_workflow area (views/report_workflow.py), in boards/urls.py."""

urlpatterns: list = []
