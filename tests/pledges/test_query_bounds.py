"""The councillors' view and the public page run a fixed number of queries: the same for a
one-promise pledge as for 55 promises in 6 themes with ten years of quarterly updates.

The large pledge is built with bulk_create (fast, and no audit entries: this is a test of
the read side). Each page is fetched once for each organisation before counting, so one-off
work (templates compiled) is the same for both sizes and counts for neither. The pages keep
what they derive in the cache (pledges/cache.py): the bounds below are for a cold cache (the
cache is emptied before the counted request), the _CACHED ones for the request after.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.roles import Role
from pledges.models import Commitment, ProgressUpdate

from ..access import client_for
from ..factories import MembershipFactory, OrganisationFactory, UserFactory
from .builders import build_pledge

# The most queries either page may run, whatever the size of the pledge. Raising this needs a
# reason: each query is paid by every councillor opening the page before a meeting.
# 3 to find the member (session, user, membership) + 10 for the page (the actions and their
# latest approved updates are one query each in the summary and in "what changed"; the
# changes to the adopted version on its record, with who made them, are one more).
DASHBOARD_MAX_QUERIES = 13
# The public page: one more for the survey evidence of every approved update (surveys tag),
# one more for the "We did" evidence of every promise (participation's tag).
PUBLIC_MAX_QUERIES = 9
# From the cache: the member (session, user, membership) and the adopted version with its
# settings; the public page: the organisation and the version.
DASHBOARD_CACHED_MAX_QUERIES = 4
PUBLIC_CACHED_MAX_QUERIES = 2


@pytest.fixture
def pledges(db):
    """A one-promise pledge and the 55-promise, ten-year one, each in its own council with a
    councillor."""
    sizes = {}
    for name, shape in {
        "small": {"themes": 1, "commitments": 1, "years": 1},
        "large": {"themes": 6, "commitments": 55, "years": 10, "pending": 5},
    }.items():
        organisation = OrganisationFactory(slug=f"{name}-council", name=f"{name.title()} Council")
        councillor = MembershipFactory(
            organisation=organisation, role=Role.COUNCILLOR, user=UserFactory()
        ).user
        lead = MembershipFactory(organisation=organisation, role=Role.OFFICER).user
        build_pledge(organisation, lead=lead, **shape)
        sizes[name] = (organisation, councillor)
    large = sizes["large"][0]
    assert ProgressUpdate.objects.for_organisation(large).approved().count() == 2200
    assert Commitment.objects.for_organisation(large).count() == 55
    return sizes


def count_queries(client, url):
    client.get(url)  # warm up: first-read setup, templates compiled
    cache.clear()  # what the page derives is built again, not read from the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_the_councillors_view_runs_a_fixed_number_of_queries(
    pledges, django_assert_max_num_queries
):
    _organisation, councillor = pledges["small"]
    small, response = count_queries(client_for(councillor), reverse("pledges:index"))
    assert len(response.context["changes"]) == 1
    assert small <= DASHBOARD_MAX_QUERIES

    _organisation, councillor = pledges["large"]
    client = client_for(councillor)
    client.get(reverse("pledges:index"))  # the same warm-up as the small one had
    cache.clear()
    with django_assert_max_num_queries(small):
        response = client.get(reverse("pledges:index"))
    assert response.status_code == 200
    assert response.context["total"] == 55
    assert len(response.context["changes"]) == 55  # the whole pledge, read in bounded queries


def test_the_councillors_view_with_a_chosen_date_is_bounded_too(
    pledges, django_assert_max_num_queries
):
    since = (timezone.localdate() - timedelta(days=365 * 5)).isoformat()
    url = f"{reverse('pledges:index')}?since={since}"
    small, _response = count_queries(client_for(pledges["small"][1]), url)
    client = client_for(pledges["large"][1])
    client.get(url)
    cache.clear()
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200


def test_the_public_page_runs_a_fixed_number_of_queries(pledges, django_assert_max_num_queries):
    def public_url(name):
        return reverse("pledges_public:pledge", args=[pledges[name][0].slug])

    small, response = count_queries(Client(), public_url("small"))
    assert b"promise 1 in plain words" in response.content
    assert small <= PUBLIC_MAX_QUERIES

    client = Client()
    client.get(public_url("large"))
    cache.clear()
    with django_assert_max_num_queries(small):
        response = client.get(public_url("large"))
    assert response.status_code == 200
    assert response.content.count(b'data-testid="promise"') == 55


def test_from_the_cache_both_pages_run_fewer_queries(pledges, django_assert_max_num_queries):
    organisation, councillor = pledges["large"]
    client = client_for(councillor)
    url = reverse("pledges:index")
    first = client.get(url)
    with django_assert_max_num_queries(DASHBOARD_CACHED_MAX_QUERIES):
        again = client.get(url)
    assert again.content.count(b'data-testid="changed-row"') == 55
    assert again.content.count(b'data-testid="changed-row"') == first.content.count(
        b'data-testid="changed-row"'
    )

    client = Client()
    url = reverse("pledges_public:pledge", args=[organisation.slug])
    client.get(url)
    with django_assert_max_num_queries(PUBLIC_CACHED_MAX_QUERIES):
        again = client.get(url)
    assert again.content.count(b'data-testid="promise"') == 55
