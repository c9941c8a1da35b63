"""The young people's page (/p/<org_slug>/pledge/): signed out, plain words, status in words,
what we did lately; never a narrative, a lead's name, anything unapproved, or another
version's or organisation's promises."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledges.models import PledgeVersion, ProgressUpdate, Status

from ..factories import (
    CommitmentFactory,
    OrganisationFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
    UserFactory,
)
from .test_dashboard import texts


def url(organisation):
    return reverse("pledges_public:pledge", args=[organisation.slug])


@pytest.fixture
def lead(db):
    return UserFactory(full_name="Leonora Leadbetter", email="leonora@shire.example.org")


@pytest.fixture
def council(db, lead):
    organisation = OrganisationFactory(name="Shire County Council", slug="shire")
    superseded = PledgeVersionFactory(
        organisation=organisation, state=PledgeVersion.State.SUPERSEDED, title="OLD-TITLE"
    )
    CommitmentFactory(
        theme=ThemeFactory(version=superseded, title="OLD-THEME"),
        young_people_wording="OLD-PROMISE",
    )
    draft = PledgeVersionFactory(organisation=organisation, title="DRAFT-TITLE")
    CommitmentFactory(
        theme=ThemeFactory(version=draft, title="DRAFT-THEME"),
        young_people_wording="DRAFT-PROMISE",
    )
    version = PledgeVersionFactory(
        organisation=organisation,
        adopted=True,
        title="Our Pledge to you",
        introduction="We are your corporate parents. These are our promises to you.",
        adopted_on=date(2020, 1, 15),
    )
    voice = ThemeFactory(
        version=version, title="Your Voice", lead_in="We will support you to", position=1
    )
    future = ThemeFactory(version=version, title="Your Future", lead_in="We will", position=2)
    listen = CommitmentFactory(
        theme=voice,
        wording="BOARD-WORDING: ensure every looked-after child is consulted",
        young_people_wording="have your say in decisions about you",
        lead=lead,
        partners="Health, Police",
    )
    ProgressUpdateFactory(
        commitment=listen,
        as_of=date(2025, 11, 30),
        approved_at=timezone.now() - timedelta(days=100),
        status=Status.AT_RISK,
        narrative="OLDER-NARRATIVE",
        public_summary="OLDER-SUMMARY",
    )
    ProgressUpdateFactory(
        commitment=listen,
        as_of=date(2026, 3, 10),
        approved_at=timezone.now() - timedelta(days=10),
        status=Status.ON_TRACK,
        narrative="SECRET-NARRATIVE: 3 of 40 children, named in case notes.",
        public_summary="We asked 40 young people what they think at our March events.",
    )
    for state, text in [
        (ProgressUpdate.State.SUBMITTED, "SUBMITTED"),
        (ProgressUpdate.State.DRAFT, "DRAFT"),
        (ProgressUpdate.State.CHANGES_REQUESTED, "CHANGES"),
    ]:
        ProgressUpdateFactory(
            commitment=listen,
            as_of=date(2026, 4, 1),
            status=Status.OFF_TRACK,
            state=state,
            approved_at=None,
            narrative=f"{text}-NARRATIVE",
            public_summary=f"{text}-SUMMARY",
        )
    untouched = CommitmentFactory(
        theme=future, wording="BOARD-FUTURE", young_people_wording="find a job you like"
    )
    no_summary = CommitmentFactory(theme=future, young_people_wording="", wording="We will help")
    ProgressUpdateFactory(
        commitment=no_summary,
        status=Status.ACHIEVED,
        public_summary="",
        narrative="NO-SUMMARY-NARRATIVE",
    )
    return organisation, version, {"listen": listen, "untouched": untouched}


@pytest.fixture
def page_html(council):
    organisation, _version, _c = council
    response = Client().get(url(organisation))
    assert response.status_code == 200
    return response.content.decode()


def test_a_signed_out_visitor_reads_the_pledge_in_plain_words(page_html):
    assert "Our Pledge to you" in page_html
    assert "We are your corporate parents." in page_html
    assert "We made these promises in January 2020" in page_html
    themes = texts(page_html, "theme")
    assert len(themes) == 2
    assert themes[0].startswith("Your Voice How this is going: On track We will support you to:")
    assert "have your say in decisions about you Status: On track" in themes[0]
    assert "find a job you like Status: Not started" in themes[1]
    # A commitment with no plain wording yet falls back to its board wording.
    assert "We will help Status: Achieved" in themes[1]


def test_what_we_did_lately_is_the_latest_approved_public_summary_with_its_month(page_html):
    assert texts(page_html, "lately") == [
        "What we did lately (March 2026): We asked 40 young people what they think at our "
        "March events."
    ]
    assert "OLDER-SUMMARY" not in page_html


def test_nothing_about_lately_without_an_approved_update_or_summary(page_html):
    (_voice, future) = texts(page_html, "theme")
    assert "What we did lately" not in future


def test_the_status_is_explained_in_plain_words(page_html):
    (how,) = texts(page_html, "how-status")
    assert "How we work out the status" in how
    assert "Not started" in how


def test_never_the_narrative_the_lead_or_anything_unapproved(page_html):
    for secret in [
        "NARRATIVE",  # every narrative in the fixture says so
        "BOARD-WORDING",
        "BOARD-FUTURE",
        "Leonora",
        "Leadbetter",
        "Health, Police",
        "SUBMITTED-SUMMARY",
        "DRAFT-SUMMARY",
        "CHANGES-SUMMARY",
    ]:
        assert secret not in page_html, secret
    # Only the unapproved updates say Off track: no promise or theme shows it.
    assert 'data-status="off_track"' not in page_html


def test_never_a_draft_or_superseded_versions_promises(page_html):
    for other in ["OLD-TITLE", "OLD-THEME", "OLD-PROMISE", "DRAFT-TITLE", "DRAFT-THEME"]:
        assert other not in page_html, other
    assert "DRAFT-PROMISE" not in page_html


def test_signed_out_visitors_are_not_sent_to_sign_in_and_see_no_menu(council):
    organisation, _version, _c = council
    response = Client().get(url(organisation))
    assert response.status_code == 200
    assert 'data-testid="main-navigation"' not in response.content.decode()


def test_shared_caches_may_keep_the_signed_out_page_briefly(council):
    organisation, _version, _c = council
    response = Client().get(url(organisation))
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=300" in cache_control


def test_a_signed_in_visitors_page_is_never_shared(council, world):
    from ..access import client_for

    organisation, _version, _c = council
    response = client_for(world.councillor).get(url(organisation))
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "SECRET-NARRATIVE" not in response.content.decode()


def test_an_unknown_slug_is_not_found(db):
    response = Client().get(reverse("pledges_public:pledge", args=["no-such-council"]))
    assert response.status_code == 404


def test_a_council_with_no_adopted_pledge_says_it_is_not_published_yet(db):
    organisation = OrganisationFactory(slug="quiet")
    draft = PledgeVersionFactory(organisation=organisation, title="DRAFT-TITLE")
    CommitmentFactory(theme=ThemeFactory(version=draft), young_people_wording="DRAFT-PROMISE")
    response = Client().get(url(organisation))
    assert response.status_code == 200
    html = response.content.decode()
    assert texts(html, "not-published")
    assert "DRAFT-TITLE" not in html and "DRAFT-PROMISE" not in html


def test_each_slug_shows_only_that_councils_pledge(council):
    organisation, _version, _c = council
    other = OrganisationFactory(name="Elsewhere Borough Council", slug="elsewhere")
    version = PledgeVersionFactory(organisation=other, adopted=True, title="ELSEWHERE-TITLE")
    commitment = CommitmentFactory(
        theme=ThemeFactory(version=version, title="ELSEWHERE-THEME"),
        young_people_wording="ELSEWHERE-PROMISE",
    )
    ProgressUpdateFactory(commitment=commitment, public_summary="ELSEWHERE-SUMMARY")

    elsewhere = Client().get(url(other)).content.decode()
    assert "ELSEWHERE-TITLE" in elsewhere and "ELSEWHERE-SUMMARY" in elsewhere
    assert "Elsewhere Borough Council" in elsewhere
    for shire in ["Our Pledge to you", "have your say", "We asked 40 young people", "Shire"]:
        assert shire not in elsewhere, shire

    shire = Client().get(url(organisation)).content.decode()
    assert "ELSEWHERE" not in shire


def test_only_get_and_head(council):
    organisation, _version, _c = council
    assert Client().post(url(organisation)).status_code == 405
