"""Organisation and role checks for views: every view goes through these.

`get_for_organisation()` is the one access helper for objects: it loads an object only from
the current organisation (404 otherwise, so an outsider cannot even learn it exists) and
checks the member's role (403). `capability_required` guards views that list or create.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from .roles import Capability


def require(request, capability: Capability):
    """The member's role must grant `capability` in the current organisation."""
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404("You are not a member of an organisation.")
    if not membership.can(capability):
        raise PermissionDenied
    return membership


def get_for_organisation(request, model_or_queryset, capability: Capability, **lookup):
    """Load one object of the current organisation, or 404; then check the role, or 403."""
    membership = getattr(request, "membership", None)
    if membership is None:
        raise Http404
    queryset = (
        model_or_queryset._default_manager.all()
        if hasattr(model_or_queryset, "_default_manager")
        else model_or_queryset
    )
    obj = get_object_or_404(queryset.filter(organisation=membership.organisation), **lookup)
    require(request, capability)
    return obj


def capability_required(capability: Capability):
    """View decorator: a signed-in member of the current organisation with `capability`.

    A signed-in user with no organisation at all is sent to the page that explains it.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if getattr(request, "membership", None) is None:
                return redirect("no_organisation")
            require(request, capability)
            return view(request, *args, **kwargs)

        wrapped.capability = capability
        return wrapped

    return decorator
