"""The pledge pages keep what they derive from approved history in the cache (pledges/cache.py)
and can never show a status older than the last approval, withdrawal or action change: the
key carries the version's generation, which the services bump in the same transaction.

The cache is on in every test here (local memory, its own location), whatever the run's
CACHES, so a second request really is served from it.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corporate_parenting.roles import Role
from pledges import services
from pledges.models import ProgressUpdate, Status

from ..access import client_for
from ..factories import (
    CommitmentActionFactory,
    CommitmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)
from .test_dashboard import texts


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pledge-cache-tests",
        }
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def council(db):
    """An adopted pledge of two promises, each with an approved update (On track and At
    risk), a councillor, a young co-opted member, and two officers (one records, the other
    approves)."""
    organisation = OrganisationFactory(slug="cache-council", name="Cache Council")
    version = PledgeVersionFactory(organisation=organisation, adopted=True)
    theme = ThemeFactory(version=version, title="Your Voice")
    people = {
        role: MembershipFactory(organisation=organisation, role=role).user
        for role in (Role.COUNCILLOR, Role.COOPTED, Role.OFFICER)
    }
    people["approver"] = MembershipFactory(organisation=organisation, role=Role.OFFICER).user
    first = CommitmentFactory(theme=theme, wording="We will listen", lead=people[Role.OFFICER])
    second = CommitmentFactory(theme=theme, wording="We will find homes")
    ProgressUpdateFactory(commitment=first, status=Status.ON_TRACK, narrative="Officers' note 1")
    ProgressUpdateFactory(commitment=second, status=Status.AT_RISK, narrative="Officers' note 2")
    return {"organisation": organisation, "first": first, "second": second, **people}


def dashboard(council, role=Role.COUNCILLOR):
    return client_for(council[role]).get(reverse("pledges:index"))


def public(council):
    return Client().get(reverse("pledges_public:pledge", args=[council["organisation"].slug]))


def overall(response) -> str:
    return texts(response.content, "overall-status")[0]


def approve(council, commitment, status, *, action=None):
    """An officer records an update, sends it, and another approves it over HTTP."""
    update = services.progress_update_save(
        update=ProgressUpdate(status=status, narrative="New", public_summary="Done lately"),
        organisation=council["organisation"],
        commitment=commitment,
        action=action,
        by=council[Role.OFFICER],
        send=True,
    )
    assert update.state == ProgressUpdate.State.SUBMITTED
    response = client_for(council["approver"]).post(
        reverse("pledges:update_approve", args=[update.pk])
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.APPROVED


def queries(get) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = get()
    assert response.status_code == 200
    return len(captured), response


def test_a_second_request_is_served_from_the_cache(council):
    from django.core.cache import cache

    councillor = client_for(council[Role.COUNCILLOR])
    url = reverse("pledges:index")
    cold, first = queries(lambda: councillor.get(url))
    warm, second = queries(lambda: councillor.get(url))
    assert warm < cold
    assert second.context is None  # the whole page came from the cache: nothing was rendered
    assert texts(second.content, "at-a-glance") == texts(first.content, "at-a-glance")

    # The public page's first request already finds the summary the councillor's built.
    anyone = Client()
    url = reverse("pledges_public:pledge", args=[council["organisation"].slug])
    shared, first = queries(lambda: anyone.get(url))
    cache.clear()
    cold, _ = queries(lambda: anyone.get(url))
    warm, second = queries(lambda: anyone.get(url))
    # Rendering the content (not yet cached on the shared request) reads two things the
    # summary does not hold: the survey evidence of the approved updates (surveys' tag) and
    # the "We did" evidence of the promises (participation's tag).
    assert warm + 2 == shared < cold
    assert texts(second.content, "promise") == texts(first.content, "promise")


def test_an_approval_shows_at_once_on_both_pages(council):
    assert "At risk" in overall(dashboard(council))
    assert "At risk" in overall(public(council))
    dashboard(council), public(council)  # both now in the cache

    approve(council, council["first"], Status.OFF_TRACK)

    assert "Off track" in overall(dashboard(council))
    assert "Off track" in overall(public(council))
    assert "Done lately" in texts(public(council).content, "lately")[0]


def test_a_withdrawal_shows_at_once_on_both_pages(council):
    assert "At risk" in overall(dashboard(council))
    assert "At risk" in overall(public(council))

    services.commitment_withdraw(
        commitment=council["second"], reason="Merged into another promise", by=council["approver"]
    )

    # The at-risk promise has left the roll-up: only the on-track one counts.
    assert "On track" in overall(dashboard(council))
    assert "On track" in overall(public(council))


def test_an_action_change_shows_at_once_on_both_pages(council):
    first = council["first"]
    action = CommitmentActionFactory(commitment=first)
    approve(council, first, Status.OFF_TRACK, action=action)
    # The promise takes its status from its action now: the pledge is off track.
    assert "Off track" in overall(dashboard(council))
    assert "Off track" in overall(public(council))

    manager = client_for(council[Role.OFFICER])
    response = manager.post(
        reverse("pledges:action_delete", args=[action.pk]), {"reason": "Done another way"}
    )
    assert response.status_code == 302

    # Back to the promise's own update (On track) beside the at-risk one.
    assert "At risk" in overall(dashboard(council))
    assert "At risk" in overall(public(council))


def test_members_who_read_plain_words_never_get_the_narratives_page(council):
    councillor = dashboard(council, Role.COUNCILLOR)
    assert b"Officers&#x27; note" in councillor.content or b"Officers' note" in councillor.content

    young_member = dashboard(council, Role.COOPTED)
    assert young_member.status_code == 200
    assert b"Officers" not in young_member.content
    assert b"plain words" in young_member.content


def test_a_chosen_date_is_its_own_page(council):
    client = client_for(council[Role.COUNCILLOR])
    url = reverse("pledges:index")
    assert texts(client.get(url).content, "changed-row")
    later = client.get(url, {"since": "2099-01-01"})
    assert texts(later.content, "since-error")  # a future date is refused, and said so
    assert not texts(client.get(url).content, "since-error")


def test_content_carrying_a_csrf_token_is_never_kept(council, rf, monkeypatch):
    from django.core.cache import cache

    from pledges import cache as pledge_cache

    request = rf.get("/")
    request.user = council[Role.COUNCILLOR]
    monkeypatch.setattr(
        pledge_cache,
        "render_to_string",
        lambda *args, **kwargs: '<input name="csrfmiddlewaretoken" value="secret">',
    )
    organisation = {"name": "Cache Council", "slug": "cache-council"}
    pledge_cache.render_page(
        request, "pledges/public_pledge.html", "a-key", {"organisation": organisation}, dict
    )
    assert cache.get("a-key") is None


def test_two_databases_sharing_one_cache_never_read_each_others_pages(council, monkeypatch):
    """CI's parallel test workers (and two installations) may share a Redis, with the same
    version ids and generations in their own databases."""
    from pledges import cache as pledge_cache

    version = pledge_cache.adopted_version(council["organisation"])
    here = pledge_cache.version_key(version, version.adopted_on)
    monkeypatch.setitem(connection.settings_dict, "NAME", "another_database")
    assert pledge_cache.version_key(version, version.adopted_on) != here


# The frame: the whole page, shared by members who would see the same frame ----------------


def test_councillors_share_a_page_but_each_sees_their_own_name_and_token(council):
    other = MembershipFactory(
        organisation=council["organisation"],
        role=Role.COUNCILLOR,
        user__full_name="Cllr <b>Ayo</b> O'Neill",
    ).user
    first = client_for(council[Role.COUNCILLOR]).get(reverse("pledges:index"))
    assert first.context is not None
    second = client_for(other).get(reverse("pledges:index"))
    assert second.context is None  # the first councillor's rendering, personalised
    page = second.content.decode()
    assert texts(page, "signed-in-as") == ["Cllr <b>Ayo</b> O'Neill · Councillor (board member)"]
    assert "<b>Ayo</b>" not in page  # escaped
    assert str(council[Role.COUNCILLOR]) not in page
    assert "cpframe" not in page and "cpframe" not in first.content.decode()


def test_the_token_put_in_a_shared_page_is_the_members_own(council):
    client = client_for(council[Role.COUNCILLOR])
    client.get(reverse("pledges:index"))
    client.handler.enforce_csrf_checks = True
    page = client.get(reverse("pledges:index"))
    assert page.context is None
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    signed_out = client.post(reverse("logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302  # the sign-out form works: the token is valid


def test_other_roles_and_messages_never_get_someone_elses_page(council):
    dashboard(council)  # the councillor's page, kept
    officer = dashboard(council, role=Role.OFFICER)
    assert officer.context is not None  # another role: another menu, rendered afresh
    assert "Progress updates waiting for approval" in officer.content.decode()
    young = dashboard(council, role=Role.COOPTED)
    assert young.context is not None
    assert "Officers' note" not in young.content.decode()

    client = client_for(council["approver"])
    client.get(reverse("pledges:index"))  # this officer's frame is now kept as well
    update = services.progress_update_save(
        update=ProgressUpdate(status=Status.ACHIEVED, narrative="Done"),
        organisation=council["organisation"],
        commitment=council["second"],
        by=council[Role.OFFICER],
        send=True,
    )
    response = client.post(reverse("pledges:update_approve", args=[update.pk]), follow=False)
    page = client.get(reverse("pledges:index")).content.decode()
    assert response.status_code == 302
    assert "The update is approved and published." in page  # the message, shown once

    anyone = Client()
    anyone.get(reverse("pledges_public:pledge", args=[council["organisation"].slug]))
    public_page = anyone.get(reverse("pledges_public:pledge", args=[council["organisation"].slug]))
    assert 'data-testid="signed-in-as"' not in public_page.content.decode()
