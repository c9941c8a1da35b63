"""Participation URLs (outputs), included by participation/urls.py ("participation:...")."""

from django.urls import path

from . import views_outputs as views

urlpatterns = [
    path("you-said-we-did/", views.you_said_index, name="you_said_index"),
    path("you-said-we-did/districts/<int:pk>/", views.you_said_district, name="you_said_district"),
    path(
        "you-said-we-did/districts/<int:pk>/pdf/",
        views.you_said_district_pdf,
        name="you_said_district_pdf",
    ),
    path("you-said-we-did/groups/<int:pk>/", views.you_said_group, name="you_said_group"),
    path(
        "you-said-we-did/groups/<int:pk>/pdf/", views.you_said_group_pdf, name="you_said_group_pdf"
    ),
    path("you-said-we-did/newsletter/", views.newsletter, name="newsletter"),
    path("you-said-we-did/newsletter/pdf/", views.newsletter_request, name="newsletter_request"),
    path("you-said-we-did/pdf/<int:pk>/", views.loop_sheet_status, name="loop_sheet_status"),
    path(
        "you-said-we-did/pdf/<int:pk>/download/",
        views.loop_sheet_download,
        name="loop_sheet_download",
    ),
]
