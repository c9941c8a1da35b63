"""The councillors' view before a meeting (pledges:index): the pledge at a glance, what changed
since a date, what is off track or at risk, what is stale; and the co-opted young member's
plain-words version of it."""

from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from pledges.models import PledgeSettings, ProgressUpdate, Status

from ..access import client_for
from ..factories import (
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Collector(HTMLParser):
    """The text of every element carrying data-testid=`testid`, one string per element."""

    def __init__(self, testid):
        super().__init__()
        self.testid = testid
        self.found = []
        self.depth = 0  # >0 while inside a matching element

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if self.depth:
                self.found[-1].append(" ")
            return
        if self.depth:
            self.depth += 1
            self.found[-1].append(" ")
        elif dict(attrs).get("data-testid") == self.testid:
            self.depth = 1
            self.found.append([])

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1
            self.found[-1].append(" ")

    def handle_data(self, data):
        if self.depth:
            self.found[-1].append(data)


def texts(html, testid):
    """Whitespace-normalised text of each element with this data-testid, in page order."""
    if isinstance(html, bytes):
        html = html.decode()
    collector = _Collector(testid)
    collector.feed(html)
    return [" ".join("".join(parts).split()) for parts in collector.found]


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def long_date(day):
    """As the page writes dates: 5 March 2026."""
    return f"{day.day} {day:%B %Y}"


def approved(commitment, *, days, status, narrative="", public_summary=""):
    return ProgressUpdateFactory(
        commitment=commitment,
        as_of=days_ago(days),
        approved_at=timezone.now() - timedelta(days=days),
        status=status,
        narrative=narrative or f"Narrative for the board, {days} days ago.",
        public_summary=public_summary,
    )


@pytest.fixture
def pledge(world):
    """Three themes: Your Voice (off track and at risk), Where you live (achieved and on track),
    Your Future (no approved update at all: Not started)."""
    world.officer.full_name = "Olive Leadworth"  # a name that reads the same escaped
    world.officer.save()
    long_ago = timezone.now() - timedelta(days=400)
    version = PledgeVersionFactory(
        organisation=world.organisation, adopted=True, title="Our Pledge to you"
    )
    voice = ThemeFactory(version=version, title="Your Voice", position=1)
    home = ThemeFactory(version=version, title="Where you live", position=2)
    future = ThemeFactory(version=version, title="Your Future", position=3)
    c = {
        "listen": CommitmentFactory(
            theme=voice,
            wording="We will listen to every child in care BOARD-LISTEN",
            young_people_wording="We will listen to you PLAIN-LISTEN",
            lead=world.officer,
            created=long_ago,
        ),
        "reply": CommitmentFactory(
            theme=voice,
            wording="We will reply within 3 working days BOARD-REPLY",
            young_people_wording="We will get back to you fast PLAIN-REPLY",
            lead=world.officer,
            created=long_ago,
        ),
        "room": CommitmentFactory(theme=home, wording="BOARD-ROOM", created=long_ago),
        "garden": CommitmentFactory(theme=home, wording="BOARD-GARDEN", created=long_ago),
        "plans": CommitmentFactory(theme=future, wording="BOARD-PLANS", created=long_ago),
        "newest": CommitmentFactory(theme=future, wording="BOARD-NEWEST"),
    }
    # listen: On track 200 days ago, Off track 10 days ago.
    approved(c["listen"], days=200, status=Status.ON_TRACK)
    approved(
        c["listen"],
        days=10,
        status=Status.OFF_TRACK,
        narrative="SECRET-NARRATIVE: 3 of 40 children were seen in time.",
        public_summary="We held three Have your say events.",
    )
    # reply: At risk since 200 days ago; a newer update waits for approval, and a draft.
    approved(c["reply"], days=200, status=Status.AT_RISK, narrative="OLD-REPLY-NARRATIVE")
    ProgressUpdateFactory(
        commitment=c["reply"],
        as_of=days_ago(5),
        status=Status.ACHIEVED,
        narrative="SUBMITTED-NARRATIVE",
        public_summary="SUBMITTED-SUMMARY",
        state=ProgressUpdate.State.SUBMITTED,
        approved_at=None,
    )
    ProgressUpdateFactory(
        commitment=c["reply"],
        as_of=days_ago(2),
        status=Status.ACHIEVED,
        narrative="DRAFT-NARRATIVE",
        state=ProgressUpdate.State.DRAFT,
        approved_at=None,
    )
    approved(c["room"], days=30, status=Status.ACHIEVED)
    approved(c["garden"], days=20, status=Status.ON_TRACK)
    return version, c


@pytest.fixture
def elsewhere_pledge(world):
    version = PledgeVersionFactory(organisation=world.other_organisation, adopted=True)
    theme = ThemeFactory(version=version, title="ELSEWHERE-THEME")
    commitment = CommitmentFactory(
        theme=theme, wording="ELSEWHERE-PROMISE", young_people_wording="ELSEWHERE-PLAIN"
    )
    approved(commitment, days=3, status=Status.OFF_TRACK, narrative="ELSEWHERE-NARRATIVE")
    return version


def get(user, **params):
    response = client_for(user).get(reverse("pledges:index"), params)
    assert response.status_code == 200
    return response


# At a glance --------------------------------------------------------------------------------


def test_at_a_glance_counts_each_themes_statuses_in_severity_order(world, pledge):
    response = get(world.councillor)
    html = response.content.decode()
    assert texts(html, "theme-row") == [
        # Theme, Off track, At risk, On track, Not started, Achieved, Promises, status, coverage
        "Your Voice 1 1 0 0 0 2 Off track All 2 promises have progress",
        "Where you live 0 0 1 0 1 2 On track All 2 promises have progress",
        "Your Future 0 0 0 2 0 2 Not started 0 of 2 promises have progress",
    ]
    assert texts(html, "pledge-row") == [
        "Whole pledge 1 1 1 2 1 6 Off track 4 of 6 promises have progress"
    ]
    assert texts(html, "overall-status") == [
        "The whole pledge: Off track 4 of 6 promises have progress"
    ]
    header = texts(html, "at-a-glance")[0]
    assert "Off track At risk On track Not started Achieved" in header


def test_on_track_cannot_be_the_roll_up_when_most_promises_have_no_progress(world):
    """Seen in real use: "The whole pledge: On track" while 8 of 10 promises had no update."""
    version = PledgeVersionFactory(organisation=world.organisation, adopted=True)
    theme = ThemeFactory(version=version, title="")
    promises = [CommitmentFactory(theme=theme, position=n) for n in range(10)]
    for promise in promises[:2]:
        approved(promise, days=3, status=Status.ON_TRACK)
    html = get(world.councillor).content.decode()
    assert texts(html, "overall-status") == [
        "The whole pledge: At risk 2 of 10 promises have progress"
    ]


def test_the_rules_are_shown_beside_the_summary(world, pledge):
    from pledges.status import RULES

    rules = texts(get(world.councillor).content, "rules")[0]
    assert "How statuses are worked out" in rules
    for rule in RULES:
        assert " ".join(rule.split()) in rules


def test_statuses_count_only_approved_updates(world, pledge):
    html = get(world.councillor).content.decode()
    # reply's newer submitted and draft updates say Achieved; it is still At risk.
    assert "SUBMITTED-NARRATIVE" not in html
    assert "DRAFT-NARRATIVE" not in html
    assert any("BOARD-REPLY" in row and "At risk" in row for row in texts(html, "attention-row"))


# What changed since ---------------------------------------------------------------------------


def test_changed_since_shows_before_and_now_for_updates_approved_since_the_date(world, pledge):
    html = get(world.councillor).content.decode()  # default: the last 90 days
    rows = texts(html, "changed-row")
    assert len(rows) == 3
    listen, room, garden = rows
    assert "BOARD-LISTEN" in listen
    assert "On track Off track" in listen  # before, now
    assert "SECRET-NARRATIVE" in listen  # councillors read the narrative
    assert "Lead: " + str(world.officer) in listen
    assert "BOARD-ROOM" in room and "Not started Achieved" in room
    assert "BOARD-GARDEN" in garden and "Not started On track" in garden
    # Approved 200 days ago (before the date), or not approved at all: not listed.
    assert not any("BOARD-REPLY" in row for row in rows)


def test_changed_since_a_chosen_date(world, pledge):
    html = get(world.councillor, since=days_ago(25).isoformat()).content.decode()
    rows = texts(html, "changed-row")
    assert [("BOARD-LISTEN" in r, "BOARD-GARDEN" in r) for r in rows] == [
        (True, False),
        (False, True),
    ]
    assert f"What changed since {long_date(days_ago(25))}" in html

    html = get(world.councillor, since=days_ago(300).isoformat()).content.decode()
    rows = texts(html, "changed-row")
    assert len(rows) == 4  # now reply's approval 200 days ago counts too
    assert any("BOARD-REPLY" in r and "Not started At risk" in r for r in rows)

    html = get(world.councillor, since=days_ago(1).isoformat()).content.decode()
    assert texts(html, "changed-row") == []
    assert texts(html, "changed-none")


def test_changed_since_the_default_is_ninety_days_ago(world, pledge):
    response = get(world.councillor)
    assert response.context["since"] == days_ago(90)
    assert f'value="{days_ago(90).isoformat()}"' in response.content.decode()


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("31/01/2026", "Enter the date as year-month-day, for example 2026-01-31"),
        ("2026-02-30", "Enter the date as year-month-day, for example 2026-01-31"),
        ("yesterday", "Enter the date as year-month-day, for example 2026-01-31"),
        ("", "Enter a date, for example 2026-01-31"),
        ("1999-12-31", "The date must be on or after 1 January 2000"),
        ("__tomorrow__", "The date must be today or in the past"),
    ],
)
def test_a_bad_since_date_gets_a_clear_message_and_the_default(world, pledge, since, message):
    if since == "__tomorrow__":
        since = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = get(world.councillor, since=since)
    html = response.content.decode()
    (error,) = texts(html, "since-error")
    assert message in error
    assert f"Showing changes since {long_date(days_ago(90))} instead" in error
    assert response.context["since"] == days_ago(90)
    assert len(texts(html, "changed-row")) == 3  # the default's list
    assert "<title>Error: " in html
    assert "govuk-error-summary" in html


# Off track, at risk, stale -----------------------------------------------------------------


def test_off_track_and_at_risk_are_listed_worst_first(world, pledge):
    rows = texts(get(world.councillor).content, "attention-row")
    assert len(rows) == 2
    assert "BOARD-LISTEN" in rows[0] and "Off track" in rows[0]
    assert "BOARD-REPLY" in rows[1] and "At risk" in rows[1]
    assert str(world.officer) in rows[0]


def test_stale_lists_promises_without_an_approved_update_for_the_interval(world, pledge):
    html = get(world.councillor).content.decode()
    assert "No approved update for 12 weeks or more" in html
    rows = texts(html, "stale-row")
    # reply: last approved 200 days ago; plans: never updated, set up 400 days ago.
    assert len(rows) == 2
    assert "BOARD-REPLY" in rows[0] and long_date(days_ago(200)) in rows[0]
    assert "BOARD-PLANS" in rows[1] and "None yet" in rows[1]
    # newest was only just set up; listen, room and garden have recent approved updates.
    assert not any(
        w in html.split('data-testid="stale"')[1] for w in ["BOARD-NEWEST", "BOARD-ROOM"]
    )


def test_the_stale_interval_is_the_organisations(world, pledge):
    settings = PledgeSettings.for_organisation(world.organisation)
    settings.update_interval_weeks = 2
    settings.save()
    html = get(world.councillor).content.decode()
    assert "No approved update for 2 weeks or more" in html
    rows = texts(html, "stale-row")
    assert [("BOARD-ROOM" in r) or ("BOARD-GARDEN" in r) for r in rows].count(
        True
    ) == 2  # 30, 20 days


# Links to the history page and to the other pledge pages ---------------------------------------


def test_each_commitment_links_to_its_history(world, pledge):
    _version, c = pledge
    html = get(world.councillor).content.decode()
    assert reverse("pledges:commitment", args=[c["listen"].pk]) in html
    assert reverse("pledges:commitment", args=[c["plans"].pk]) in html


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("councillor", {"report"}),
        ("young_member", set()),
        ("clerk", {"report"}),
        ("officer", {"versions", "approvals", "mine", "report"}),
        ("administrator", {"versions", "approvals", "mine", "report"}),
        ("participation_officer", {"mine", "report"}),
    ],
)
def test_links_follow_the_members_capabilities(world, pledge, persona, expected):
    html = get(getattr(world, persona)).content.decode()
    for name in ["versions", "approvals", "mine", "report"]:
        assert (f'href="{reverse(f"pledges:{name}")}"' in html) == (name in expected), name


def test_no_adopted_pledge_says_so_and_offers_managers_the_versions(world):
    PledgeVersionFactory(organisation=world.organisation, title="DRAFT-TITLE")  # a draft only
    html = get(world.councillor).content.decode()
    assert "has no adopted pledge yet" in texts(html, "no-pledge")[0]
    assert "DRAFT-TITLE" not in html
    assert reverse("pledges:versions") not in html

    html = get(world.officer).content.decode()
    no_pledge = html.split('data-testid="no-pledge"')[1].split("</div>")[0]
    assert f'href="{reverse("pledges:versions")}"' in no_pledge


# The co-opted young member -----------------------------------------------------------------------


def test_the_coopted_member_reads_plain_words_and_public_summaries(world, pledge):
    html = get(world.young_member).content.decode()
    assert "PLAIN-LISTEN" in html
    assert "PLAIN-REPLY" in html
    for secret in ["BOARD-LISTEN", "BOARD-REPLY", "SECRET-NARRATIVE", "OLD-REPLY-NARRATIVE"]:
        assert secret not in html, secret
    assert "Narrative for the board" not in html
    (listen, *_rest) = texts(html, "changed-row")
    assert "PLAIN-LISTEN" in listen and "We held three Have your say events." in listen
    # No lead's name anywhere (the officer's name is the lead of listen and reply).
    assert str(world.officer) not in html
    assert "Lead" not in html


def test_councillors_see_board_wording_narratives_and_leads(world, pledge):
    html = get(world.councillor).content.decode()
    assert "BOARD-LISTEN" in html
    assert "SECRET-NARRATIVE" in html
    assert str(world.officer) in html


# Organisations --------------------------------------------------------------------------------


def test_another_organisations_pledge_never_appears(world, pledge, elsewhere_pledge):
    for persona in ["councillor", "young_member", "administrator"]:
        html = get(getattr(world, persona)).content.decode()
        assert "ELSEWHERE" not in html, persona


def test_an_outsider_sees_only_their_own_pledge(world, pledge, elsewhere_pledge):
    from corporate_parenting.roles import Role

    html = get(world.outsiders[Role.COUNCILLOR]).content.decode()
    assert "ELSEWHERE-PROMISE" in html
    for word in ["BOARD-LISTEN", "SECRET-NARRATIVE", "Your Voice"]:
        assert word not in html
