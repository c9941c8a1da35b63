"""Placeholder: being written (see pledges/views/__init__.py)."""

from django.http import HttpResponse



def index(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)
