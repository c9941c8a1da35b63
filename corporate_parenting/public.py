"""The public front door: /p/ lists every organisation, /p/<org_slug>/ is one organisation's
public home, linking the pages anyone may read without signing in (its pledge, its board
meetings and, once participation publishes it, "You said, We did").

These pages are reached from the sign-in page and the footer, so a young person, a carer or a
councillor who is not signed in can find their council's pledge. They show only what is
public anyway: organisation names and links.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .models import Organisation

# Shared caches may keep signed-out pages for this long (as the public pledge and meetings do).
PUBLIC_MAX_AGE = 300


@dataclass(frozen=True)
class Section:
    """One public page of an organisation, linked from its public home."""

    title: str
    url_name: str  # reversed with the organisation's slug
    description: str


# The public pages, in the order the home lists them. Wired by URL name (not by import), so
# corporate_parenting does not depend on the apps that serve them. A section whose URL name is
# not (yet) in the URLconf is left out: "You said, We did" appears on every public home as
# soon as participation serves a page under that name, taking the organisation's slug.
SECTIONS = (
    Section(
        "Our pledge to you",
        "pledges_public:pledge",
        "The promises we make to children in care and care leavers, what we are doing to "
        "keep them, and how it is going.",
    ),
    Section(
        "Board meetings",
        "boards_public:meetings",
        "When the corporate parenting board meets, its agendas, papers and minutes.",
    ),
    Section(
        "What children told us",
        "surveys_public:index",
        "What children in care and care leavers said in our surveys, such as Bright Spots, "
        "and what we will do about it.",
    ),
    Section(
        "You said, We did",
        "participation_public:you_said_we_did",
        "What children and young people told us, and what we changed because of it.",
    ),
)


@dataclass(frozen=True)
class SectionLink:
    title: str
    url: str
    description: str


def sections_for(organisation) -> list[SectionLink]:
    links = []
    for section in SECTIONS:
        try:
            url = reverse(section.url_name, args=[organisation.slug])
        except NoReverseMatch:
            continue  # that page is not served (yet): no link to a 404
        links.append(SectionLink(section.title, url, section.description))
    return links


def entry_url() -> str:
    """Where a signed-out person starts looking for public pages: the one organisation's
    public home when there is only one, else the list of organisations. One query."""
    slugs = list(Organisation.objects.values_list("slug", flat=True)[:2])
    if len(slugs) == 1:
        return reverse("public_home", args=[slugs[0]])
    return reverse("public_index")


def cache_public_page(request, response):
    """Signed out, a shared cache may keep the page for PUBLIC_MAX_AGE; signed in, never (it
    carries the member's name and a CSRF token). Every public page of every app uses this."""
    if request.user.is_authenticated:
        # A signed-in visitor's page carries their name and a CSRF token: never share it.
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


@login_not_required
@require_safe
def index(request):
    organisations = [
        SectionLink(o.name, reverse("public_home", args=[o.slug]), "")
        for o in Organisation.objects.order_by("name").only("name", "slug")
    ]
    return cache_public_page(
        request, render(request, "public/index.html", {"organisations": organisations})
    )


@login_not_required
@require_safe
def home(request, org_slug):
    organisation = get_object_or_404(Organisation, slug=org_slug)
    context = {"organisation": organisation, "sections": sections_for(organisation)}
    return cache_public_page(request, render(request, "public/home.html", context))
