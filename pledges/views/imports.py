"""Placeholder: being written (see pledges/views/__init__.py)."""

from django.http import HttpResponse



def upload(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def preview(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def export(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)
