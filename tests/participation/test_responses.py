""" "We did" through the public surface: recording a response for items of the waiting queue,
its first status and every change of status with a public reason, the queue's order and
filters, and the response as evidence on its promise's pages (officers, councillors and the
public pledge page), where unapproved words never show."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.models import Response, ResponseStatus
from participation.responses import response_create

from ..access import client_for
from ..edit_guard import loaded, save_edit
from ..factories import CommitmentFactory, DistrictFactory, PledgeVersionFactory, ThemeFactory
from .factories import FeedbackFactory
from .factories import ThemeFactory as FeedbackThemeFactory

pytestmark = pytest.mark.django_db

PLANTED = "Zebedee Quartermaine"  # a name planted in words nobody approved


def _approved(organisation, text, public_text=None, **kwargs):
    return FeedbackFactory(
        organisation=organisation,
        text=text,
        public_text=public_text if public_text is not None else text,
        approved_at=timezone.now(),
        **kwargs,
    )


def _promise(organisation, wording="We will get back to you within 3 working days"):
    version = PledgeVersionFactory(organisation=organisation, adopted=True)
    return CommitmentFactory(theme=ThemeFactory(version=version), wording=wording)


def _create_url(*items):
    return reverse("participation:response_create") + "?" + "&".join(f"items={i.pk}" for i in items)


def _post_new(client, items, **data):
    return client.post(
        _create_url(*items),
        {
            "items": [i.pk for i in items],
            "text": "We moved the sessions to after school",
            "by_whom": "Participation team",
            "responded_on": "2026-03-04",
            "status": "planned",
            **data,
        },
    )


# Recording a response ---------------------------------------------------------------------


def test_an_officer_answers_two_waiting_items_and_the_first_status_is_recorded(world):
    first = FeedbackFactory(organisation=world.organisation, said_on=date(2026, 3, 2))
    second = FeedbackFactory(organisation=world.organisation, said_on=date(2026, 3, 3))
    promise = _promise(world.organisation)
    client = client_for(world.participation_officer)

    form = client.get(_create_url(first, second)).content.decode()
    assert f'value="{first.pk}"' in form and "checked" in form

    saved = _post_new(client, [first, second], promise=promise.pk)
    response = Response.objects.get()
    assert saved.status_code == 302 and saved.url == response.get_absolute_url()
    assert set(response.items.all()) == {first, second}
    assert response.promise == promise and response.created_by == world.participation_officer
    [status] = ResponseStatus.objects.filter(response=response)
    assert (status.status, status.changed_on) == ("planned", date(2026, 3, 4))
    assert status.reason  # a first status has its reason too
    assert status.changed_by == world.participation_officer

    page = client.get(response.get_absolute_url()).content.decode()
    assert "We moved the sessions to after school" in page
    assert "We will get back to you within 3 working days" in page


def test_we_cant_needs_its_why(world):
    item = FeedbackFactory(organisation=world.organisation, said_on=date(2026, 3, 2))
    client = client_for(world.officer)
    refused = _post_new(client, [item], status="cannot", reason="  ")
    assert refused.status_code == 400
    assert "Say why we can&#x27;t" in refused.content.decode()
    assert "We moved the sessions to after school" in refused.content.decode()  # kept
    assert not Response.objects.exists()

    saved = _post_new(client, [item], status="cannot", reason="The building has no room")
    assert saved.status_code == 302
    assert ResponseStatus.objects.get().reason == "The building has no room"


@pytest.mark.parametrize(
    ("by_whom", "message"),
    [("Sam Okafor", "Name a team or role, not a person"), ("Mr Smith", "not a person")],
)
def test_by_whom_refuses_what_looks_like_a_person(world, by_whom, message):
    item = FeedbackFactory(organisation=world.organisation, said_on=date(2026, 3, 2))
    refused = _post_new(client_for(world.officer), [item], by_whom=by_whom)
    assert refused.status_code == 400 and message in refused.content.decode()
    assert not Response.objects.exists()


def test_the_date_is_not_in_the_future_nor_before_the_words(world):
    item = FeedbackFactory(organisation=world.organisation, said_on=date(2026, 3, 2))
    client = client_for(world.officer)
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = _post_new(client, [item], responded_on=tomorrow.isoformat())
    assert future.status_code == 400 and "cannot be dated in the future" in future.content.decode()
    early = _post_new(client, [item], responded_on="2026-03-01")
    assert early.status_code == 400 and "on or after 2 March 2026" in early.content.decode()
    assert not Response.objects.exists()


def test_items_and_promises_of_another_organisation_are_refused(world):
    theirs = FeedbackFactory(organisation=world.other_organisation, said_on=date(2026, 3, 2))
    ours = FeedbackFactory(organisation=world.organisation, said_on=date(2026, 3, 2))
    their_promise = _promise(world.other_organisation)
    client = client_for(world.officer)
    assert _post_new(client, [theirs]).status_code == 400
    assert _post_new(client, [ours], promise=their_promise.pk).status_code == 400
    assert not Response.objects.exists()
    page = client.get(reverse("participation:response_create") + f"?items={theirs.pk}")
    assert f'value="{theirs.pk}"' not in page.content.decode()


# Status changes ---------------------------------------------------------------------------


def _response(world, items=None, **kwargs):
    return response_create(
        organisation=world.organisation,
        items=items or [FeedbackFactory(organisation=world.organisation, said_on=date(2026, 3, 2))],
        text="We will run a summer programme",
        by_whom="Participation team",
        responded_on=date(2026, 3, 4),
        status="planned",
        **kwargs,
    )


def test_a_change_of_status_needs_a_public_reason(world):
    response = _response(world)
    client = client_for(world.participation_officer)
    url = reverse("participation:response_status_change", args=[response.pk])

    refused = save_edit(client, url, {"status": "done", "reason": "", "changed_on": "2026-03-20"})
    assert refused.status_code == 400
    assert "Give the reason for the change" in refused.content.decode()
    response.refresh_from_db()
    assert response.status == "planned" and response.history.count() == 1

    saved = save_edit(
        client,
        url,
        {"status": "done", "reason": "It ran in August", "changed_on": "2026-03-20"},
    )
    assert saved.status_code == 302
    response.refresh_from_db()
    assert response.status == "done"
    assert [(h.status, h.reason) for h in response.history.all()] == [
        ("planned", "Recorded as “We will do this”."),
        ("done", "It ran in August"),
    ]
    page = client.get(response.get_absolute_url()).content.decode()
    assert "It ran in August" in page


def test_the_same_status_again_is_no_change(world):
    response = _response(world)
    url = reverse("participation:response_status_change", args=[response.pk])
    refused = save_edit(
        client_for(world.officer),
        url,
        {"status": "planned", "reason": "Again", "changed_on": "2026-03-20"},
    )
    assert refused.status_code == 400 and "It is already" in refused.content.decode()
    assert response.history.count() == 1


def test_changing_a_response_keeps_its_status_and_moves_its_promise(world):
    promise = _promise(world.organisation)
    response = _response(world)
    url = reverse("participation:response_update", args=[response.pk])
    client = client_for(world.officer)
    page = client.get(url)
    assert page.status_code == 200
    saved = save_edit(
        client,
        url,
        {
            "items": [i.pk for i in response.items.all()],
            "text": "We ran a summer programme",
            "by_whom": "Participation team",
            "responded_on": "2026-03-04",
            "promise": promise.pk,
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    response.refresh_from_db()
    assert (response.text, response.promise, response.status) == (
        "We ran a summer programme",
        promise,
        "planned",
    )


# The waiting queue --------------------------------------------------------------------------


def test_the_queue_lists_unanswered_items_oldest_first_with_their_age(world):
    today = timezone.localdate()
    newer = _approved(world.organisation, "More trips", said_on=today - timedelta(days=3))
    older = _approved(world.organisation, "Less jargon", said_on=today - timedelta(days=40))
    answered = _approved(world.organisation, "Lunch was nice", said_on=today - timedelta(days=90))
    _response(world, items=[answered])
    _approved(world.other_organisation, "Not ours", said_on=today - timedelta(days=99))

    page = client_for(world.officer).get(reverse("participation:waiting")).content.decode()
    assert page.index("Less jargon") < page.index("More trips")
    assert "Lunch was nice" not in page and "Not ours" not in page
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric" data-testid="age">40</td>' in page
    )
    assert "2 items waiting" in page
    assert older.pk and newer.pk


def test_the_queue_filters_by_district_and_theme(world):
    north = DistrictFactory(organisation=world.organisation, name="North")
    south = DistrictFactory(organisation=world.organisation, name="South")
    school = FeedbackThemeFactory(organisation=world.organisation, name="School")
    in_north = _approved(world.organisation, "Northern words", district=north)
    in_south = _approved(world.organisation, "Southern words", district=south)
    in_south.themes.add(school)
    client = client_for(world.officer)
    by_district = client.get(reverse("participation:waiting"), {"district": north.pk})
    assert "Northern words" in by_district.content.decode()
    assert "Southern words" not in by_district.content.decode()
    by_theme = client.get(reverse("participation:waiting"), {"theme": school.pk})
    assert "Southern words" in by_theme.content.decode()
    assert "Northern words" not in by_theme.content.decode()
    assert in_north.pk


def test_councillors_read_only_approved_words_in_the_queue(world):
    FeedbackFactory(organisation=world.organisation, text=f"{PLANTED} never calls back")
    _approved(
        world.organisation,
        f"{PLANTED} is lovely and more trips please",
        public_text="[name removed] is lovely and more trips please",
    )
    for reader in (world.councillor, world.young_member):
        page = client_for(reader).get(reverse("participation:waiting")).content.decode()
        assert PLANTED not in page
        assert "[name removed] is lovely" in page
        assert "Words not yet checked for sharing" in page
        assert "Record what we did" not in page
    officer = client_for(world.officer).get(reverse("participation:waiting")).content.decode()
    assert PLANTED in officer and "Record what we did" in officer


# Evidence on the promise ------------------------------------------------------------------------


def _evidence(world):
    promise = _promise(world.organisation)
    approved = _approved(
        world.organisation,
        f"{PLANTED} said reply faster",
        public_text="[name removed] said reply faster",
        said_on=date(2026, 3, 2),
    )
    unapproved = FeedbackFactory(
        organisation=world.organisation,
        text=f"Ask {PLANTED} about the phone line",
        said_on=date(2026, 3, 2),
    )
    response = response_create(
        organisation=world.organisation,
        items=[approved, unapproved],
        text="We answer the phone line every weekday",
        by_whom="Children in Care Team",
        responded_on=date(2026, 3, 4),
        status="done",
        promise=promise,
        by=world.participation_officer,
    )
    return promise, response


def test_the_promise_page_shows_the_response_as_evidence(world):
    promise, response = _evidence(world)
    url = promise.get_absolute_url()

    officer = client_for(world.officer).get(url).content.decode()
    assert "You said, We did" in officer
    assert "We answer the phone line every weekday" in officer
    assert f"Ask {PLANTED} about the phone line" in officer  # officers read the words
    assert response.get_absolute_url() in officer

    for reader in (world.councillor, world.young_member, world.clerk):
        page = client_for(reader).get(url).content.decode()
        assert "We answer the phone line every weekday" in page
        assert "[name removed] said reply faster" in page
        assert PLANTED not in page
    clerk = client_for(world.clerk).get(url).content.decode()
    assert response.get_absolute_url() not in clerk  # no participation pages for the clerk


def test_the_public_pledge_shows_approved_words_and_what_we_did_and_nothing_else(world, client):
    _evidence(world)
    url = reverse("pledges_public:pledge", args=[world.organisation.slug])
    page = client.get(url).content.decode()
    assert "We answer the phone line every weekday" in page
    assert "[name removed] said reply faster" in page
    assert PLANTED not in page
    assert "Children in Care Team" not in page  # no team or staff on the public page
    assert world.participation_officer.full_name not in page


def test_a_new_response_reaches_the_cached_public_page_at_once(world, client):
    promise = _promise(world.organisation)
    url = reverse("pledges_public:pledge", args=[world.organisation.slug])
    assert "We put a new phone line in" not in client.get(url).content.decode()
    response_create(
        organisation=world.organisation,
        items=[_approved(world.organisation, "Reply faster", said_on=date(2026, 3, 2))],
        text="We put a new phone line in",
        by_whom="Participation team",
        responded_on=date(2026, 3, 4),
        status="done",
        promise=promise,
    )
    assert "We put a new phone line in" in client.get(url).content.decode()


def test_hostile_words_are_escaped_everywhere(world, client):
    promise = _promise(world.organisation)
    item = _approved(world.organisation, "<script>alert(1)</script>", said_on=date(2026, 3, 2))
    response = response_create(
        organisation=world.organisation,
        items=[item],
        text="<img src=x onerror=alert(2)>",
        by_whom="Participation team",
        responded_on=date(2026, 3, 4),
        status="planned",
        promise=promise,
    )
    officer = client_for(world.officer)
    pages = [
        officer.get(promise.get_absolute_url()),
        officer.get(response.get_absolute_url()),
        officer.get(reverse("participation:responses")),
        client.get(reverse("pledges_public:pledge", args=[world.organisation.slug])),
    ]
    for page in pages:
        text = page.content.decode()
        assert "<script>alert(1)" not in text and "<img src=x" not in text


# Measures and the promise about answering ------------------------------------------------------


def test_the_measures_page_shows_the_figures_and_the_promise(world):
    item = FeedbackFactory(organisation=world.organisation, said_on=date(2026, 3, 2))
    FeedbackFactory(organisation=world.organisation, said_on=date(2026, 3, 3))
    _response(world, items=[item])
    client = client_for(world.officer)
    saved = client.post(
        reverse("participation:loop_promise_update"),
        {
            "working_days": "3",
            "wording": "get back to you within 3 working days",
            **loaded(client, reverse("participation:loop_promise_update")),
        },
    )
    assert saved.status_code == 302
    page = client.get(reverse("participation:measures")).content.decode()
    assert "1 of 2 (50%)" in page
    assert "within <strong>3 working days</strong>" in page
    narrowed = client.get(
        reverse("participation:measures"), {"start": "2026-03-03", "end": "2026-03-31"}
    ).content.decode()
    assert "0 of 1 (0%)" in narrowed
    bad = client.get(
        reverse("participation:measures"), {"start": "2026-04-01", "end": "2026-03-01"}
    )
    assert bad.status_code == 400
    assert "The last day must be on or after the first day" in bad.content.decode()


def test_the_public_evidence_costs_one_query_whatever_the_number_of_responses(world, client):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = _promise(world.organisation)
    url = reverse("pledges_public:pledge", args=[world.organisation.slug])

    def answer(promise, n):
        response_create(
            organisation=world.organisation,
            items=[_approved(world.organisation, f"Words {n}", said_on=date(2026, 3, 2))],
            text=f"We did thing {n}",
            by_whom="Participation team",
            responded_on=date(2026, 3, 4),
            status="done",
            promise=promise,
        )

    answer(first, 0)
    cache.clear()
    with CaptureQueriesContext(connection) as one:
        assert "We did thing 0" in client.get(url).content.decode()
    for n in range(1, 6):
        answer(CommitmentFactory(theme=first.theme), n)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert all(f"We did thing {n}" in page and f"Words {n}" in page for n in range(6))
    assert len(many) <= len(one)
