"""URLs of the boards area (boards/views/boards.py), included in boards/urls.py."""

from django.urls import path

from .views import boards

urlpatterns = [
    path("", boards.index, name="index"),
]
