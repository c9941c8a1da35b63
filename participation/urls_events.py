"""Participation URLs (events), included by participation/urls.py ("participation:...")."""

urlpatterns = []
