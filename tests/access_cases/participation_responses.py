"""Access cases for "We did" (participation/views_responses.py): everyone who sees
participation reads the queue, the responses and the measures (what words they read is
words_for's business); those who manage participation record, change and re-status responses
and set the council's promise about answering."""

from datetime import date

from django.urls import reverse

from corporate_parenting.roles import Capability
from participation.models import Response, ResponseStatus

from ..access import AccessCase
from ..participation.factories import FeedbackFactory

READ = Capability.VIEW_PARTICIPATION
WRITE = Capability.MANAGE_PARTICIPATION


def _item(w):
    return FeedbackFactory(organisation=w.organisation, said_on=date(2026, 3, 2))


def _response(w):
    response = Response.objects.create(
        organisation=w.organisation,
        text="We moved the sessions to after school",
        by_whom="Participation team",
        responded_on=date(2026, 3, 4),
    )
    response.items.add(_item(w))
    ResponseStatus.objects.create(
        organisation=w.organisation,
        response=response,
        status=response.status,
        reason="Agreed",
        changed_on=response.responded_on,
    )
    return response


def _new_response_data(w):
    return {
        "items": [_item(w).pk],
        "text": "We moved the sessions",
        "by_whom": "Participation team",
        "responded_on": "2026-03-04",
        "status": "planned",
    }


CASES = [
    AccessCase("participation:waiting", lambda w: reverse("participation:waiting"), READ),
    AccessCase("participation:responses", lambda w: reverse("participation:responses"), READ),
    AccessCase("participation:measures", lambda w: reverse("participation:measures"), READ),
    AccessCase(
        "participation:response_create",
        lambda w: reverse("participation:response_create") + f"?items={_item(w).pk}",
        WRITE,
    ),
    AccessCase(
        "participation:response_create (save)",
        lambda w: reverse("participation:response_create"),
        WRITE,
        method="post",
        data=_new_response_data,
    ),
    AccessCase(
        "participation:response",
        lambda w: reverse("participation:response", args=[_response(w).pk]),
        READ,
        object_view=True,
    ),
    AccessCase(
        "participation:response_update",
        lambda w: reverse("participation:response_update", args=[_response(w).pk]),
        WRITE,
        object_view=True,
    ),
    AccessCase(
        "participation:response_update (save)",
        lambda w: reverse("participation:response_update", args=[_response(w).pk]),
        WRITE,
        method="post",
        data={"text": "Changed"},
        object_view=True,
        ok_statuses=(200, 302, 400),
    ),
    AccessCase(
        "participation:response_status_change",
        lambda w: reverse("participation:response_status_change", args=[_response(w).pk]),
        WRITE,
        object_view=True,
    ),
    AccessCase(
        "participation:response_status_change (save)",
        lambda w: reverse("participation:response_status_change", args=[_response(w).pk]),
        WRITE,
        method="post",
        data={"status": "done", "reason": "Sessions now run after school"},
        object_view=True,
        ok_statuses=(200, 302, 400),
    ),
    AccessCase(
        "participation:loop_promise_update",
        lambda w: reverse("participation:loop_promise_update"),
        WRITE,
    ),
    AccessCase(
        "participation:loop_promise_update (save)",
        lambda w: reverse("participation:loop_promise_update"),
        WRITE,
        method="post",
        data={"working_days": "3"},
        ok_statuses=(200, 302, 400),
    ),
]
