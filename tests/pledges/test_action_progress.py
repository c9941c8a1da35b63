"""Actions with their own progress: recorded, sent and approved like a promise's; the
promise's status derived from its actions, with its coverage and the rule; an adopted
version's actions added, changed and removed on the record."""

import pytest
from django.urls import reverse

from pledges.models import (
    CommitmentAction,
    PledgeSettings,
    PledgeVersion,
    ProgressUpdate,
    Status,
    VersionChange,
)
from pledges.status import RULES

from ..access import client_for
from ..edit_guard import loaded
from ..factories import (
    CommitmentActionFactory,
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)
from .test_entry_flow import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(world):
    version = PledgeVersionFactory(organisation=world.organisation, adopted=True, numbered=True)
    return CommitmentFactory(
        theme=ThemeFactory(version=version, title=""), lead=world.officer, wording="We will listen"
    )


@pytest.fixture
def actions(promise):
    return [
        CommitmentActionFactory(
            commitment=promise, description=f"Step {n}", owner="Virtual School", position=n
        )
        for n in (1, 2, 3)
    ]


def record(client, action, send=True, **extra):
    data = {
        "as_of": "2026-11-01",
        "status": "on_track",
        "narrative": "Workshops held with 14 young people (fictional).",
        "public_summary": "We met 14 of you to plan it.",
        **extra,
    }
    if send:
        data["send"] = "Save and send for approval"
    return client.post(reverse("pledges:action_update_create", args=[action.pk]), data)


# Recording and approving progress on an action --------------------------------------------


def test_progress_on_an_action_is_drafted_sent_and_approved(world, promise, actions):
    officer = client_for(world.officer)
    page = officer.get(reverse("pledges:action_update_create", args=[actions[1].pk]))
    assert "On Action 1.2:" in text_of(page) and "Step 2" in text_of(page)

    response = record(officer, actions[1], send=False)
    assert response.url == promise.get_absolute_url()
    update = ProgressUpdate.objects.get()
    assert (update.action, update.commitment, update.state) == (
        actions[1],
        promise,
        ProgressUpdate.State.DRAFT,
    )
    officer.post(reverse("pledges:update_submit", args=[update.pk]))
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.SUBMITTED
    body = text_of(officer.get(promise.get_absolute_url()))
    assert "On Action 1.2: Step 2" in body  # the pending box says which action
    assert "Not started" in body  # nothing counts until approved

    client_for(world.administrator).post(reverse("pledges:update_approve", args=[update.pk]))
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.APPROVED
    page = client_for(world.councillor).get(promise.get_absolute_url()).content.decode()
    cards = page.split('data-testid="action"')[1:]
    assert 'data-status="on_track"' in cards[1] and "Workshops held" in cards[1]
    assert 'data-status="not_started"' in cards[0] and "Workshops held" not in cards[0]


def test_editing_an_update_keeps_it_on_its_action(world, promise, actions):
    officer = client_for(world.officer)
    record(officer, actions[0], send=False)
    update = ProgressUpdate.objects.get()
    url = reverse("pledges:update_edit", args=[update.pk])
    assert "On Action 1.1:" in text_of(officer.get(url))
    officer.post(
        url,
        {
            **loaded(officer, url),
            "as_of": "2026-11-02",
            "status": "at_risk",
            "narrative": "Changed.",
        },
    )
    update.refresh_from_db()
    assert (update.action, update.narrative) == (actions[0], "Changed.")


def test_the_promise_takes_its_status_from_its_actions_with_the_coverage(world, promise, actions):
    # Its own update said achieved; once an action has progress, the actions decide.
    ProgressUpdateFactory(commitment=promise, status=Status.ACHIEVED)
    ProgressUpdateFactory(commitment=promise, action=actions[0], status=Status.ON_TRACK)
    body = client_for(world.councillor).get(promise.get_absolute_url()).content.decode()
    status = body.split('data-testid="promise-status"')[1].split("</p>")[0]
    # One of three has progress: nobody can say the rest is on track.
    assert 'data-status="at_risk"' in status
    assert "1 of 3 actions have progress" in status
    for action in actions[1:]:
        ProgressUpdateFactory(commitment=promise, action=action, status=Status.ACHIEVED)
    body = client_for(world.councillor).get(promise.get_absolute_url()).content.decode()
    status = body.split('data-testid="promise-status"')[1].split("</p>")[0]
    assert 'data-status="on_track"' in status and "All 3 actions have progress" in status


def test_the_rule_is_written_on_the_promise_page(world, promise, actions):
    body = text_of(client_for(world.young_member).get(promise.get_absolute_url()))
    assert "How this status is worked out" in body
    for rule in RULES:
        assert rule in body


def test_with_actions_progress_is_recorded_on_each_action(world, promise, actions):
    body = client_for(world.officer).get(promise.get_absolute_url()).content.decode()
    assert reverse("pledges:update_create", args=[promise.pk]) not in body
    for action in actions:
        assert reverse("pledges:action_update_create", args=[action.pk]) in body
    assert 'Record progress<span class="govuk-visually-hidden"> on action 1.3</span>' in body


def test_without_actions_progress_is_recorded_on_the_promise(world, promise):
    body = client_for(world.officer).get(promise.get_absolute_url()).content.decode()
    assert reverse("pledges:update_create", args=[promise.pk]) in body


def test_progress_is_recorded_on_actions_of_the_adopted_pledge_only(world):
    draft = CommitmentActionFactory(
        commitment=CommitmentFactory(
            theme=ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))
        )
    )
    assert record(client_for(world.officer), draft).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_an_invalid_update_on_an_action_keeps_what_was_typed(world, promise, actions):
    response = record(client_for(world.officer), actions[0], status="", narrative="Kept text")
    assert response.status_code == 200
    assert "Select the status" in response.content.decode()
    assert "Kept text" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


# What the author sees before sending (item 8, first half) ---------------------------------


def test_the_not_yet_published_box_shows_the_evidence_and_the_plain_words(world, promise, actions):
    record(
        client_for(world.officer),
        actions[0],
        send=False,
        evidence_title="Workshop notes",
        evidence_url="https://intranet.example.org/notes",
    )
    body = text_of(client_for(world.officer).get(promise.get_absolute_url()))
    pending = body.split("Not yet published")[1]
    assert "What young people will read: “We met 14 of you to plan it.”" in pending
    assert "Evidence: Workshop notes" in pending
    assert "For the board: Workshops held with 14 young people" in pending


def test_the_box_says_when_young_people_will_read_nothing(world, promise, actions):
    record(client_for(world.officer), actions[0], send=False, public_summary="")
    body = text_of(client_for(world.officer).get(promise.get_absolute_url()))
    assert "What young people will read: nothing but its status" in body
    assert "No evidence attached." in body


# The queue and "Promises I lead" say which action ------------------------------------------


def test_the_approval_queue_says_which_action_an_update_is_on(world, promise, actions):
    record(client_for(world.officer), actions[2])
    body = text_of(client_for(world.administrator).get(reverse("pledges:approvals")))
    assert "Pledge 1: We will listen" in body
    assert "On Action 1.3: Step 3" in body
    assert "What young people will read: “We met 14 of you to plan it.”" in body


def test_promises_i_lead_say_which_action_an_update_is_on(world, promise, actions):
    record(client_for(world.officer), actions[1], send=False)
    ProgressUpdateFactory(commitment=promise, action=actions[0], status=Status.ON_TRACK)
    body = text_of(client_for(world.officer).get(reverse("pledges:mine")))
    assert "on Action 1.2 “Step 2”: Draft" in body
    assert "1 of 3 actions have progress" in body


# An adopted version's actions change on the record ------------------------------------------


def test_an_action_added_to_an_adopted_version_is_on_the_record(world, promise, actions):
    client = client_for(world.officer)
    url = reverse("pledges:action_create", args=[promise.pk])
    assert "Why is this changing?" in client.get(url).content.decode()
    client.post(
        url,
        {"description": "Step 4", "position": "4", "reason": "Agreed at the March board"},
    )
    change = VersionChange.objects.get()
    assert (change.kind, change.summary, change.reason, change.by) == (
        VersionChange.Kind.ACTION_ADDED,
        "Step 4",
        "Agreed at the March board",
        world.officer,
    )


def test_an_action_changed_on_an_adopted_version_is_on_the_record(world, promise, actions):
    client = client_for(world.officer)
    url = reverse("pledges:action_update", args=[actions[0].pk])
    response = client.post(
        url,
        {
            **loaded(client, url),
            "description": "Step 1",
            "owner": "Leaving Care team",
            "timeline": "By March",
            "position": "1",
            "reason": "The team changed",
        },
    )
    assert response.status_code == 302
    change = VersionChange.objects.get()
    assert change.kind == VersionChange.Kind.ACTION_CHANGED
    assert "“Virtual School” → “Leaving Care team”" in change.summary
    assert change.reason == "The team changed"


def test_removing_an_action_of_an_adopted_version_asks_why(world, promise, actions):
    ProgressUpdateFactory(commitment=promise, action=actions[0])
    client = client_for(world.officer)
    url = reverse("pledges:action_delete", args=[actions[0].pk])
    confirm = text_of(client.get(url))
    assert "Why is this action removed?" in confirm and "Step 1" in confirm

    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert "Say why the action is removed" in refused.content.decode()
    assert CommitmentAction.objects.filter(pk=actions[0].pk).exists()
    assert not VersionChange.objects.exists()

    response = client.post(url, {"reason": "Merged into step 2"})
    assert response.url == promise.get_absolute_url()
    assert not CommitmentAction.objects.filter(pk=actions[0].pk).exists()
    change = VersionChange.objects.get()
    assert (change.kind, change.summary, change.reason) == (
        VersionChange.Kind.ACTION_REMOVED,
        "Step 1",
        "Merged into step 2",
    )


def test_removing_an_action_of_a_draft_asks_no_reason(world):
    action = CommitmentActionFactory(
        commitment=CommitmentFactory(
            theme=ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))
        )
    )
    client = client_for(world.officer)
    url = reverse("pledges:action_delete", args=[action.pk])
    assert "Why is this action removed?" not in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not CommitmentAction.objects.exists() and not VersionChange.objects.exists()


def test_a_superseded_versions_actions_are_fixed(world, promise, actions):
    PledgeVersion.objects.filter(pk=promise.theme.version_id).update(
        state=PledgeVersion.State.SUPERSEDED
    )
    client = client_for(world.officer)
    for name, target in [
        ("action_create", promise),
        ("action_update", actions[0]),
        ("action_delete", actions[0]),
    ]:
        assert client.get(reverse(f"pledges:{name}", args=[target.pk])).status_code == 403
    assert client.post(reverse("pledges:action_delete", args=[actions[0].pk]), {"reason": "x"})
    assert CommitmentAction.objects.filter(pk=actions[0].pk).exists()
    body = client.get(promise.get_absolute_url()).content.decode()
    assert reverse("pledges:action_delete", args=[actions[0].pk]) not in body


# Organisations and roles ---------------------------------------------------------------------


def test_another_councils_action_is_a_404(world):
    theirs = CommitmentActionFactory(
        commitment=CommitmentFactory(
            theme=ThemeFactory(
                version=PledgeVersionFactory(organisation=world.other_organisation, adopted=True)
            )
        )
    )
    client = client_for(world.officer)
    for name in ("action_update_create", "action_update", "action_delete"):
        assert client.get(reverse(f"pledges:{name}", args=[theirs.pk])).status_code == 404
    assert record(client, theirs).status_code == 404
    assert client.post(reverse("pledges:action_delete", args=[theirs.pk]), {"reason": "x"})
    assert CommitmentAction.objects.filter(pk=theirs.pk).exists()
    assert not ProgressUpdate.objects.exists()


def test_who_may_record_progress_on_an_action(world, promise, actions):
    assert record(client_for(world.councillor), actions[0]).status_code == 403
    assert record(client_for(world.young_member), actions[0]).status_code == 403
    assert record(client_for(world.clerk), actions[0]).status_code == 403
    assert record(client_for(world.participation_officer), actions[0]).status_code == 302
    assert ProgressUpdate.objects.get().author == world.participation_officer


def test_councillors_are_offered_no_recording_or_changing(world, promise, actions):
    body = client_for(world.councillor).get(promise.get_absolute_url()).content.decode()
    assert reverse("pledges:action_update_create", args=[actions[0].pk]) not in body
    assert reverse("pledges:action_update", args=[actions[0].pk]) not in body
    assert reverse("pledges:action_delete", args=[actions[0].pk]) not in body


def test_the_young_member_reads_actions_in_plain_words_without_officers(world, promise, actions):
    ProgressUpdateFactory(
        commitment=promise,
        action=actions[0],
        narrative="Internal narrative",
        public_summary="We met you",
    )
    body = text_of(client_for(world.young_member).get(promise.get_absolute_url()))
    assert "We met you" in body
    assert "Internal narrative" not in body
    assert "Virtual School" not in body  # the responsible team, unless the council shows it
    PledgeSettings.objects.create(organisation=world.organisation, show_action_owners=True)
    body = text_of(client_for(world.young_member).get(promise.get_absolute_url()))
    assert "Virtual School" in body
