"""Survey results where other apps' pages show them (a lower app never imports surveys: its
template loads this library, the pattern of boards.papers' `meeting_packs`).

- `{% survey_evidence update %}`: a progress update's survey evidence. Readers of survey results
  follow a link to it; everyone else reads its published sentence (surveys.blocks). Those who
  may change the update add and remove it here.
- `{% public_survey_evidence update_id %}`: on the public pledge page (plain values only):
  published sentences, no links, no names; one query for the whole page.
- `{% survey_evidence_for indicator %}`: on a survey result's page, the promises it is
  evidence for, and "Use as evidence on a promise".
"""

from collections import defaultdict

from django import template

from corporate_parenting.roles import Capability

from ..blocks import evidence_line, evidence_queryset
from ..published import Audience, Disclosure

register = template.Library()


def _membership(context):
    request = context.get("request")
    return request, getattr(request, "membership", None)


@register.inclusion_tag("surveys/_survey_evidence.html", takes_context=True)
def survey_evidence(context, update):
    request, membership = _membership(context)
    same = membership is not None and membership.organisation.pk == update.organisation_id
    links = same and membership.can(Capability.VIEW_SURVEYS)
    can_change = (
        links
        and membership.can(Capability.RECORD_PROGRESS)
        and update.is_editable
        and (update.author_id == request.user.pk or membership.can(Capability.MANAGE_PLEDGE))
    )
    items = evidence_queryset(update.survey_evidence.all()) if same else []
    published = Disclosure(membership.organisation, Audience.PUBLISHED) if same else None
    return {
        "update": update,
        "lines": [(item, evidence_line(item, published)) for item in items],
        "links": links,
        "can_change": can_change,
        "csrf_token": context.get("csrf_token"),
    }


_PUBLIC_KEY = "surveys.public_survey_evidence"


@register.inclusion_tag("surveys/_public_survey_evidence.html", takes_context=True)
def public_survey_evidence(context, update_id):
    """Evidence of an approved update for the public page, keyed by the update's id."""
    by_update = context.render_context.get(_PUBLIC_KEY)
    if by_update is None:
        from pledges.models import ProgressUpdate

        from ..models import SurveyEvidence

        organisation = context.get("organisation")
        slug = getattr(organisation, "slug", None)
        by_update = defaultdict(list)
        if slug:
            found = evidence_queryset(
                SurveyEvidence.objects.filter(
                    organisation__slug=slug, update__state=ProgressUpdate.State.APPROVED
                )
            )
            published = None
            for item in found:
                published = published or Disclosure(item.organisation, Audience.PUBLISHED)
                by_update[item.update_id].append(evidence_line(item, published))
        context.render_context[_PUBLIC_KEY] = by_update
    return {"lines": by_update.get(update_id, []) if update_id else []}


@register.inclusion_tag("surveys/_survey_evidence_for.html", takes_context=True)
def survey_evidence_for(context, indicator):
    _request, membership = _membership(context)
    same = membership is not None and membership.organisation.pk == indicator.organisation_id
    items = (
        indicator.evidence_for.select_related("update__commitment", "update__action").order_by(
            "-update__as_of", "pk"
        )
        if same
        else []
    )
    return {
        "indicator": indicator,
        "items": items,
        "can_use": same
        and membership.can(Capability.RECORD_PROGRESS)
        and membership.can(Capability.VIEW_SURVEYS),
    }
