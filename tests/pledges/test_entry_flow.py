"""Entering a plan by hand: a promise and its actions on one page (several actions, "Add
another action" with and without JavaScript), a plan without themes, numbers, and a back
link on every officer page."""

import html
import re

import pytest
from django.urls import reverse

from pledges.models import Commitment, CommitmentAction, PledgeVersion, Theme, VersionChange

from ..access import client_for
from ..edit_guard import loaded
from ..factories import (
    CommitmentActionFactory,
    CommitmentFactory,
    PledgeVersionFactory,
    ProgressUpdateFactory,
    ThemeFactory,
)
from ..test_lost_updates import guarded_form

pytestmark = pytest.mark.django_db

ACTION = {
    "description": "Run a consultation with the Children in Care Council",
    "owner": "Virtual School and Team Manager: Family Placement",
    "timeline": "By March 2026",
    "links": "Participation Strategy 2025-2028",
    "expected_outcome": "Young people shape the offer",
}


def page_data(promise=None, actions=(), initial=0, **extra):
    """What the promise page posts: the promise's fields and one row per action."""
    data = {
        "wording": "We will listen to you",
        "position": "1",
        **(promise or {}),
        "actions-TOTAL_FORMS": str(len(actions)),
        "actions-INITIAL_FORMS": str(initial),
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(actions):
        for name, value in row.items():
            data[f"actions-{i}-{name}"] = value
    return {**data, **extra}


def text_of(response):
    """The page's visible words: no tags, attributes or scripts."""
    body = response.content.decode()
    body = re.sub(r"<(script|template)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def theme(world):
    return ThemeFactory(version=PledgeVersionFactory(organisation=world.organisation))


# One page for a promise and its actions ---------------------------------------------------


def test_a_promise_and_its_actions_are_added_on_one_page(world, theme):
    response = client_for(world.officer).post(
        reverse("pledges:commitment_create", args=[theme.pk]),
        page_data(
            actions=[
                ACTION,
                {"description": "Publish the offer", "links": "Not applicable"},
                {"description": "Review it with young people", "timeline": "2027"},
            ]
        ),
    )
    commitment = Commitment.objects.get(theme=theme)
    # "Save promise" goes to the promise, not back to the version.
    assert response.status_code == 302
    assert response.url == commitment.get_absolute_url()
    actions = list(commitment.actions.all())
    assert [a.description for a in actions] == [
        ACTION["description"],
        "Publish the offer",
        "Review it with young people",
    ]
    assert [a.position for a in actions] == [1, 2, 3]
    first = actions[0]
    assert (first.owner, first.timeline, first.links, first.expected_outcome) == (
        ACTION["owner"],
        ACTION["timeline"],
        ACTION["links"],
        ACTION["expected_outcome"],
    )
    assert actions[1].links == "Not applicable"
    assert first.organisation == world.organisation
    # A draft's changes are not "on the record": that is for adopted versions.
    assert not VersionChange.objects.exists()


def test_blank_action_rows_are_ignored(world, theme):
    client_for(world.officer).post(
        reverse("pledges:commitment_create", args=[theme.pk]),
        page_data(actions=[{"description": ""}, ACTION, {"description": "", "owner": ""}]),
    )
    commitment = Commitment.objects.get(theme=theme)
    assert [a.description for a in commitment.actions.all()] == [ACTION["description"]]


def test_a_promise_with_no_actions_is_saved(world, theme):
    client_for(world.officer).post(
        reverse("pledges:commitment_create", args=[theme.pk]),
        page_data(actions=[{"description": ""}]),
    )
    assert not Commitment.objects.get(theme=theme).actions.exists()


def test_a_row_with_something_typed_but_nothing_to_do_is_an_error_on_that_row(world, theme):
    response = client_for(world.officer).post(
        reverse("pledges:commitment_create", args=[theme.pk]),
        page_data(actions=[ACTION, {"description": "", "timeline": "By June 2026"}]),
    )
    assert response.status_code == 200
    body = response.content.decode()
    # In the summary, naming the row and linking to its field; and on the row itself.
    assert '<a href="#id_actions-1-description">Action 2: Say what will be done</a>' in body
    assert 'id="id_actions-1-description_1_error"' in body
    assert "id_actions-0-description_1_error" not in body
    # Nothing is saved, and nothing typed is lost.
    assert not Commitment.objects.exists() and not CommitmentAction.objects.exists()
    assert 'value="By June 2026"' in body
    assert ACTION["description"] in body
    assert "<title>Error: " in body


def test_an_error_in_the_promise_and_in_a_row_show_together(world, theme):
    response = client_for(world.officer).post(
        reverse("pledges:commitment_create", args=[theme.pk]),
        page_data({"wording": ""}, actions=[{"owner": "Leaving Care team"}]),
    )
    body = response.content.decode()
    assert "Enter the promise" in body
    assert "Action 1: Say what will be done" in body
    assert not Commitment.objects.exists()


def test_add_another_action_without_javascript_keeps_everything_typed(world, theme):
    url = reverse("pledges:commitment_create", args=[theme.pk])
    response = client_for(world.officer).post(
        url,
        page_data(
            {"wording": "We will find you a home", "target": "Within 6 weeks"},
            actions=[ACTION, {"description": "", "timeline": "Half typed"}],
            add_action="Add another action",
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    form = guarded_form(response, "wording")
    assert form["actions-TOTAL_FORMS"] == "3"  # one more row
    assert form["wording"] == "We will find you a home"
    assert form["target"] == "Within 6 weeks"
    assert form["actions-0-description"] == ACTION["description"]
    assert form["actions-0-owner"] == ACTION["owner"]
    assert form["actions-1-timeline"] == "Half typed"
    assert form["actions-2-description"] == ""
    assert 'id="actions-2-row"' in body
    # Not checked yet, so no errors (the half-typed row has nothing to do yet) ...
    assert "govuk-error-summary" not in body and "Say what will be done" not in body
    # ... and nothing saved.
    assert not Commitment.objects.exists()
    # The button takes a browser without JavaScript straight to the next new row.
    assert 'formaction="#actions-3-row"' in body


def test_the_page_has_the_empty_row_for_javascript_to_copy(world, theme):
    body = (
        client_for(world.officer)
        .get(reverse("pledges:commitment_create", args=[theme.pk]))
        .content.decode()
    )
    template = re.search(r"<template data-action-row-template>(.*?)</template>", body, re.S)
    assert template and 'name="actions-__prefix__-description"' in template.group(1)
    assert 'name="actions-TOTAL_FORMS" value="1"' in body
    assert "js/action-rows.mjs" in body
    assert 'data-add-action data-prefix="actions"' in body


def test_save_and_add_another_promise_opens_a_fresh_page_for_the_same_theme(world, theme):
    client = client_for(world.officer)
    url = reverse("pledges:commitment_create", args=[theme.pk])
    response = client.post(url, page_data(actions=[ACTION], another="1"))
    assert response.status_code == 302 and response.url == url
    fresh = client.get(url)
    assert "The promise is added. Add the next one." in fresh.content.decode()
    assert guarded_form(fresh, "wording")["position"] == "2"
    assert guarded_form(fresh, "wording")["wording"] == ""


def test_a_promise_and_its_actions_are_changed_on_the_same_page(world, theme):
    commitment = CommitmentFactory(theme=theme, wording="We will listen")
    keep = CommitmentActionFactory(commitment=commitment, description="Keep me", position=1)
    drop = CommitmentActionFactory(commitment=commitment, description="Drop me", position=2)
    client = client_for(world.officer)
    url = reverse("pledges:commitment_update", args=[commitment.pk])
    form = guarded_form(client.get(url), "wording")
    assert form["actions-TOTAL_FORMS"] == "3"  # two actions and a blank row
    form.update(
        {
            "wording": "We will listen, and act",
            "actions-0-description": "Keep me, changed",
            "actions-1-DELETE": "on",
            "actions-2-description": "A new one",
        }
    )
    response = client.post(url, form)
    assert response.status_code == 302 and response.url == commitment.get_absolute_url()
    commitment.refresh_from_db()
    assert commitment.wording == "We will listen, and act"
    assert [(a.pk, a.description, a.position) for a in commitment.actions.all()] == [
        (keep.pk, "Keep me, changed", 1),
        (commitment.actions.get(description="A new one").pk, "A new one", 2),
    ]
    assert not CommitmentAction.objects.filter(pk=drop.pk).exists()


def test_a_stale_change_to_an_action_is_refused_and_nothing_is_lost(world, theme):
    commitment = CommitmentFactory(theme=theme)
    action = CommitmentActionFactory(commitment=commitment, owner="Participation team")
    url = reverse("pledges:commitment_update", args=[commitment.pk])
    a, b = client_for(world.officer), client_for(world.administrator)
    a_form, b_form = guarded_form(a.get(url), "wording"), guarded_form(b.get(url), "wording")
    assert b.post(url, {**b_form, "actions-0-owner": "Virtual School (B)"}).status_code == 302
    refused = a.post(url, {**a_form, "actions-0-owner": "Leaving Care team (A)"})
    assert refused.status_code == 409
    action.refresh_from_db()
    assert action.owner == "Virtual School (B)"
    body = html.unescape(refused.content.decode())
    assert "Action 1: Responsible officer or team" in body
    again = guarded_form(refused, "wording")
    assert again["actions-0-owner"] == "Leaving Care team (A)"
    assert a.post(url, again).status_code == 302
    action.refresh_from_db()
    assert action.owner == "Leaving Care team (A)"


def test_an_adopted_promise_is_not_changed_on_this_page(world):
    commitment = CommitmentFactory(
        theme=ThemeFactory(
            version=PledgeVersionFactory(organisation=world.organisation, adopted=True)
        )
    )
    client = client_for(world.officer)
    assert client.get(reverse("pledges:commitment_update", args=[commitment.pk])).status_code == 403
    response = client.post(
        reverse("pledges:commitment_create", args=[commitment.theme.pk]), page_data()
    )
    assert response.status_code == 403


def test_an_action_of_another_promise_cannot_be_posted_into_this_one(world, theme):
    commitment = CommitmentFactory(theme=theme)
    other = CommitmentActionFactory(commitment=CommitmentFactory(theme=theme), description="Theirs")
    client = client_for(world.officer)
    url = reverse("pledges:commitment_update", args=[commitment.pk])
    data = {
        **loaded(client, url),
        **page_data(
            {"wording": "Mine"},
            actions=[{"id": str(other.pk), "description": "Taken over"}],
            initial=1,
        ),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone else removed this action" in response.content.decode()
    other.refresh_from_db()
    assert (other.commitment_id, other.description) != (commitment.pk, "Taken over")


def test_hostile_text_in_an_action_is_shown_as_text(world, theme):
    client = client_for(world.officer)
    hostile = '<script>alert("x")</script>'
    client.post(
        reverse("pledges:commitment_create", args=[theme.pk]),
        page_data(actions=[{"description": hostile, "owner": hostile}]),
    )
    commitment = Commitment.objects.get()
    for url in [
        commitment.get_absolute_url(),
        theme.version.get_absolute_url(),
        reverse("pledges:commitment_update", args=[commitment.pk]),
    ]:
        body = client.get(url).content.decode()
        assert hostile not in body
        assert "&lt;script&gt;" in body


# A plan without themes, numbers, the ways in ----------------------------------------------


def test_a_version_without_themes_takes_its_promises_without_inventing_a_theme(world):
    version = PledgeVersionFactory(organisation=world.organisation, numbered=True)
    client = client_for(world.officer)
    url = reverse("pledges:version_promise_create", args=[version.pk])
    assert client.get(url).status_code == 200
    assert not version.themes.exists()  # opening the page writes nothing
    response = client.post(url, page_data({"wording": "We will listen"}, another="1"))
    assert response.url == url
    client.post(url, page_data({"wording": "We will find you a home", "position": "2"}))
    theme = Theme.objects.get(version=version)
    assert theme.title == ""
    assert [c.wording for c in theme.commitments.all()] == [
        "We will listen",
        "We will find you a home",
    ]
    body = client.get(version.get_absolute_url()).content.decode()
    assert '<h2 class="govuk-heading-m" id="theme-' not in body  # no theme heading
    assert "Change theme" not in body and "Delete theme" not in body
    assert "Pledge 1:</strong>" in body and "Pledge 2:</strong>" in body


def test_a_version_with_themes_asks_for_the_theme(world, theme):
    response = client_for(world.officer).get(
        reverse("pledges:version_promise_create", args=[theme.version.pk]), follow=True
    )
    assert "add the promise to one of them" in response.content.decode()
    assert Theme.objects.filter(version=theme.version).count() == 1


def test_a_blank_version_offers_two_ways_in(world):
    version = PledgeVersionFactory(organisation=world.organisation)
    body = client_for(world.officer).get(version.get_absolute_url()).content.decode()
    ways_in = body.split('data-testid="ways-in"')[1].split("Change details")[0]
    assert reverse("pledges:version_promise_create", args=[version.pk]) in ways_in
    assert reverse("pledges:import_upload", args=[version.pk]) in ways_in
    # Once it has promises, the box is gone.
    CommitmentFactory(theme=ThemeFactory(version=version, title=""))
    body = client_for(world.officer).get(version.get_absolute_url()).content.decode()
    assert 'data-testid="ways-in"' not in body


def test_councillors_are_not_offered_the_ways_in(world):
    version = PledgeVersionFactory(organisation=world.organisation)
    body = client_for(world.councillor).get(version.get_absolute_url()).content.decode()
    assert 'data-testid="ways-in"' not in body


def test_numbers_show_on_the_version_and_the_promise_page(world):
    version = PledgeVersionFactory(organisation=world.organisation, numbered=True)
    voice, home = (
        ThemeFactory(version=version, position=1),
        ThemeFactory(version=version, position=2),
    )
    CommitmentFactory(theme=voice, position=1)
    second = CommitmentFactory(theme=home, position=1)
    CommitmentActionFactory(commitment=second, description="First thing", position=1)
    CommitmentActionFactory(commitment=second, description="Second thing", position=5)
    client = client_for(world.officer)
    body = text_of(client.get(version.get_absolute_url()))
    assert "Pledge 2: " in body
    assert "Action 2.2: Second thing" in body
    page = text_of(client.get(second.get_absolute_url()))
    assert "Pledge 2" in page and "Action 2.1: First thing" in page
    # Not numbered: no numbers.
    PledgeVersion.objects.filter(pk=version.pk).update(numbered=False)
    assert "Action 2.2" not in text_of(client.get(version.get_absolute_url()))
    assert "Pledge 2" not in text_of(client.get(second.get_absolute_url()))


# Back links -------------------------------------------------------------------------------


def _back_href(response):
    found = re.search(r'<a href="([^"]+)" class="govuk-back-link"', response.content.decode())
    return found.group(1) if found else None


def test_every_officer_page_has_a_back_link_to_its_parent(world):
    adopted = PledgeVersionFactory(organisation=world.organisation, adopted=True)
    promise = CommitmentFactory(theme=ThemeFactory(version=adopted))
    action = CommitmentActionFactory(commitment=promise)
    draft = PledgeVersionFactory(organisation=world.organisation)
    draft_theme = ThemeFactory(version=draft)
    draft_promise = CommitmentFactory(theme=draft_theme)
    blank = PledgeVersionFactory(organisation=world.organisation)
    update = ProgressUpdateFactory(commitment=promise, state="draft", author=world.officer)
    index, versions = reverse("pledges:index"), reverse("pledges:versions")
    pages = {
        versions: index,
        reverse("pledges:version_create"): versions,
        adopted.get_absolute_url(): versions,
        reverse("pledges:version_update", args=[draft.pk]): draft.get_absolute_url(),
        reverse("pledges:version_adopt", args=[draft.pk]): draft.get_absolute_url(),
        reverse("pledges:version_compare", args=[adopted.pk]): adopted.get_absolute_url(),
        reverse("pledges:theme_create", args=[draft.pk]): draft.get_absolute_url(),
        reverse("pledges:theme_update", args=[draft_theme.pk]): draft.get_absolute_url(),
        reverse("pledges:commitment_create", args=[draft_theme.pk]): draft.get_absolute_url(),
        reverse("pledges:version_promise_create", args=[blank.pk]): blank.get_absolute_url(),
        reverse("pledges:commitment_update", args=[draft_promise.pk]): (
            draft_promise.get_absolute_url()
        ),
        promise.get_absolute_url(): adopted.get_absolute_url(),
        reverse("pledges:action_create", args=[promise.pk]): promise.get_absolute_url(),
        reverse("pledges:action_update", args=[action.pk]): promise.get_absolute_url(),
        reverse("pledges:action_delete", args=[action.pk]): promise.get_absolute_url(),
        reverse("pledges:update_create", args=[promise.pk]): promise.get_absolute_url(),
        reverse("pledges:action_update_create", args=[action.pk]): promise.get_absolute_url(),
        reverse("pledges:update_edit", args=[update.pk]): promise.get_absolute_url(),
        reverse("pledges:approvals"): index,
        reverse("pledges:mine"): index,
        reverse("pledges:settings"): index,
        reverse("pledges:import_upload", args=[draft.pk]): draft.get_absolute_url(),
    }
    client = client_for(world.officer)
    wrong = {}
    for url, parent in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        if _back_href(response) != parent:
            wrong[url] = (_back_href(response), parent)
    assert not wrong, wrong


def test_the_promise_page_goes_back_to_the_pledge_for_councillors(world):
    promise = CommitmentFactory(
        theme=ThemeFactory(
            version=PledgeVersionFactory(organisation=world.organisation, adopted=True)
        )
    )
    for member in (world.councillor, world.young_member):
        response = client_for(member).get(promise.get_absolute_url())
        assert _back_href(response) == reverse("pledges:index")


# One word for one thing -------------------------------------------------------------------


def test_no_page_of_entering_a_plan_says_commitment(world, theme):
    promise = CommitmentFactory(theme=theme)
    action = CommitmentActionFactory(commitment=promise)
    empty = PledgeVersionFactory(organisation=world.organisation)
    client = client_for(world.officer)
    urls = [
        reverse("pledges:versions"),
        theme.version.get_absolute_url(),
        empty.get_absolute_url(),
        reverse("pledges:commitment_create", args=[theme.pk]),
        reverse("pledges:version_promise_create", args=[empty.pk]),
        reverse("pledges:commitment_update", args=[promise.pk]),
        promise.get_absolute_url(),
        reverse("pledges:action_update", args=[action.pk]),
        reverse("pledges:action_delete", args=[action.pk]),
        reverse("pledges:mine"),
        reverse("pledges:approvals"),
        reverse("pledges:settings"),
    ]
    said = {url: text_of(client.get(url)) for url in urls}
    assert {url: "commitment" in text.lower() for url, text in said.items()} == dict.fromkeys(
        urls, False
    )
    refused = client.post(
        reverse("pledges:version_adopt", args=[empty.pk]),
        {"adopted_on": "2026-10-16", "adopted_by": "Full Council"},
    )
    assert "needs at least one promise" in text_of(refused)


def test_a_draft_promise_is_deleted_from_its_page(world, theme):
    promise = CommitmentFactory(theme=theme, wording="We will delete this one")
    client = client_for(world.officer)
    page = client.get(reverse("pledges:commitment", args=[promise.pk])).content.decode()
    assert 'data-testid="delete-promise"' in page
    assert reverse("pledges:commitment_delete", args=[promise.pk]) in page
    response = client.post(reverse("pledges:commitment_delete", args=[promise.pk]))
    assert response.status_code == 302 and response.url == theme.version.get_absolute_url()
    assert not Commitment.objects.filter(pk=promise.pk).exists()


def test_an_adopted_promise_offers_no_delete(world):
    version = PledgeVersionFactory(organisation=world.organisation, adopted=True)
    promise = CommitmentFactory(theme=ThemeFactory(version=version))
    client = client_for(world.officer)
    page = client.get(reverse("pledges:commitment", args=[promise.pk])).content.decode()
    assert 'data-testid="delete-promise"' not in page
    client.post(reverse("pledges:commitment_delete", args=[promise.pk]))
    assert Commitment.objects.filter(pk=promise.pk).exists()
