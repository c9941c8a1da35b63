"""URLs of the reports area (views/reports.py), in boards/urls.py."""

urlpatterns: list = []
