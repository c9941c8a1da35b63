"""The open-data JSON API and its OpenAPI schema, under /api/v1/ (views/api.py)."""

from django.urls import path

from .views import api

app_name = "boards_api"

urlpatterns = [
    path("schema/", api.schema, name="schema"),
    path("<slug:org_slug>/meetings/", api.meetings, name="meetings"),
    path("<slug:org_slug>/meetings/<int:pk>/", api.meeting, name="meeting"),
    path("<slug:org_slug>/decisions/", api.decisions, name="decisions"),
]
