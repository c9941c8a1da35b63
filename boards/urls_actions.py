"""URLs of the actions area (boards/views/actions.py), included in boards/urls.py."""

urlpatterns: list = []
