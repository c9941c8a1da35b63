"""The personal-data guard workflow: every item is scanned on save; an officer removes or
keeps each flag (audited, without the words); approval needs every flag decided; changing
the words clears the approval and the decisions; a queue takes the officer to the next."""

import json

import pytest
from auditlog import get_logentry_model
from django.urls import reverse

from participation.feedback import flag_key, words_digest
from participation.guard import scan
from participation.models import Feedback, GuardDecision

from ..access import client_for
from ..edit_guard import save_edit

pytestmark = pytest.mark.django_db

NAMED = "Emma has the biggest heart"


def _enter(client, text, kind="praise"):
    client.post(reverse("participation:feedback_quick"), {"text": text, "kind": kind})
    return Feedback.objects.get(text=text)


def _decide(client, item, decision, index=0):
    flag = scan(item.text)[index]
    return client.post(
        reverse("participation:feedback_decide", args=[item.pk]),
        {"flag": flag_key(flag), "digest": words_digest(item.text), "decision": decision},
    )


def _approve(client, item, **extra):
    return client.post(
        reverse("participation:feedback_approve", args=[item.pk]),
        {"digest": words_digest(item.text), **extra},
    )


@pytest.fixture
def officer(world):
    return client_for(world.participation_officer)


def test_an_item_is_scanned_on_save_and_its_flags_left_out_until_decided(world, officer):
    item = _enter(officer, NAMED)
    assert item.public_text == "[name removed] has the biggest heart"
    assert item.approved_at is None
    page = officer.get(reverse("participation:feedback_check", args=[item.pk])).content.decode()
    assert '<mark class="cp-flag" aria-describedby="flag-1">Emma</mark>' in page
    assert "looks like a first name: Emma" in page
    assert "To check: 1 flag" in page


def test_approval_is_refused_while_a_flag_has_no_decision(world, officer):
    item = _enter(officer, "Haley (real name)")
    response = _approve(officer, item)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Not approved: 2 flags still need a decision" in page
    assert "a first name (“Haley”)" in page and "words saying a real name is given" in page
    item.refresh_from_db()
    assert item.approved_at is None and not Feedback.objects.public().exists()

    _decide(officer, item, "redacted", 0)
    response = _approve(officer, item)
    assert response.status_code == 409
    assert "1 flag still needs a decision" in response.content.decode()


def test_removing_a_name_then_approving_shares_the_checked_words(world, officer):
    item = _enter(officer, NAMED)
    assert _decide(officer, item, "redacted").status_code == 302
    assert _approve(officer, item).status_code == 302
    item.refresh_from_db()
    assert item.public_text == "[name removed] has the biggest heart"
    assert item.approved_by == world.participation_officer and item.approved_at is not None
    assert list(Feedback.objects.public()) == [item]


def test_keeping_a_flag_that_is_not_personal_data_keeps_the_words(world, officer):
    item = _enter(officer, NAMED)
    _decide(officer, item, "confirmed")
    _approve(officer, item)
    item.refresh_from_db()
    assert item.public_text == NAMED and item.is_public


def test_deciding_again_replaces_the_earlier_decision(world, officer):
    item = _enter(officer, NAMED)
    _decide(officer, item, "confirmed")
    _decide(officer, item, "redacted")
    assert list(GuardDecision.objects.values_list("decision", flat=True)) == ["redacted"]
    item.refresh_from_db()
    assert item.public_text == "[name removed] has the biggest heart"


def test_each_decision_is_audited_without_the_words(world, officer):
    item = _enter(officer, NAMED)
    _decide(officer, item, "redacted")
    decision = GuardDecision.objects.get()
    assert decision.decided_by == world.participation_officer
    entries = get_logentry_model().objects.filter(
        content_type__model="guarddecision", object_pk=str(decision.pk)
    )
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == world.participation_officer
    assert entry.organisation == world.organisation
    changes = json.dumps(entry.changes)
    assert "redacted" in changes and "first_name" in changes
    every = json.dumps(list(get_logentry_model().objects.values("changes", "object_repr")))
    assert "Emma" not in every  # neither the decision's entry nor the item's holds the words


def test_an_item_with_no_flags_is_approved_directly(world, officer):
    item = _enter(officer, "More music")
    assert _approve(officer, item).status_code == 302
    item.refresh_from_db()
    assert item.is_public and item.public_text == "More music"


def test_changing_the_words_after_approval_clears_the_approval_and_the_decisions(world, officer):
    item = _enter(officer, NAMED)
    _decide(officer, item, "redacted")
    _approve(officer, item)
    response = save_edit(
        officer,
        reverse("participation:feedback_update", args=[item.pk]),
        {"text": "Emma has the kindest heart", "kind": "praise", "said_on": "2026-10-14"},
        follow=True,
    )
    assert "the approval for sharing is cleared and the 1 guard decision too" in (
        response.content.decode()
    )
    item.refresh_from_db()
    assert item.approved_at is None and item.approved_by is None
    assert not item.decisions.exists()
    assert item.public_text == "[name removed] has the kindest heart"
    assert not Feedback.objects.public().exists()


def test_changing_something_else_keeps_the_approval(world, officer):
    item = _enter(officer, "More music")
    _approve(officer, item)
    save_edit(
        officer,
        reverse("participation:feedback_update", args=[item.pk]),
        {"text": "More music", "kind": "yes_more", "said_on": "2026-10-14"},
    )
    item.refresh_from_db()
    assert item.is_public and item.kind == "yes_more"


def test_a_decision_or_approval_on_words_that_changed_meanwhile_is_refused(world, officer):
    item = _enter(officer, NAMED)
    stale = words_digest(item.text)
    flag = flag_key(scan(item.text)[0])
    item.text = "Jo is kind"
    item.save()
    officer.post(
        reverse("participation:feedback_decide", args=[item.pk]),
        {"flag": flag, "digest": stale, "decision": "confirmed"},
    )
    assert not GuardDecision.objects.exists()
    refused = officer.post(
        reverse("participation:feedback_approve", args=[item.pk]), {"digest": stale}
    )
    assert refused.status_code == 409
    assert "changed since you opened the page" in refused.content.decode()


def test_check_the_next_one_walks_the_queue_oldest_first(world, officer):
    first = _enter(officer, NAMED)
    second = _enter(officer, "More music")
    Feedback.objects.filter(pk=first.pk).update(said_on="2018-10-22")
    Feedback.objects.filter(pk=second.pk).update(said_on="2018-10-23")
    next_url = reverse("participation:feedback_check_next")

    assert officer.get(next_url).url == reverse("participation:feedback_check", args=[first.pk])
    _decide(officer, first, "redacted")
    approved = _approve(officer, first, then="next")
    assert approved.url == f"{next_url}?after={first.pk}"
    assert officer.get(approved.url).url == reverse(
        "participation:feedback_check", args=[second.pk]
    )
    _approve(officer, second, then="next")
    done = officer.get(f"{next_url}?after={second.pk}", follow=True)
    assert "Nothing else is waiting to be checked." in done.content.decode()


def test_an_item_with_no_flags_is_approved_from_its_own_page(world, officer):
    item = _enter(officer, "More music")
    page = officer.get(item.get_absolute_url()).content.decode()
    assert "The personal-data guard flagged nothing." in page
    digest = words_digest(item.text)
    assert f'name="digest" value="{digest}"' in page
    assert _approve(officer, item).status_code == 302
    assert "Approve for sharing" not in officer.get(item.get_absolute_url()).content.decode()
