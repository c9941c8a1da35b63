"""URLs of the packs area (views/packs.py), in boards/urls.py."""

from django.urls import path

from .views import packs

urlpatterns: list = [
    path("meetings/<int:pk>/packs/new/", packs.pack_request, name="pack_request"),
    path("packs/<int:pk>/", packs.pack_status, name="pack_status"),
    path("packs/<int:pk>/download/", packs.pack_download, name="pack_download"),
]
