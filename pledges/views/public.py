"""The young people's page, for anyone, signed in or not: the adopted pledge in plain words,
each promise's status in words, and what was done lately.

Only approved progress counts, and only its public summary is shown. The view hands the
template plain values (never a commitment or an update), so the officers' narratives, the
leads' names and anything unapproved cannot reach the page by a slip in the template. The
page's content is kept in the cache under the version's generation (pledges/cache.py).
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from corporate_parenting.models import Organisation

from .. import cache as pledge_cache
from ..models import Status

# Shared caches may keep the signed-out page for this long; progress is approved monthly or
# quarterly, so five minutes late is harmless.
PUBLIC_MAX_AGE = 300


@dataclass(frozen=True)
class PublicPromise:
    wording: str
    status: Status
    lately: str  # the latest approved update's public summary, or ""
    lately_on: date | None


@dataclass(frozen=True)
class PublicTheme:
    title: str
    lead_in: str
    status: Status
    promises: list


def _public_themes(summary):
    themes = []
    for theme in summary.themes:
        promises = []
        for row in theme.rows:
            update = row.latest  # approved only: the selector reads nothing else
            summary_text = update.public_summary.strip() if update else ""
            promises.append(
                PublicPromise(
                    wording=row.commitment.plain_wording,
                    status=row.status,
                    lately=summary_text,
                    lately_on=update.as_of if summary_text else None,
                )
            )
        themes.append(
            PublicTheme(
                title=theme.theme.title,
                lead_in=theme.theme.lead_in,
                status=theme.status,
                promises=promises,
            )
        )
    return themes


@login_not_required
@require_safe
def pledge(request, org_slug):
    organisation = get_object_or_404(Organisation, slug=org_slug)
    version = pledge_cache.adopted_version(organisation)
    context = {"organisation": organisation, "version": None}
    if version is not None:
        version.organisation = organisation  # already loaded: saves a query
        context["version"] = {
            "title": version.title,
            "introduction": version.introduction,
            "adopted_on": version.adopted_on,
            "adopted_by": version.adopted_by,
        }
    key = pledge_cache.page_key(
        "public",
        "pledges/public_pledge.html",
        version,
        organisation=organisation,
        signed_in=request.user.is_authenticated,
    )
    response = pledge_cache.render_page(
        request,
        "pledges/public_pledge.html",
        key,
        context,
        lambda: _derived(version),
    )
    if request.user.is_authenticated:
        # A signed-in visitor's page carries their name and a CSRF token: never share it.
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def _derived(version):
    """What the page derives from approved history: built only when the content is not in
    the cache."""
    if version is None:
        return {}
    summary = pledge_cache.summary(version)
    return {"status": summary.status, "themes": _public_themes(summary)}
