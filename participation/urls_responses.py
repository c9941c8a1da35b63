"""Participation URLs (responses), included by participation/urls.py ("participation:...")."""

urlpatterns = []
