"""Participation URLs (outputs), included by participation/urls.py ("participation:...")."""

urlpatterns = []
