"""Access cases for feedback ("You said") and the personal-data guard (participation/
views_feedback.py): every member who sees participation reads the list and approved items
(councillors and co-opted members only approved ones, as public_text); those who manage
participation add, change, delete, enter quickly and check for personal data."""

import uuid

from django.urls import reverse
from django.utils import timezone

from corporate_parenting.roles import Capability
from participation import feedback as services

from ..access import AccessCase
from ..participation.factories import EventFactory, FeedbackFactory

VIEW = Capability.VIEW_PARTICIPATION
MANAGE = Capability.MANAGE_PARTICIPATION


def _approved(w):
    return FeedbackFactory(
        organisation=w.organisation,
        text="More activities in the holidays",
        public_text="More activities in the holidays",
        approved_at=timezone.now(),
    )


def _item(w, text="More activities in the holidays"):
    return FeedbackFactory(organisation=w.organisation, text=text, public_text=text)


def _flagged(w):
    return _item(w, "Emma has the biggest heart")


def _decision(w):
    item = _flagged(w)
    (flag,) = services.guard.scan(item.text)
    return item, {
        "flag": services.flag_key(flag),
        "digest": services.words_digest(item.text),
        "decision": "redacted",
    }


def _event(w):
    return EventFactory(organisation=w.organisation)


def _form(w):
    return {"text": "More music", "kind": "yes_more", "said_on": "2026-10-14"}


CASES = [
    AccessCase(
        "participation:feedback_list", lambda w: reverse("participation:feedback_list"), VIEW
    ),
    AccessCase(
        "participation:feedback",
        lambda w: reverse("participation:feedback", args=[_approved(w).pk]),
        VIEW,
        object_view=True,
    ),
    AccessCase(
        "participation:feedback_add", lambda w: reverse("participation:feedback_add"), MANAGE
    ),
    AccessCase(
        "participation:feedback_add (save)",
        lambda w: reverse("participation:feedback_add"),
        MANAGE,
        method="post",
        data=_form,
    ),
    AccessCase(
        "participation:feedback_from_finding",
        lambda w: (
            reverse("participation:feedback_from_finding")
            + f"?reference={uuid.uuid4()}&summary=More+say+in+plans"
        ),
        MANAGE,
    ),
    AccessCase(
        "participation:feedback_update",
        lambda w: reverse("participation:feedback_update", args=[_item(w).pk]),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "participation:feedback_delete",
        lambda w: reverse("participation:feedback_delete", args=[_item(w).pk]),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "participation:feedback_delete (confirm)",
        lambda w: reverse("participation:feedback_delete", args=[_item(w).pk]),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "participation:feedback_quick", lambda w: reverse("participation:feedback_quick"), MANAGE
    ),
    AccessCase(
        "participation:feedback_quick (save)",
        lambda w: reverse("participation:feedback_quick"),
        MANAGE,
        method="post",
        data={"text": "More music", "kind": "yes_more"},
    ),
    AccessCase(
        "participation:feedback_quick_event",
        lambda w: reverse("participation:feedback_quick_event", args=[_event(w).pk]),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "participation:feedback_check",
        lambda w: reverse("participation:feedback_check", args=[_flagged(w).pk]),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "participation:feedback_check_next",
        lambda w: reverse("participation:feedback_check_next"),
        MANAGE,
    ),
]


def _decide_case():
    made = {}

    def url(w):
        item, data = _decision(w)
        made["data"] = data
        return reverse("participation:feedback_decide", args=[item.pk])

    return AccessCase(
        "participation:feedback_decide",
        url,
        MANAGE,
        method="post",
        data=lambda w: made["data"],
        object_view=True,
    )


def _approve_case():
    made = {}

    def url(w):
        item = _item(w)
        made["data"] = {"digest": services.words_digest(item.text)}
        return reverse("participation:feedback_approve", args=[item.pk])

    return AccessCase(
        "participation:feedback_approve",
        url,
        MANAGE,
        method="post",
        data=lambda w: made["data"],
        object_view=True,
    )


CASES += [_decide_case(), _approve_case()]
