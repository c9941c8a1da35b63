"""The one way a view calls a service that may refuse: "call the service, show its validation
errors, go back". A service says no with a ValidationError whose messages are written for the
person at the page; the view shows them on its form, or as an error message above the page it
goes back to, and carries on as if nothing were written."""

from django.contrib import messages
from django.core.exceptions import ValidationError


class _Failed:
    """What call_service returns when the service refused. A sentinel rather than None, since
    some services return nothing, and some a falsy result (no items added, nothing moved)."""

    def __bool__(self):
        return False

    def __repr__(self):
        return "FAILED"


FAILED = _Failed()


def call_service(request, form, service, /, *, field=None, **kwargs):
    """Run `service(**kwargs)` and return what it returns. If it raises ValidationError,
    return FAILED having put its messages on `form` (as errors of the form, or of `field`
    when given) or, with no form, in one error message on the next page."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
        elif field is None:
            form.add_error(None, error)
        else:
            for message in error.messages:
                form.add_error(field, message)
        return FAILED
