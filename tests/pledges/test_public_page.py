"""The young people's page (/p/<org_slug>/pledge/): signed out, plain words, status in words,
what we did lately; never a narrative, a lead's name, anything unapproved, or another
version's or organisation's promises."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pledges.models import PledgeSettings, PledgeVersion, ProgressUpdate, Status
from pledges.services import commitment_withdraw

from ..factories import (
    CommitmentActionFactory,
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
    assert themes[0].startswith(
        "Your Voice How this is going: On track The promise has progress. We will support you to:"
    )
    assert "have your say in decisions about you Status: On track" in themes[0]
    assert themes[1].startswith("Your Future How this is going: At risk 1 of 2 promises have")
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


def test_the_whole_pledge_says_how_many_promises_have_progress(page_html):
    # listen (on track) and no_summary (achieved) have progress; untouched has none.
    (overall,) = texts(page_html, "overall-status")
    assert overall == "How we are doing overall: At risk 2 of 3 promises have progress."


def test_an_unnumbered_version_shows_no_numbers(page_html):
    assert texts(page_html, "promise-number") == []
    assert "Pledge 1" not in page_html


def test_the_page_links_back_to_the_organisations_public_home(page_html):
    assert '<a href="/p/shire/" class="govuk-back-link" data-testid="back-link">' in page_html
    assert texts(page_html, "back-link") == ["Shire County Council"]


def test_on_track_is_not_the_whole_pledge_when_most_promises_have_no_progress(db):
    organisation = OrganisationFactory(slug="mostly-quiet")
    version = PledgeVersionFactory(organisation=organisation, adopted=True)
    theme = ThemeFactory(version=version, title="Our promises")
    promises = [CommitmentFactory(theme=theme) for _ in range(10)]
    for promise in promises[:2]:
        ProgressUpdateFactory(commitment=promise, status=Status.ON_TRACK)

    html = Client().get(url(organisation)).content.decode()
    (overall,) = texts(html, "overall-status")
    assert overall == "How we are doing overall: At risk 2 of 10 promises have progress."
    assert texts(html, "theme-coverage") == ["2 of 10 promises have progress."]


# A numbered plan without themes, whose promises have actions ----------------------------


OWNER = "Virtual School and Team Manager: Family Placement"


@pytest.fixture
def plan(db, lead):
    """'Our pledges' as a real action plan: numbered, one untitled theme, actions with all
    five fields, one promise withdrawn."""
    organisation = OrganisationFactory(name="Borsetshire Council", slug="borsetshire")
    version = PledgeVersionFactory(
        organisation=organisation, adopted=True, numbered=True, title="Our pledges to you"
    )
    theme = ThemeFactory(version=version, title="", lead_in="We will")
    listen = CommitmentFactory(
        theme=theme, position=1, young_people_wording="listen to you", lead=lead
    )
    event = CommitmentActionFactory(
        commitment=listen,
        position=1,
        description="Hold a Have your say event every term",
        owner=OWNER,
        timeline="By March 2026",
        links="PARTICIPATION-STRATEGY-LINK",
        expected_outcome="More of your views are written down in your plan",
    )
    CommitmentActionFactory(
        commitment=listen,
        position=2,
        description="Train every social worker in <b>listening</b> & <script>alert(1)</script>",
        owner="Workforce Development Team",
        timeline="From September 2026",
    )
    ProgressUpdateFactory(
        commitment=listen,
        action=event,
        as_of=date(2026, 2, 20),
        status=Status.ON_TRACK,
        narrative="ACTION-NARRATIVE: 12 of 40 attended, names in the log.",
        public_summary="We held our autumn event and 30 young people came.",
    )
    ProgressUpdateFactory(
        commitment=listen,
        action=event,
        as_of=date(2026, 3, 1),
        status=Status.OFF_TRACK,
        state=ProgressUpdate.State.SUBMITTED,
        approved_at=None,
        narrative="ACTION-SUBMITTED-NARRATIVE",
        public_summary="ACTION-SUBMITTED-SUMMARY",
    )
    CommitmentFactory(theme=theme, position=2, young_people_wording="help you find a home")
    camp = CommitmentFactory(theme=theme, position=3, young_people_wording="run a summer camp")
    ProgressUpdateFactory(commitment=camp, status=Status.OFF_TRACK, public_summary="CAMP-NEWS")
    commitment_withdraw(
        commitment=camp,
        reason="The funding ended; we now pay for holiday clubs instead.",
        by=lead,
    )
    online = CommitmentFactory(theme=theme, position=4, young_people_wording="keep you safe online")
    ProgressUpdateFactory(commitment=online, status=Status.ACHIEVED)
    return organisation


@pytest.fixture
def plan_html(plan):
    response = Client().get(url(plan))
    assert response.status_code == 200
    return response.content.decode()


def test_a_numbered_version_shows_pledge_and_action_numbers(plan_html):
    assert texts(plan_html, "promise-number") == ["Pledge 1", "Pledge 2", "Pledge 3", "Pledge 4"]
    assert texts(plan_html, "action-number") == ["Action 1.1:", "Action 1.2:"]
    promises = texts(plan_html, "promise")
    assert promises[0].startswith("Pledge 1 listen to you Status: At risk")
    assert promises[3].startswith("Pledge 4 keep you safe online Status: Achieved")


def test_each_promise_shows_its_actions_with_their_timeline_in_order(plan_html):
    actions = texts(plan_html, "action")
    assert actions[0] == (
        "Action 1.1: Hold a Have your say event every term When: By March 2026 "
        "What should change: More of your views are written down in your plan "
        "Status: On track "
        "What we did lately (February 2026): We held our autumn event and 30 young people came."
    )
    assert actions[1].startswith("Action 1.2: Train every social worker in")
    assert actions[1].endswith("When: From September 2026 Status: Not started")
    assert texts(plan_html, "action-timeline") == [
        "When: By March 2026",
        "When: From September 2026",
    ]


def test_a_promise_with_actions_says_how_many_of_them_have_progress(plan_html):
    # One of its two actions has approved progress: the promise is at best At risk.
    assert texts(plan_html, "promise-coverage") == ["1 of 2 actions have progress."]
    assert texts(plan_html, "promise")[0].startswith(
        "Pledge 1 listen to you Status: At risk 1 of 2 actions have progress."
    )


def test_the_responsible_officer_or_team_is_not_shown_by_default(plan_html):
    assert texts(plan_html, "action-owner") == []
    for owner in [OWNER, "Virtual School", "Workforce Development Team", "Who is responsible"]:
        assert owner not in plan_html, owner


def test_the_responsible_officer_or_team_is_shown_when_the_organisation_chooses(plan):
    PledgeSettings.objects.create(organisation=plan, show_action_owners=True)
    html = Client().get(url(plan)).content.decode()
    assert texts(html, "action-owner") == [
        f"Who is responsible: {OWNER}",
        "Who is responsible: Workforce Development Team",
    ]


def test_a_version_with_one_untitled_theme_shows_no_theme_heading(plan_html):
    assert texts(plan_html, "theme-heading") == []
    assert "<h2" not in plan_html
    assert len(texts(plan_html, "theme")) == 1
    # The lead-in still introduces the promises.
    assert texts(plan_html, "theme")[0].startswith("We will: Pledge 1 listen to you")


def test_a_withdrawn_promise_is_shown_with_its_reason_and_not_counted(plan_html):
    withdrawn = texts(plan_html, "promise")[2]
    month = timezone.localdate().strftime("%B %Y")
    assert withdrawn == (
        f"Pledge 3 run a summer camp Status: Withdrawn We stopped this promise in {month}. "
        "Why: The funding ended; we now pay for holiday clubs instead."
    )
    assert "CAMP-NEWS" not in plan_html
    # Counted: 1 (at risk), 2 (not started), 4 (achieved). Counted, the withdrawn promise's
    # Off track would make the whole pledge Off track, and it would be "of 4".
    (overall,) = texts(plan_html, "overall-status")
    assert overall == "How we are doing overall: At risk 2 of 3 promises have progress."
    assert 'data-status="off_track"' not in plan_html


def test_actions_show_no_narrative_link_or_unapproved_progress(plan_html):
    for secret in [
        "NARRATIVE",
        "ACTION-SUBMITTED-SUMMARY",
        "PARTICIPATION-STRATEGY-LINK",
        "Leonora",
    ]:
        assert secret not in plan_html, secret


def test_hostile_text_in_an_action_is_escaped(plan_html):
    assert "<script>alert(1)</script>" not in plan_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in plan_html
    assert "&lt;b&gt;listening&lt;/b&gt; &amp;" in plan_html
