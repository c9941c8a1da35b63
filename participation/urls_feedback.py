"""Participation URLs (feedback), included by participation/urls.py ("participation:...")."""

from django.urls import path

from . import views_feedback as views

urlpatterns = [
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("feedback/add/", views.feedback_add, name="feedback_add"),
    path("feedback/from-finding/", views.feedback_from_finding, name="feedback_from_finding"),
    path("feedback/quick/", views.feedback_quick, name="feedback_quick"),
    path("feedback/quick/event/<int:pk>/", views.feedback_quick_event, name="feedback_quick_event"),
    path("feedback/check/next/", views.feedback_check_next, name="feedback_check_next"),
    path("feedback/<int:pk>/", views.feedback, name="feedback"),
    path("feedback/<int:pk>/change/", views.feedback_update, name="feedback_update"),
    path("feedback/<int:pk>/delete/", views.feedback_delete, name="feedback_delete"),
    path("feedback/<int:pk>/check/", views.feedback_check, name="feedback_check"),
    path("feedback/<int:pk>/decide/", views.feedback_decide, name="feedback_decide"),
    path("feedback/<int:pk>/approve/", views.feedback_approve, name="feedback_approve"),
]
