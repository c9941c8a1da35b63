"""What the pledge pages derive from approved history, kept in Django's cache (decision 0016).

Every key carries the adopted version's `generation`, which the services bump in the same
transaction as each approval, action change, withdrawal and adoption (pledges/services.py).
A request reads the generation from the database with the version, so once a change has
committed no request can build the old key again: nothing is ever invalidated, no message
goes between gunicorn workers, and a stale status cannot be read after an approval. Old
entries are simply never asked for again and expire (TTL).

The key also carries today's date (staleness and "what changed" move with the day), the
organisation's update interval and public-page settings, and, for a page, everything else its
content shows: the organisation's and the version's words, the member's reading (narratives
or plain words) and links, the chosen date, and a digest of the page's template (a deploy
that changes the page does not serve the old one). What no key carries is a user's name (a
lead renamed shows within TTL seconds).

Two things are kept:
- `summary()`: the pledge summary (pledges/selectors.py), shared by both pages and every
  member, whatever their role or date;
- `render_page()`: the content block of a page, rendered once for everyone who would see the
  same thing.
"""

import hashlib
import logging

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import PledgeSettings, PledgeVersion
from .selectors import pledge_summary

log = logging.getLogger(__name__)

# Seconds an entry lives. Correctness never depends on it (the generation does that); it
# bounds memory and how long a renamed lead keeps their old name on a page.
TTL = 15 * 60
# Bump when what is kept changes shape (a deploy then never reads an older entry).
SCHEMA = 1
# A page rendered without the site's frame: only its content block (pledges/_content.html).
CONTENT_ONLY = "pledges/_content.html"
# What a page's content must never carry, or it would be served to someone else.
PERSONAL = ("csrfmiddlewaretoken", "nonce=")


def adopted_version(organisation) -> PledgeVersion | None:
    """The adopted version, with the settings the keys need (`interval_weeks`,
    `show_action_owners`; None until the settings are first saved): one query. Every view
    of a pledge page pays it, hit or miss, so it is written out: the same query built by the
    ORM (two subqueries) costs 4 times the CPU on a small machine (docs/performance.md)."""
    versions = PledgeVersion._meta.db_table
    settings = PledgeSettings._meta.db_table
    found = PledgeVersion.objects.raw(
        f"SELECT v.*, s.update_interval_weeks AS interval_weeks,"  # noqa: S608 - table names
        f" s.show_action_owners AS show_action_owners FROM {versions} v"
        f" LEFT JOIN {settings} s ON s.organisation_id = v.organisation_id"
        " WHERE v.organisation_id = %s AND v.state = %s",
        [organisation.pk, PledgeVersion.State.ADOPTED],
    )
    # At most one: the constraint one_adopted_pledge_per_organisation.
    return next(iter(found), None)


def _weeks(version) -> int:
    weeks = getattr(version, "interval_weeks", None)
    if weeks is None:  # no settings saved yet: the defaults
        weeks = PledgeSettings._meta.get_field("update_interval_weeks").default
    return weeks


def _database() -> str:
    """Which database the ids and generations belong to: two databases sharing one Redis (the
    test runner's parallel workers in CI, or two installations) must never read each other's
    pages, though their versions have the same ids and generations."""
    where = connection.settings_dict
    return _digest(where.get("HOST"), where.get("PORT"), where.get("NAME"))[:12]


def version_key(version, today) -> str:
    """What every entry of this version's derived state shares."""
    return (
        f"pledges:{SCHEMA}:{_database()}:{version.organisation_id}:{version.pk}:"
        f"{version.generation}:"
        f"{today.isoformat()}:{_weeks(version)}:{bool(getattr(version, 'show_action_owners', 0))}"
    )


def summary(version, *, today=None):
    """pledge_summary(version, today=today), from the cache when this generation's summary for
    today has been built already."""
    today = today or timezone.localdate()
    key = f"{version_key(version, today)}:summary"
    found = cache.get(key)
    if found is None:
        found = pledge_summary(version, today=today)
        cache.set(key, found, TTL)
    else:
        # The organisation is the request's own (already loaded); keep it, not the copy.
        found.version = version
    return found


def _digest(*parts) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def page_key(page: str, template: str, version, *, today=None, organisation, **shown) -> str:
    """The key of a page's content: the version's state (or none), the organisation's name,
    the version's own words, the template's source, and whatever else the content shows
    (`shown`: the member's reading and links, the chosen date...)."""
    today = today or timezone.localdate()
    source = get_template(template).template.source
    words = ""
    if version is not None:
        words = (
            version.title,
            version.label,
            version.introduction,
            version.adopted_on,
            version.adopted_by,
            version.numbered,
        )
    state = (
        version_key(version, today)
        if version is not None
        else f"{_database()}:none:{today.isoformat()}"
    )
    return (
        f"pledges:{SCHEMA}:page:{page}:{state}:"
        f"{_digest(organisation.pk, organisation.name, words, source, sorted(shown.items()))}"
    )


def render_page(request, template, key, context, build):
    """Render `template` with `context`; its content block comes from the cache under `key`,
    or is rendered from `context` plus `build()` (the costly part, only run on a miss) and
    kept. The template extends `base_template` and shows `cached_content` when given it
    (pledges/dashboard.html, public_pledge.html): only the block inside changes per page.

    The whole page, frame included, is kept too (`_framed`), for everyone who would see the
    same frame: only the member's name and the CSRF token differ, and those are put in per
    request."""
    frame_key = _frame_key(request, key, template)
    if frame_key is not None:
        page = cache.get(frame_key)
        if page is not None:
            return HttpResponse(_personalise(request, page))
    content = cache.get(key)
    if content is None:
        content = render_to_string(
            template, {**context, **build(), "base_template": CONTENT_ONLY}, request
        )
        if any(marker in content for marker in PERSONAL):
            # A CSRF token or a CSP nonce belongs to one visitor: never keep it for others.
            log.warning("%s carries a per-visitor token: its content is not cached", template)
        else:
            cache.set(key, content, TTL)
    context = {**context, "cached_content": mark_safe(content)}  # noqa: S308 - rendered by our template, escaped there
    if frame_key is None:
        return render(request, template, context)
    stand_ins = {"csrf_token": _sentinel("csrf")}
    if request.user.is_authenticated:
        stand_ins["user"] = _SentinelUser()
    page = render_to_string(template, {**context, **stand_ins}, request)
    if _sentinel("csrf") in content or _sentinel("name") in content:
        return HttpResponse(_personalise(request, page))  # (never: but never cache it then)
    cache.set(frame_key, page, TTL)
    return HttpResponse(_personalise(request, page))


# The frame ------------------------------------------------------------------------------
#
# The site's frame (templates/base.html, through the context processors) shows: whether the
# visitor is signed in, their name, their membership's role and organisation, their other
# memberships (the switcher), the menu (from the role and the path), messages, and a CSRF
# token in the sign-out and switch forms. A frame is kept only when there are no messages;
# its key carries everything else but the name and the token, which are rendered as
# sentinels and put in per request: so every councillor of a council, with the same role and
# no other memberships, shares one rendering of the page. The base template's source is in
# the key, so a change to the frame is never served from an older one; a change to what the
# frame shows (a new context processor, a new field of the user) must be added here.


class _SentinelUser:
    is_authenticated = True
    is_anonymous = False

    def __str__(self):
        return _sentinel("name")


def _sentinel(what: str) -> str:
    """Stable across processes (so a frame kept by one worker reads in another) and not
    guessable (derived from SECRET_KEY), so no text typed into the pledge can be one."""
    return "cpframe" + salted_hmac("pledges.cache.frame", what).hexdigest()[:24]


def _frame_key(request, key, template) -> str | None:
    if len(messages.get_messages(request)):
        return None  # a message is shown once, to one person
    user = request.user
    membership = getattr(request, "membership", None)
    if user.is_authenticated and membership is None:
        return None
    frame = (
        user.is_authenticated,
        membership and (membership.organisation_id, membership.organisation.name),
        membership and membership.role,
        sorted((m.organisation_id, str(m.organisation)) for m in getattr(membership, "others", [])),
        request.path,
        get_template("base.html").template.source,
        get_template(template).template.source,
    )
    return f"{key}:frame:{_digest(*frame)}"


def _personalise(request, page: str) -> str:
    page = page.replace(_sentinel("csrf"), get_token(request))
    return page.replace(_sentinel("name"), escape(str(request.user)))
