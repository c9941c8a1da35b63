"""Placeholder: being written (see pledges/views/__init__.py)."""

from django.http import HttpResponse



def report(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def report_request(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def report_status(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def report_download(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)
