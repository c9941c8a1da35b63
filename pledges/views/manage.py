"""Placeholder, being written."""

from django.http import HttpResponse


def versions(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def version_create(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def version_detail(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def version_update(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def version_copy(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def version_adopt(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def version_compare(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def theme_create(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def theme_update(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def theme_delete(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def commitment_create(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def commitment_detail(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def commitment_update(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def commitment_delete(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def action_create(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def action_update(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def action_delete(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def update_create(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def update_edit(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def update_submit(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def update_approve(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def update_request_changes(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def approvals(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


def my_commitments(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)
