"""Feedback ("You said"): the quick entry of a pile of sticky notes (with and without
JavaScript), one item at a time with its promises, from a survey finding, the list's filters,
and what councillors and co-opted members see (approved public_text only)."""

import uuid
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.feedback import words_digest
from participation.models import Feedback

from ..access import client_for
from ..edit_guard import save_edit
from ..factories import CommitmentFactory, PledgeVersionFactory
from .factories import EventFactory, FeedbackFactory, ThemeFactory

pytestmark = pytest.mark.django_db

NAME = "Zephyrine"  # a planted name: must never reach a councillor's or co-opted member's page


def _quick_url(event=None):
    if event is None:
        return reverse("participation:feedback_quick")
    return reverse("participation:feedback_quick_event", args=[event.pk])


# Quick entry ---------------------------------------------------------------------------------


def test_quick_entry_without_javascript_saves_and_comes_back_for_the_next(world):
    event = EventFactory(organisation=world.organisation, date=date(2018, 10, 22))
    theme = ThemeFactory(organisation=world.organisation, name="Social workers")
    client = client_for(world.participation_officer)
    url = _quick_url(event)

    response = client.post(url, {"text": "  Don't change my   social worker ", "kind": "no_more",
                                 "theme": theme.pk})  # fmt: skip

    assert response.status_code == 302 and response.url == url
    item = Feedback.objects.get()
    assert (item.text, item.kind, item.event, item.said_on) == (
        "Don't change my social worker",
        "no_more",
        event,
        date(2018, 10, 22),
    )
    assert list(item.themes.all()) == [theme]
    assert item.created_by == world.participation_officer
    page = client.get(url).content.decode()
    assert "Saved. Type the next one." in page
    assert "Don&#x27;t change my social worker" in page  # listed below the box
    assert 'value="no_more" accesskey="n" checked' in page  # the kind stays as chosen


def test_quick_entry_without_an_event_is_dated_today(world):
    client = client_for(world.participation_officer)
    client.post(_quick_url(), {"text": "More music", "kind": "yes_more"})
    item = Feedback.objects.get()
    assert item.event is None and item.said_on == timezone.localdate()


def test_a_failed_quick_save_keeps_the_words_in_the_box(world):
    client = client_for(world.participation_officer)
    response = client.post(_quick_url(), {"text": "Listen to us!", "kind": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose what kind of feedback it is" in page
    assert 'value="Listen to us!"' in page
    assert not Feedback.objects.exists()


def test_quick_entry_with_javascript_answers_with_the_saved_item_only(world):
    client = client_for(world.participation_officer)
    saved = client.post(
        _quick_url(), {"text": "Emma has the biggest heart", "kind": "praise"},
        headers={"X-Quick-Entry": "1"},
    )  # fmt: skip
    assert saved.status_code == 201
    fragment = saved.content.decode()
    assert fragment.lstrip().startswith("<li") and "<html" not in fragment
    assert "To check: 1 flag" in fragment

    refused = client.post(
        _quick_url(), {"text": "", "kind": "praise"}, headers={"X-Quick-Entry": "1"}
    )
    assert refused.status_code == 422
    assert "Enter what was said" in refused.content.decode()
    assert Feedback.objects.count() == 1


def test_the_quick_entry_page_loads_its_module_from_a_file(world):
    page = client_for(world.participation_officer).get(_quick_url()).content.decode()
    assert 'src="/static/js/feedback-quick-entry.mjs"' in page
    assert "data-quick-entry" in page


# One item ------------------------------------------------------------------------------------


def _adopted_promises(world, n=2):
    version = PledgeVersionFactory(organisation=world.organisation, adopted=True, numbered=True)
    return [
        CommitmentFactory(theme__version=version, wording=f"We will listen, promise {i}")
        for i in range(1, n + 1)
    ]


def test_an_item_concerns_promises_of_the_adopted_pledge_shown_with_their_numbers(world):
    _first, second = _adopted_promises(world)
    CommitmentFactory(theme__version__organisation=world.organisation, wording="A draft promise")
    event = EventFactory(organisation=world.organisation, date=date(2018, 10, 22))
    client = client_for(world.officer)
    url = reverse("participation:feedback_add") + f"?event={event.pk}"
    form = client.get(url).content.decode()
    assert "Pledge 1: We will listen, promise 1" in form
    assert "Pledge 2: We will listen, promise 2" in form
    assert "A draft promise" not in form

    response = client.post(
        url,
        {"text": "Talk to us about our care plan", "kind": "yes_more", "event": event.pk,
         "promises": [second.pk], "said_on": ""},
    )  # fmt: skip
    item = Feedback.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert list(item.promises.all()) == [second]
    assert item.said_on == event.date  # empty: the event's date
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "Pledge 2: We will listen, promise 2" in detail


def test_a_date_in_the_future_is_refused(world):
    client = client_for(world.officer)
    response = client.post(
        reverse("participation:feedback_add"),
        {"text": "More trips", "kind": "yes_more", "said_on": "2999-01-01"},
    )
    assert response.status_code == 200
    assert "today or earlier" in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_from_a_survey_finding_keeps_its_reference(world):
    reference = uuid.uuid4()
    client = client_for(world.participation_officer)
    url = reverse("participation:feedback_from_finding")
    page = client.get(url, {"reference": str(reference), "summary": "More say in my plan"})
    assert page.status_code == 200
    assert "From the survey finding: More say in my plan" in page.content.decode()

    client.post(
        url + f"?reference={reference}&summary=More+say+in+my+plan",
        {"reference": str(reference), "summary": "More say in my plan",
         "text": "I want more say in my plan", "kind": "yes_more"},
    )  # fmt: skip
    item = Feedback.objects.get()
    assert (item.survey_finding, item.survey_finding_summary) == (reference, "More say in my plan")


def test_a_finding_link_without_a_reference_goes_to_the_add_form_and_says_why(world):
    client = client_for(world.participation_officer)
    response = client.get(reverse("participation:feedback_from_finding"), {"reference": "nope"})
    assert response.status_code == 302 and response.url == reverse("participation:feedback_add")
    assert "did not say which survey finding" in client.get(response.url).content.decode()


def test_an_item_is_changed_through_the_guarded_form(world):
    item = FeedbackFactory(organisation=world.organisation, kind="yes_more")
    client = client_for(world.officer)
    response = save_edit(
        client,
        reverse("participation:feedback_update", args=[item.pk]),
        {"text": "More fun visits", "kind": "idea", "said_on": "2026-10-14"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.text, item.kind, item.public_text) == (
        "More fun visits",
        "idea",
        "More fun visits",
    )


def test_an_item_is_deleted_after_a_confirmation(world):
    item = FeedbackFactory(organisation=world.organisation)
    client = client_for(world.officer)
    url = reverse("participation:feedback_delete", args=[item.pk])
    assert "Delete this feedback?" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Feedback.objects.exists()


# The list ------------------------------------------------------------------------------------


def test_the_list_filters_by_guard_state_kind_and_theme(world):
    client = client_for(world.participation_officer)
    for text in ["Emma has the biggest heart", "More music", "Honesty"]:
        client.post(_quick_url(), {"text": text, "kind": "yes_more"})
    honesty = Feedback.objects.get(text="Honesty")
    client.post(
        reverse("participation:feedback_approve", args=[honesty.pk]),
        {"digest": words_digest("Honesty")},
    )
    theme = ThemeFactory(organisation=world.organisation, name="Fun")
    Feedback.objects.get(text="More music").themes.add(theme)
    url = reverse("participation:feedback_list")

    def listed(**filters):
        page = client.get(url, filters).content.decode()
        return [t for t in ["Emma has the biggest heart", "More music", "Honesty"] if t in page]

    assert listed() == ["Emma has the biggest heart", "More music", "Honesty"]
    assert listed(guard="to_check") == ["Emma has the biggest heart"]
    assert listed(guard="not_approved") == ["More music"]
    assert listed(guard="approved") == ["Honesty"]
    assert listed(theme=theme.pk) == ["More music"]
    assert listed(kind="no_more") == []
    assert "To check: 1 flag" in client.get(url).content.decode()


# What councillors and co-opted members see --------------------------------------------------


def _planted(world):
    """An approved item whose name was redacted, and one not approved yet, both naming NAME."""
    approved = FeedbackFactory(
        organisation=world.organisation,
        text=f"{NAME} is a star",
        public_text="[name removed] is a star",
        approved_at=timezone.now(),
    )
    waiting = FeedbackFactory(organisation=world.organisation, text=f"{NAME} always listens")
    waiting.public_text = "[name removed] always listens"
    waiting.save()
    return approved, waiting


@pytest.mark.parametrize("persona", ["councillor", "young_member"])
def test_councillors_and_coopted_members_see_only_approved_checked_words(world, persona):
    approved, waiting = _planted(world)
    client = client_for(getattr(world, persona))
    listing = client.get(reverse("participation:feedback_list")).content.decode()
    detail = client.get(reverse("participation:feedback", args=[approved.pk])).content.decode()
    for page in (listing, detail):
        assert NAME not in page
        assert "[name removed] is a star" in page
    assert "always listens" not in listing
    assert client.get(reverse("participation:feedback", args=[waiting.pk])).status_code == 404
    for guard in ["to_check", "not_approved", ""]:
        filtered = client.get(reverse("participation:feedback_list"), {"guard": guard})
        assert NAME not in filtered.content.decode()


def test_officers_read_the_words_as_written(world):
    approved, _waiting = _planted(world)
    page = client_for(world.participation_officer).get(approved.get_absolute_url()).content.decode()
    assert f"{NAME} is a star" in page and "[name removed] is a star" in page


def test_the_survey_wave_page_links_each_finding_to_feedback(world):
    from ..surveys.factories import FindingFactory

    finding = FindingFactory(
        wave__instrument__organisation=world.organisation, summary="Want more say & choice"
    )
    client = client_for(world.officer)
    page = client.get(reverse("surveys:wave", args=[finding.wave.pk])).content.decode()
    link = (
        reverse("participation:feedback_from_finding")
        + f"?reference={finding.reference}&amp;summary=Want%20more%20say%20%26%20choice"
    )
    assert link in page
    form = client.get(link.replace("&amp;", "&")).content.decode()
    assert "From the survey finding: Want more say &amp; choice" in form
