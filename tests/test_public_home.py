"""The public front door: /p/ lists every council, /p/<org_slug>/ is one council's public
home linking its pledge and meetings; the sign-in page and the footer lead there, and an
administrator can see (and copy) the address to give out."""

import pytest
from django.test import Client, override_settings
from django.urls import include, path, reverse

from corporate_parenting import public
from corporate_parenting.urls import urlpatterns as project_urls

from .access import client_for
from .factories import OrganisationFactory
from .pledges.test_dashboard import texts


@pytest.fixture
def shire(db):
    return OrganisationFactory(name="Shire County Council", slug="shire")


def home_url(organisation):
    return reverse("public_home", args=[organisation.slug])


def test_the_public_home_links_the_pledge_and_the_meetings(shire):
    response = Client().get(home_url(shire))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Shire County Council</h1>' in html
    assert texts(html, "public-section-link") == [
        "Our pledge to you",
        "Board meetings",
        "What children told us",
        "You said, We did",
    ]
    assert 'href="/p/shire/pledge/"' in html
    assert 'href="/p/shire/meetings/"' in html


def test_you_said_we_did_is_linked_now_participation_serves_it(shire):
    html = Client().get(home_url(shire)).content.decode()
    assert 'href="/p/shire/you-said-we-did/"' in html


# A URLconf in which participation serves "You said, We did": the hook links it by name.
_you_said = (
    [path("", lambda request, org_slug: None, name="you_said_we_did")],
    "participation_public",
)
urlpatterns = [path("p/<slug:org_slug>/you-said-we-did/", include(_you_said)), *project_urls]


@override_settings(ROOT_URLCONF=__name__)
def test_you_said_we_did_is_linked_once_participation_serves_it(shire):
    links = public.sections_for(shire)
    assert [link.title for link in links] == [
        "Our pledge to you",
        "Board meetings",
        "What children told us",
        "You said, We did",
    ]
    assert links[3].url == "/p/shire/you-said-we-did/"


def test_the_home_links_back_to_the_list_of_councils(shire):
    html = Client().get(home_url(shire)).content.decode()
    assert '<a href="/p/" class="govuk-back-link" data-testid="back-link">' in html


def test_an_unknown_council_is_not_found(db):
    assert Client().get(reverse("public_home", args=["no-such-council"])).status_code == 404


def test_the_public_pages_answer_only_get_and_head(shire):
    assert Client().post(home_url(shire)).status_code == 405
    assert Client().post(reverse("public_index")).status_code == 405
    assert Client().head(home_url(shire)).status_code == 200


def test_signed_out_pages_may_be_kept_by_shared_caches_briefly(shire):
    for url in [home_url(shire), reverse("public_index")]:
        cache_control = Client().get(url)["Cache-Control"]
        assert "public" in cache_control and "max-age=300" in cache_control, url


def test_a_signed_in_visitors_public_home_is_never_shared(world):
    response = client_for(world.councillor).get(home_url(world.organisation))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_the_index_lists_every_council_by_name(db):
    OrganisationFactory(name="Wessex Borough Council", slug="wessex")
    OrganisationFactory(name="Barsetshire County Council", slug="barsetshire")
    response = Client().get(reverse("public_index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert texts(html, "organisations") == ["Barsetshire County Council Wessex Borough Council"]
    assert 'href="/p/wessex/"' in html and 'href="/p/barsetshire/"' in html


def test_a_hostile_council_name_is_escaped(db):
    hostile = OrganisationFactory(name='<script>alert("x")</script> & Co', slug="hostile")
    for url in [home_url(hostile), reverse("public_index")]:
        html = Client().get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html, url


# The sign-in page and the footer lead to the public pages --------------------------------


def test_the_sign_in_page_links_the_list_of_councils(db):
    OrganisationFactory(slug="one")
    OrganisationFactory(slug="two")
    html = Client().get(reverse("login")).content.decode()
    assert "Looking for a council's pledge or public meeting papers?" in html
    (link,) = texts(html, "public-pages")
    assert "read the pledge and the meeting papers" in link
    assert 'href="/p/">read the pledge' in html


def test_with_one_council_the_sign_in_page_links_straight_to_its_home(shire):
    html = Client().get(reverse("login")).content.decode()
    assert 'href="/p/shire/">read the pledge' in html


def test_a_signed_out_footer_links_the_list_of_councils(shire):
    html = Client().get(reverse("login")).content.decode()
    assert texts(html, "footer-public-link") == ["Find a council's pledge and meeting papers"]
    assert '<a class="govuk-link" href="/p/">Find a council' in html


def test_a_signed_in_footer_links_the_members_own_councils_public_home(world):
    html = client_for(world.officer).get(reverse("home")).content.decode()
    assert texts(html, "footer-public-link") == ["Shire County Council: public pledge and meetings"]
    assert '<a class="govuk-link" href="/p/shire/">' in html


# The administrator sees the address to give out ------------------------------------------


def test_the_administrator_sees_the_full_public_address_ready_to_copy(world, settings):
    settings.ALLOWED_HOSTS = ["cp.example.org"]
    response = client_for(world.administrator).get(reverse("members"), HTTP_HOST="cp.example.org")
    html = response.content.decode()
    assert (
        '<input class="govuk-input" id="public-address" name="public-address" type="text" '
        'value="http://cp.example.org/p/shire/" readonly' in html
    )
    # The Copy button waits for the script (static/js/copy-address.mjs): hidden without it.
    assert (
        'data-copy-from="public-address" data-copy-status="public-address-status" hidden>' in html
    )
    assert "js/copy-address.mjs" in html


def test_a_hostile_council_name_on_the_members_page_is_escaped(world):
    world.organisation.name = "<img src=x onerror=alert(1)>"
    world.organisation.save()
    html = client_for(world.administrator).get(reverse("members")).content.decode()
    assert "<img src=x" not in html
    assert "Public address of &lt;img src=x onerror=alert(1)&gt;" in html
