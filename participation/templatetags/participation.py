""" "We did" where other apps' pages show it (pledges never imports participation: its
templates load this library, the pattern of boards.papers' `meeting_packs` and surveys'
evidence tags).

- `{% participation_evidence commitment %}`: on a promise's page, the responses that move it,
  each with what young people said. Those who may read feedback as written see the words;
  everyone else only the checked, approved words (`Feedback.words_for`); readers of
  participation follow a link to the response.
- `{% public_participation_evidence promise_id %}`: on the public pledge page (plain values
  only): approved items' public words and the response's text, status and month; no names, no
  staff, no links. One query for the whole page.
- `{% participation_responses_for feedback %}`: on an item's page, its responses and "Record
  what we did" (for the feedback area's item page).
"""

from collections import defaultdict

from django import template
from django.db.models import Case, CharField, F, Prefetch, Value, When

from corporate_parenting.roles import Capability

from ..models import Feedback, Response

register = template.Library()


def _membership(context):
    request = context.get("request")
    return getattr(request, "membership", None)


@register.inclusion_tag("participation/responses/_evidence.html", takes_context=True)
def participation_evidence(context, commitment):
    membership = _membership(context)
    same = membership is not None and membership.organisation.pk == commitment.organisation_id
    entries = []
    if same and membership.can(Capability.VIEW_PLEDGE):
        found = Response.objects.filter(
            organisation_id=commitment.organisation_id, promise=commitment
        ).prefetch_related(Prefetch("items", queryset=Feedback.objects.order_by("said_on", "pk")))
        for response in found:
            words = [w for w in (item.words_for(membership) for item in response.items.all()) if w]
            entries.append({"response": response, "words": words})
    return {
        "entries": entries,
        "links": same and membership.can(Capability.VIEW_PARTICIPATION),
    }


_PUBLIC_KEY = "participation.public_participation_evidence"


@register.inclusion_tag("participation/responses/_public_evidence.html", takes_context=True)
def public_participation_evidence(context, promise_id):
    """The responses that move a promise, for the public pledge page, keyed by its id. One
    query for the whole page: a row per item of a response (every response has one), the
    item's words only when `Feedback.objects.public()` lets them out."""
    by_promise = context.render_context.get(_PUBLIC_KEY)
    if by_promise is None:
        by_promise = defaultdict(list)
        slug = getattr(context.get("organisation"), "slug", None)
        if slug:
            public = Feedback.objects.public().values("pk")
            rows = (
                Response.items.through.objects.filter(
                    response__organisation__slug=slug, response__promise__isnull=False
                )
                .annotate(
                    said=Case(
                        When(feedback__in=public, then=F("feedback__public_text")),
                        default=Value(""),
                        output_field=CharField(),
                    )
                )
                .order_by("-response__responded_on", "-response_id", "feedback__said_on", "pk")
                .values_list(
                    "response_id",
                    "response__promise_id",
                    "response__text",
                    "response__status",
                    "response__responded_on",
                    "said",
                )
            )
            entries = {}
            for response_id, promise, text, status, on, said in rows:
                entry = entries.get(response_id)
                if entry is None:
                    entry = entries[response_id] = {
                        "said": [],
                        "did": text,
                        "status": status,
                        "status_label": Response.Status(status).label,
                        "on": on,
                    }
                    by_promise[promise].append(entry)
                if said:
                    entry["said"].append(said)
        context.render_context[_PUBLIC_KEY] = by_promise
    return {"entries": by_promise.get(promise_id, []) if promise_id else []}


@register.inclusion_tag("participation/responses/_responses_for.html", takes_context=True)
def participation_responses_for(context, feedback):
    membership = _membership(context)
    same = membership is not None and membership.organisation.pk == feedback.organisation_id
    return {
        "feedback": feedback,
        "responses": feedback.responses.all() if same else [],
        "can_respond": same and membership.can(Capability.MANAGE_PARTICIPATION),
    }
