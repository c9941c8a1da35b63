"""An adopted pledge changes only on the record (issue 11, item 7): a promise is withdrawn with
a reason, never deleted; every change to an adopted version (actions added, changed or
removed, promises withdrawn) is in the version's history and on the councillors' "what
changed" list; the co-opted young member reads it without officers' names."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.roles import Role
from pledges import selectors, services
from pledges.models import Commitment, CommitmentAction, ProgressUpdate, Status, VersionChange

from ..access import client_for
from ..edit_guard import save_edit
from ..factories import (
    CommitmentActionFactory,
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)
from .test_dashboard import texts

REASON = "Replaced by the Care Leavers Offer agreed at Cabinet in March"


def _text(response):
    return " ".join(response.content.decode().split())


@pytest.fixture
def pledge(world):
    """An adopted, numbered pledge of two promises; the officer has a name easy to look for."""
    world.officer.full_name = "Olive Leadworth"
    world.officer.save()
    version = PledgeVersionFactory(
        organisation=world.organisation, adopted=True, numbered=True, label="2025 plan"
    )
    theme = ThemeFactory(version=version, title="Your Voice", position=0)
    listen = CommitmentFactory(
        theme=theme,
        position=1,
        wording="We will listen to you BOARD-LISTEN",
        young_people_wording="We listen to you PLAIN-LISTEN",
    )
    visit = CommitmentFactory(
        theme=theme,
        position=2,
        wording="We will visit you every six weeks BOARD-VISIT",
        young_people_wording="We come to see you PLAIN-VISIT",
    )
    ProgressUpdateFactory(commitment=listen, status=Status.ON_TRACK)
    return version, listen, visit


def _withdraw(client, commitment, reason=REASON):
    return client.post(
        reverse("pledges:commitment_withdraw", args=[commitment.pk]), {"reason": reason}
    )


# Withdrawing, not deleting ------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_withdrawing_a_promise_needs_a_reason(world, pledge, reason):
    _version, _listen, visit = pledge
    response = _withdraw(client_for(world.officer), visit, reason)
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert "Say why the promise is withdrawn" in text
    visit.refresh_from_db()
    assert not visit.is_withdrawn
    assert not VersionChange.objects.exists()


def test_the_service_refuses_a_withdrawal_without_a_reason(world, pledge):
    _version, _listen, visit = pledge
    with pytest.raises(ValidationError, match="Say why"):
        services.commitment_withdraw(commitment=visit, reason="  ", by=world.officer)


def test_a_withdrawn_promise_is_shown_not_counted_and_takes_no_more_progress(world, pledge):
    version, listen, visit = pledge
    officer = client_for(world.officer)
    page = reverse("pledges:commitment", args=[visit.pk])
    assert 'data-testid="withdraw-link"' in officer.get(page).content.decode()
    # Before: one of two promises has progress, so the pledge is at best at risk.
    before = client_for(world.councillor).get(reverse("pledges:index"))
    assert before.context["coverage"].total == 2

    response = _withdraw(officer, visit)
    assert response.status_code == 302
    assert response.url == page
    visit.refresh_from_db()
    assert visit.is_withdrawn
    assert visit.withdrawn_reason == REASON
    assert visit.withdrawn_by == world.officer

    # Shown: on its page, with the date, who and why; no link to withdraw it again.
    html = officer.get(page).content.decode()
    (panel,) = texts(html, "withdrawn")
    day = timezone.localdate()
    assert f"Withdrawn on {day.day} {day:%B %Y} by Olive Leadworth: {REASON}" in panel
    assert 'data-testid="withdraw-link"' not in html
    again = _withdraw(officer, visit, "Once more")
    assert again.status_code == 302
    assert "already withdrawn" in _text(officer.get(again.url))
    assert VersionChange.objects.filter(kind=VersionChange.Kind.PROMISE_WITHDRAWN).count() == 1

    # Not counted: the whole pledge is now its one remaining promise, which is on track.
    after = client_for(world.councillor).get(reverse("pledges:index"))
    assert after.context["total"] == 1
    assert after.context["coverage"].total == 1
    assert after.context["summary_status"] == Status.ON_TRACK
    summary = selectors.pledge_summary(version)
    assert [row.commitment for row in summary.counted] == [listen]
    assert visit in [row.commitment for row in summary.rows]  # still listed

    # No more progress on it, nor on its actions.
    with pytest.raises(ValidationError, match="withdrawn"):
        services.progress_update_save(
            update=ProgressUpdate(as_of=day, status=Status.ON_TRACK, narrative="More"),
            organisation=world.organisation,
            commitment=visit,
            by=world.officer,
        )
    with pytest.raises(ValidationError, match="withdrawn"):
        services.action_save(
            action=CommitmentAction(description="A new action"), commitment=visit, by=world.officer
        )
    assert not visit.updates.exists()


def test_recording_progress_on_a_withdrawn_promise_is_refused_with_a_message(world, pledge):
    _version, _listen, visit = pledge
    services.commitment_withdraw(commitment=visit, reason=REASON, by=world.officer)
    client = client_for(world.officer)
    client.raise_request_exception = False
    response = client.post(
        reverse("pledges:update_create", args=[visit.pk]),
        {"as_of": timezone.localdate().isoformat(), "status": "on_track", "narrative": "More"},
    )
    assert response.status_code == 302
    assert "withdrawn" in _text(client.get(response.url))
    assert not visit.updates.exists()


def test_only_a_promise_of_the_adopted_version_is_withdrawn(world):
    draft = CommitmentFactory(
        theme=ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))
    )
    client = client_for(world.officer)
    response = _withdraw(client, draft)
    assert response.status_code == 302
    assert "Delete it instead" in _text(client.get(response.url))
    draft.refresh_from_db()
    assert not draft.is_withdrawn
    html = client.get(reverse("pledges:commitment", args=[draft.pk])).content.decode()
    assert 'data-testid="withdraw-link"' not in html


def test_a_promise_of_an_adopted_version_cannot_be_deleted(world, pledge):
    _version, _listen, visit = pledge
    client = client_for(world.officer)
    response = client.post(reverse("pledges:commitment_delete", args=[visit.pk]))
    assert response.status_code == 302
    assert (
        "can&#x27;t be deleted. Withdraw it, with a reason."
        in client.get(response.url).content.decode()
    )
    assert Commitment.objects.filter(pk=visit.pk).exists()


def test_only_pledge_managers_see_the_way_to_withdraw(world, pledge):
    _version, _listen, visit = pledge
    page = reverse("pledges:commitment", args=[visit.pk])
    assert (
        'data-testid="withdraw-link"' in client_for(world.administrator).get(page).content.decode()
    )
    for member in (world.councillor, world.clerk, world.young_member):
        assert 'data-testid="withdraw-link"' not in client_for(member).get(page).content.decode()


def test_the_young_member_sees_a_withdrawal_without_the_officers_name(world, pledge):
    _version, _listen, visit = pledge
    services.commitment_withdraw(commitment=visit, reason=REASON, by=world.officer)
    html = client_for(world.young_member).get(reverse("pledges:commitment", args=[visit.pk]))
    (panel,) = texts(html.content, "withdrawn")
    assert REASON in panel
    assert "Olive Leadworth" not in html.content.decode()


def test_a_hostile_reason_is_shown_as_text(world, pledge):
    _version, _listen, visit = pledge
    hostile = '<script>alert("x")</script> & <b>bold</b>'
    _withdraw(client_for(world.officer), visit, hostile)
    for url in (
        reverse("pledges:commitment", args=[visit.pk]),
        reverse("pledges:index"),
        reverse("pledges:version_history", args=[visit.theme.version_id]),
    ):
        html = client_for(world.councillor).get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in html, url


# The record: history and "what changed" (the acceptance test) ------------------------


def test_a_change_to_an_adopted_version_appears_in_its_history_and_in_what_changed(world, pledge):
    version, listen, visit = pledge
    officer = client_for(world.officer)
    # Added, through the page.
    response = officer.post(
        reverse("pledges:action_create", args=[listen.pk]),
        {
            "description": "Run a listening day with the Care Council ACTION-ADDED",
            "owner": "Participation team",
            "timeline": "By June 2026",
            "links": "Participation Strategy 2025-2028",
            "expected_outcome": "Three changes young people asked for",
            "position": "1",
        },
    )
    assert response.status_code == 302
    added = CommitmentAction.objects.get(commitment=listen)
    # Changed, through the edit form.
    response = save_edit(
        officer,
        reverse("pledges:action_update", args=[added.pk]),
        {
            "description": added.description,
            "owner": added.owner,
            "timeline": "By September 2026",
            "links": added.links,
            "expected_outcome": added.expected_outcome,
            "position": "1",
        },
    )
    assert response.status_code == 302
    # Removed, with a reason.
    doomed = CommitmentActionFactory(commitment=visit, description="Print leaflets ACTION-GONE")
    response = officer.post(
        reverse("pledges:action_delete", args=[doomed.pk]),
        {"reason": "Young people said nobody reads leaflets"},
    )
    assert response.status_code == 302
    assert not CommitmentAction.objects.filter(pk=doomed.pk).exists()
    # Withdrawn.
    _withdraw(officer, visit)

    kinds = [VersionChange.Kind(k) for k in version.changes.values_list("kind", flat=True)]
    # (the action the factory made, to be removed, is not a change made through the app)
    assert kinds == [
        VersionChange.Kind.PROMISE_WITHDRAWN,
        VersionChange.Kind.ACTION_REMOVED,
        VersionChange.Kind.ACTION_CHANGED,
        VersionChange.Kind.ACTION_ADDED,
    ]

    # The version's page counts them and links to its history.
    councillor = client_for(world.councillor)
    version_page = councillor.get(reverse("pledges:version", args=[version.pk]))
    (record,) = texts(version_page.content, "version-record")
    assert f"{version.changes.count()} changes on the record since it was adopted" in record
    history_url = reverse("pledges:version_history", args=[version.pk])
    assert history_url in version_page.content.decode()

    # The history: who, when, what, why, newest first, and the adoption last.
    history = councillor.get(history_url)
    assert history.status_code == 200
    entries = texts(history.content, "history-entry")
    assert "Promise withdrawn" in entries[0]
    assert "Pledge 2: We will visit you every six weeks BOARD-VISIT" in entries[0]
    assert REASON in entries[0]
    assert "Action removed" in entries[1]
    assert "Print leaflets ACTION-GONE" in entries[1]
    assert "Young people said nobody reads leaflets" in entries[1]
    assert "Action changed" in entries[2]
    assert "“By June 2026” → “By September 2026”" in entries[2]
    assert "Action added" in entries[3]
    assert "Run a listening day with the Care Council ACTION-ADDED" in entries[3]
    assert "Pledge 1: We will listen to you BOARD-LISTEN" in entries[3]
    for entry in entries[:4]:
        assert "By Olive Leadworth" in entry
    assert "Adopted by Full Council" in entries[-1]
    assert len(entries) == 5

    # The councillors' "what changed": the same four, with who and why.
    dashboard = councillor.get(reverse("pledges:index"))
    rows = texts(dashboard.content, "record-row")
    assert len(rows) == 4
    assert rows[0].startswith("Promise withdrawn Pledge 2: We will visit you every six weeks")
    assert REASON in rows[0] and "By Olive Leadworth" in rows[0]
    assert rows[1].startswith("Action removed")
    assert "Print leaflets ACTION-GONE" in rows[1]
    assert "Why: Young people said nobody reads leaflets" in rows[1]
    assert rows[2].startswith("Action changed Pledge 1:")
    assert "By September 2026" in rows[2]
    assert rows[3].startswith("Action added Pledge 1: We will listen to you BOARD-LISTEN")
    assert history_url in dashboard.content.decode()


def test_what_changed_lists_only_changes_since_the_date(world, pledge):
    version, listen, _visit = pledge
    services.action_save(
        action=CommitmentAction(description="Old change OLD-CHANGE"),
        commitment=listen,
        by=world.officer,
    )
    VersionChange.objects.filter(version=version).update(at=timezone.now() - timedelta(days=200))
    services.action_save(
        action=CommitmentAction(description="New change NEW-CHANGE"),
        commitment=listen,
        by=world.officer,
    )
    client = client_for(world.councillor)
    rows = texts(client.get(reverse("pledges:index")).content, "record-row")  # last 90 days
    assert len(rows) == 1 and "NEW-CHANGE" in rows[0]
    since = (timezone.localdate() - timedelta(days=365)).isoformat()
    rows = texts(client.get(reverse("pledges:index"), {"since": since}).content, "record-row")
    assert [("NEW-CHANGE" in r, "OLD-CHANGE" in r) for r in rows] == [(True, False), (False, True)]


def test_with_no_change_on_the_record_what_changed_says_so(world, pledge):
    html = client_for(world.councillor).get(reverse("pledges:index")).content
    assert texts(html, "record-row") == []
    (none,) = texts(html, "record-none")
    assert "No action has been added, changed or removed, and no promise withdrawn" in none


def test_a_co_opted_young_member_sees_no_officer_name_in_what_changed(world, pledge):
    _version, listen, visit = pledge
    action = services.action_save(
        action=CommitmentAction(description="Run a listening day PLAIN-ACTION", owner="Team A"),
        commitment=listen,
        by=world.officer,
    )
    action.owner = "Olive Leadworth, Team Manager"  # a name in the field-by-field change
    services.action_save(action=action, commitment=listen, by=world.officer)
    services.commitment_withdraw(commitment=visit, reason=REASON, by=world.officer)

    response = client_for(world.young_member).get(reverse("pledges:index"))
    html = response.content.decode()
    rows = texts(html, "record-row")
    assert [row.split(" ")[0:2] for row in rows] == [
        ["Promise", "withdrawn"],
        ["Action", "changed"],
        ["Action", "added"],
    ]
    assert "Olive Leadworth" not in html
    assert "PLAIN-VISIT" in rows[0] and "BOARD-VISIT" not in rows[0]  # plain words
    assert "PLAIN-ACTION" in rows[2]
    assert reverse("pledges:version_history", args=[listen.theme.version_id]) not in html
    # ... while a councillor sees who made each change.
    councillor = texts(
        client_for(world.councillor).get(reverse("pledges:index")).content, "record-row"
    )
    assert all("By Olive Leadworth" in row for row in councillor)
    assert "Olive Leadworth, Team Manager" in councillor[1]


def test_the_young_member_cannot_read_the_history(world, pledge):
    version, _listen, _visit = pledge
    response = client_for(world.young_member).get(
        reverse("pledges:version_history", args=[version.pk])
    )
    assert response.status_code == 403


def test_another_councils_record_is_not_found_nor_shown(world, pledge):
    version, _listen, visit = pledge
    services.commitment_withdraw(commitment=visit, reason=REASON, by=world.officer)
    for role, outsider in world.outsiders.items():
        client = client_for(outsider)
        history = client.get(reverse("pledges:version_history", args=[version.pk]))
        assert history.status_code == 404, role
        assert _withdraw(client, pledge[1]).status_code == 404, role
    # Their own councillors' "what changed" shows nothing of it.
    other = PledgeVersionFactory(organisation=world.other_organisation, adopted=True)
    CommitmentFactory(theme=ThemeFactory(version=other))
    outsider = client_for(world.outsiders[Role.COUNCILLOR])
    page = outsider.get(reverse("pledges:index")).content.decode()
    assert texts(page, "record-row") == []
    assert REASON not in page
    pledge[1].refresh_from_db()
    assert not pledge[1].is_withdrawn


def test_the_history_of_a_draft_says_nothing_is_on_the_record_yet(world):
    draft = PledgeVersionFactory(organisation=world.organisation)
    commitment = CommitmentFactory(theme=ThemeFactory(version=draft))
    services.action_save(
        action=CommitmentAction(description="Drafting"), commitment=commitment, by=world.officer
    )
    html = (
        client_for(world.councillor)
        .get(reverse("pledges:version_history", args=[draft.pk]))
        .content
    )
    assert texts(html, "history-not-adopted")
    assert texts(html, "history-entry") == []
    version_page = (
        client_for(world.officer).get(reverse("pledges:version", args=[draft.pk])).content
    )
    assert texts(version_page, "version-record") == []


def test_a_superseded_version_keeps_its_history_and_says_what_replaced_it(world, pledge):
    version, listen, _visit = pledge
    services.action_save(
        action=CommitmentAction(description="Kept on the record KEPT"),
        commitment=listen,
        by=world.officer,
    )
    new = services.version_copy(version=version, label="2027 plan")
    services.version_adopt(version=new, adopted_on=timezone.localdate(), adopted_by="Cabinet")
    html = (
        client_for(world.councillor)
        .get(reverse("pledges:version_history", args=[version.pk]))
        .content
    )
    entries = texts(html, "history-entry")
    assert "Replaced by 2027 plan" in entries[0] and "adopted by Cabinet" in entries[0]
    assert "KEPT" in entries[1]
    assert "Adopted by Full Council" in entries[-1]


def test_what_changed_runs_one_query_however_many_changes_there_are(world, pledge):
    _version, listen, _visit = pledge
    client = client_for(world.councillor)
    url = reverse("pledges:index")

    def count():
        client.get(url)
        cache.clear()  # counted with the page built afresh, not served from the cache
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), len(response.context["record"])

    services.action_save(
        action=CommitmentAction(description="First"), commitment=listen, by=world.officer
    )
    one, shown = count()
    assert shown == 1
    theme = listen.theme
    for n in range(10):
        commitment = CommitmentFactory(theme=theme)
        services.action_save(
            action=CommitmentAction(description=f"Action {n}"),
            commitment=commitment,
            by=world.officer,
        )
    many, shown = count()
    assert shown == 11
    assert many == one


def test_a_withdrawn_promise_says_so_on_its_page_and_in_its_version(world, pledge):
    version, _listen, visit = pledge
    ProgressUpdateFactory(commitment=visit, status=Status.ON_TRACK)
    services.commitment_withdraw(commitment=visit, reason=REASON, by=world.officer)
    client = client_for(world.officer)
    page = client.get(reverse("pledges:commitment", args=[visit.pk])).content.decode()
    assert texts(page, "promise-status") == ["Status now: Withdrawn"]
    assert reverse("pledges:update_create", args=[visit.pk]) not in page
    listing = client.get(reverse("pledges:version", args=[version.pk])).content.decode()
    assert texts(listing, "withdrawn-tag") == ["Withdrawn"]
