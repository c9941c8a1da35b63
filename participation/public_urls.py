"""Participation's public pages, mounted at /p/<org_slug>/ by corporate_parenting/urls.py:
anyone, signed in or not (participation/views_outputs.py)."""

from django.urls import path

from . import views_outputs

app_name = "participation_public"

urlpatterns = [
    path("you-said-we-did/", views_outputs.public_you_said_we_did, name="you_said_we_did"),
]
