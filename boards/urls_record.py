"""URLs of the record area (boards/views/record.py), included in boards/urls.py."""

urlpatterns: list = []
