"""Participation URLs (responses), included by participation/urls.py ("participation:...")."""

from django.urls import path

from . import views_responses as views

urlpatterns = [
    path("waiting/", views.waiting, name="waiting"),
    path("we-did/", views.responses, name="responses"),
    path("we-did/new/", views.response_create_view, name="response_create"),
    path("we-did/<int:pk>/", views.response_detail, name="response"),
    path("we-did/<int:pk>/change/", views.response_update, name="response_update"),
    path(
        "we-did/<int:pk>/status/",
        views.response_status_change_view,
        name="response_status_change",
    ),
    path("measures/", views.measures, name="measures"),
    path("measures/promise/", views.loop_promise_update, name="loop_promise_update"),
]
