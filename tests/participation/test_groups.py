"""Youth groups (places over time, role holders' first names or initials only) and the
managed list of themes."""

import html
from datetime import date

import pytest
from django.urls import reverse

from participation.forms_events import full_name_problem
from participation.models import GroupPlaces, RoleHolder, Theme, YouthGroup

from ..access import client_for
from ..test_lost_updates import guarded_form
from .factories import FeedbackFactory, GroupPlacesFactory, ThemeFactory, YouthGroupFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def officer(world):
    return client_for(world.participation_officer)


# Groups and their places ---------------------------------------------------------------------


def test_an_officer_adds_a_group_and_records_its_places(world, officer):
    response = officer.post(
        reverse("participation:group_create"),
        {"name": "Care Ambassadors", "kind": "care_ambassadors", "minimum_age": "16"},
    )
    assert response.status_code == 302
    group = YouthGroup.objects.get(organisation=world.organisation)
    assert response.url == group.get_absolute_url()
    url = reverse("participation:group_places_create", args=[group.pk])
    for as_of, places, filled in (("2018-06-01", "16", "8"), ("2019-06-01", "16", "12")):
        saved = officer.post(url, {"as_of": as_of, "places": places, "filled": filled})
        assert saved.status_code == 302
    page = page_text(officer.get(group.get_absolute_url()))
    page = page[page.index('data-testid="places"') :]
    assert "50%" in page and "75%" in page  # the fill rate over time
    assert page.index("1 June 2019") < page.index("1 June 2018")  # newest first


def test_more_places_filled_than_places_is_refused(world, officer):
    group = YouthGroupFactory(organisation=world.organisation)
    url = reverse("participation:group_places_create", args=[group.pk])
    response = officer.post(url, {"as_of": "2025-04-01", "places": "8", "filled": "9"})
    assert "There cannot be more places filled (9) than places (8)" in page_text(response)
    assert not GroupPlaces.objects.exists()


def test_places_are_recorded_once_per_date_and_not_in_the_future(world, officer):
    places = GroupPlacesFactory(group__organisation=world.organisation, as_of=date(2025, 4, 1))
    url = reverse("participation:group_places_create", args=[places.group.pk])
    again = officer.post(url, {"as_of": "2025-04-01", "places": "8", "filled": "2"})
    assert "already has places recorded as at 1 April 2025" in page_text(again)
    future = officer.post(url, {"as_of": "2999-04-01", "places": "8", "filled": "2"})
    assert "and today" in page_text(future)
    counts = officer.post(url, {"as_of": "2025-05-01", "places": "-1", "filled": "many"})
    text = page_text(counts)
    assert "Enter the number of places as a whole number from 0 to 100,000" in text
    assert "Enter the number of places filled as a whole number from 0 to 100,000" in text
    assert GroupPlaces.objects.count() == 1


def test_hostile_group_text_is_escaped(world, officer):
    hostile = "<img src=x onerror=alert(1)>"
    group = YouthGroupFactory(organisation=world.organisation, name=hostile, description=hostile)
    for url in (group.get_absolute_url(), reverse("participation:groups")):
        page = officer.get(url).content.decode()
        assert hostile not in page
        assert "&lt;img" in page


# Role holders --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Emma Smith", "Emma  Smith", "Sam O'Neill", "Jo-Anne Baker", "emma Sam Jones"]
)
def test_a_full_name_is_refused(name):
    assert "This looks like a full name" in full_name_problem(name)


@pytest.mark.parametrize("name", ["Emma", "S.K.", "SK", "Emma S", "Jo-Anne", "emma s"])
def test_a_first_name_or_initials_is_accepted(name):
    assert full_name_problem(name) == ""


def test_a_holder_is_a_first_name_or_initials_only(world, officer):
    group = YouthGroupFactory(organisation=world.organisation, names_needed=True)
    url = reverse("participation:group_holder_create", args=[group.pk])
    full = officer.post(url, {"name": "Emma Smith", "started": "2025-09-01"})
    assert full.status_code == 200
    assert "This looks like a full name. Keep only a first name or initials" in page_text(full)
    assert guarded_form(full, "name")["name"] == "Emma Smith"  # kept to correct, not lost
    long = officer.post(url, {"name": "x" * 21, "started": "2025-09-01"})
    assert "Enter no more than 20 characters" in page_text(long)
    assert not RoleHolder.objects.exists()
    assert officer.post(url, {"name": "Emma S", "started": "2025-09-01"}).status_code == 302
    assert RoleHolder.objects.get().name == "Emma S"


def test_a_group_that_needs_no_names_keeps_none(world, officer):
    group = YouthGroupFactory(organisation=world.organisation, names_needed=False)
    url = reverse("participation:group_holder_create", args=[group.pk])
    assert officer.post(url, {"name": "Sam", "started": "2025-09-01"}).status_code == 404
    assert not RoleHolder.objects.exists()


def test_names_are_shown_to_the_officers_running_the_role_only(world):
    group = YouthGroupFactory(organisation=world.organisation, names_needed=True)
    RoleHolder.objects.create(
        organisation=world.organisation, group=group, name="Zed", started=date(2025, 9, 1)
    )
    assert (
        "Zed"
        in client_for(world.participation_officer).get(group.get_absolute_url()).content.decode()
    )
    for reader in (world.councillor, world.young_member):
        page = client_for(reader).get(group.get_absolute_url())
        assert page.status_code == 200
        assert "Zed" not in page.content.decode()


def test_names_needed_cannot_be_switched_off_while_names_are_kept(world, officer):
    group = YouthGroupFactory(organisation=world.organisation, names_needed=True)
    RoleHolder.objects.create(
        organisation=world.organisation, group=group, name="Zed", started=date(2025, 9, 1)
    )
    url = reverse("participation:group_update", args=[group.pk])
    data = guarded_form(officer.get(url), "name")
    data.pop("names_needed", None)
    response = officer.post(url, data)
    assert "Remove them first" in page_text(response)
    group.refresh_from_db()
    assert group.names_needed


# Themes ------------------------------------------------------------------------------------


def test_themes_are_added_renamed_and_reordered(world, officer):
    create = reverse("participation:theme_create")
    assert officer.post(create, {"name": "Placements", "position": "2"}).status_code == 302
    assert officer.post(create, {"name": "Education", "position": "1"}).status_code == 302
    clash = officer.post(create, {"name": "education", "position": "3"})
    assert "There is already a theme called education" in page_text(clash)
    assert [t.name for t in Theme.objects.for_organisation(world.organisation)] == [
        "Education",
        "Placements",
    ]
    placements = Theme.objects.get(name="Placements")
    url = reverse("participation:theme_update", args=[placements.pk])
    data = {**guarded_form(officer.get(url), "name"), "name": "Where you live", "position": "0"}
    assert officer.post(url, data).status_code == 302
    assert [t.name for t in Theme.objects.for_organisation(world.organisation)] == [
        "Where you live",
        "Education",
    ]


def test_a_theme_in_use_is_not_deleted(world, officer):
    used, unused = (ThemeFactory(organisation=world.organisation) for _ in range(2))
    FeedbackFactory(organisation=world.organisation).themes.add(used)
    refused = officer.post(reverse("participation:theme_delete", args=[used.pk]))
    assert refused.status_code == 409
    assert "1 item of feedback is filed under" in page_text(refused)
    assert officer.post(reverse("participation:theme_delete", args=[unused.pk])).status_code == 302
    assert list(Theme.objects.all()) == [used]


def test_themes_move_up_and_down_the_list(world, officer):
    a, _b, c = (
        ThemeFactory(organisation=world.organisation, name=name, position=0)
        for name in ("Alpha", "Bravo", "Charlie")
    )

    def order():
        return [t.name for t in Theme.objects.for_organisation(world.organisation)]

    move = lambda theme, way: officer.post(  # noqa: E731
        reverse("participation:theme_move", args=[theme.pk, way])
    )
    assert move(c, "up").status_code == 302
    assert order() == ["Alpha", "Charlie", "Bravo"]
    assert move(a, "down").status_code == 302
    assert order() == ["Charlie", "Alpha", "Bravo"]
    move(c, "up")  # already first: nothing moves
    assert order() == ["Charlie", "Alpha", "Bravo"]
    assert officer.get(reverse("participation:theme_move", args=[a.pk, "up"])).status_code == 405
