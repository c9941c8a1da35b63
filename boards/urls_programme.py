"""URLs of the programme area (boards/views/programme.py), included in boards/urls.py."""

urlpatterns: list = []
