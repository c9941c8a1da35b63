"""URLs of the report_templates area (views/report_templates.py), in boards/urls.py."""

urlpatterns: list = []
