"""Participation URLs (feedback), included by participation/urls.py ("participation:...")."""

urlpatterns = []
