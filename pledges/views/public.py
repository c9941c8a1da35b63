"""The young people's page, for anyone, signed in or not: the adopted pledge in plain words,
each promise's number (when the version is numbered), its status in words and its coverage,
what we are doing to keep it (its actions, with their timeline), and what was done lately.

Only approved progress counts, and only its public summary is shown. The view hands the
template plain values (never a commitment, an action or an update), so the officers'
narratives, the leads' names, the actions' responsible officers (unless the organisation
chooses to show them) and anything unapproved cannot reach the page by a slip in the template.
The page's content is kept in the cache under the version's generation (pledges/cache.py).
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe

from corporate_parenting.models import Organisation
from corporate_parenting.public import cache_public_page

from .. import cache as pledge_cache
from ..models import Status
from ..status import Coverage


@dataclass(frozen=True)
class PublicOrganisation:
    name: str
    slug: str

    def __str__(self):
        return self.name


@dataclass(frozen=True)
class PublicAction:
    number: str  # "3.2" when the version is numbered, else ""
    description: str
    timeline: str
    expected_outcome: str
    owner: str  # "" unless the organisation shows who is responsible (PledgeSettings)
    status: Status
    lately: str  # its latest approved update's public summary, or ""
    lately_on: date | None
    lately_update: int | None = None  # that update's id (its survey evidence: surveys' tag)


@dataclass(frozen=True)
class PublicPromise:
    number: str  # "3" when the version is numbered, else ""
    wording: str
    status: Status | None  # None when withdrawn: it has no status any more
    coverage: Coverage | None  # of its actions, when it has any
    actions: tuple
    lately: str  # its own latest approved update's public summary, or ""
    lately_on: date | None
    lately_update: int | None = None  # that update's id (its survey evidence: surveys' tag)
    withdrawn_on: date | None = None  # withdrawn promises are listed, and not counted
    withdrawn_reason: str = ""
    promise_id: int | None = None  # the commitment's id (its "We did": participation's tag)

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_on is not None


@dataclass(frozen=True)
class PublicTheme:
    title: str
    lead_in: str
    status: Status
    coverage: Coverage
    promises: tuple


def _lately(update):
    """The public summary of an approved update and the month it describes, or ("", None)."""
    text = update.public_summary.strip() if update else ""
    return text, (update.as_of if text else None)


def _public_action(row, show_owners):
    lately, lately_on = _lately(row.latest)
    action = row.action
    return PublicAction(
        number=row.number,
        description=action.description,
        timeline=action.timeline,
        expected_outcome=action.expected_outcome,
        owner=action.owner if show_owners else "",
        status=row.status,
        lately=lately,
        lately_on=lately_on,
        lately_update=row.latest.pk if row.latest else None,
    )


def _public_promise(row, show_owners):
    commitment = row.commitment
    if row.is_withdrawn:
        return PublicPromise(
            number=row.number,
            wording=commitment.plain_wording,
            status=None,
            coverage=None,
            actions=(),
            lately="",
            lately_on=None,
            withdrawn_on=timezone.localdate(commitment.withdrawn_at),
            withdrawn_reason=commitment.withdrawn_reason,
        )
    lately, lately_on = _lately(row.latest)  # approved only: the selector reads nothing else
    return PublicPromise(
        number=row.number,
        wording=commitment.plain_wording,
        status=row.status,
        coverage=row.coverage,
        actions=tuple(_public_action(a, show_owners) for a in row.actions),
        lately=lately,
        lately_on=lately_on,
        lately_update=row.latest.pk if row.latest else None,
        promise_id=commitment.pk,
    )


def _public_themes(summary, show_owners):
    return [
        PublicTheme(
            title=theme.theme.title,
            lead_in=theme.theme.lead_in,
            status=theme.status,
            coverage=theme.coverage,
            promises=tuple(_public_promise(row, show_owners) for row in theme.rows),
        )
        for theme in summary.themes
    ]


def _base_context(organisation, version) -> dict:
    """What the page shows besides the derived state, as plain values."""
    context = {
        "organisation": PublicOrganisation(name=organisation.name, slug=organisation.slug),
        "version": None,
    }
    if version is not None:
        context["version"] = {
            "title": version.title,
            "introduction": version.introduction,
            "adopted_on": version.adopted_on,
            "adopted_by": version.adopted_by,
        }
    return context


def _derived(version) -> dict:
    """What the page derives from approved history: built only when the content is not in
    the cache. Whether actions show their owners comes with the version (pledges/cache.py
    reads the organisation's settings in the same query, and keys on them)."""
    if version is None:
        return {}
    summary = pledge_cache.summary(version)
    show_owners = bool(getattr(version, "show_action_owners", False))
    return {
        "status": summary.status,
        "coverage": summary.coverage,
        "untitled": summary.untitled,
        "themes": _public_themes(summary, show_owners),
    }


@login_not_required
@require_safe
def pledge(request, org_slug):
    organisation = get_object_or_404(Organisation, slug=org_slug)
    version = pledge_cache.adopted_version(organisation)
    if version is not None:
        version.organisation = organisation  # already loaded: saves a query
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
        _base_context(organisation, version),
        lambda: _derived(version),
    )
    return cache_public_page(request, response)
