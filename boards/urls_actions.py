"""URLs of the actions area (boards/views/actions.py), included in boards/urls.py."""

from django.urls import path

from .views import actions

urlpatterns = [
    path("actions/", actions.action_log, name="actions"),
    path("actions/<int:pk>/", actions.action_detail, name="action"),
    path("actions/<int:pk>/update/", actions.action_update, name="action_update"),
    path("meetings/<int:pk>/actions/new/", actions.action_create, name="action_create"),
]
