import pytest
from django.urls import reverse

from corporate_parenting.models import District
from corporate_parenting.roles import Role

from .access import client_for
from .factories import DistrictFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_for_organisation_scopes_a_query_to_one_council(world):
    mine = DistrictFactory(organisation=world.organisation)
    DistrictFactory(organisation=world.other_organisation)
    assert list(District.objects.for_organisation(world.organisation)) == [mine]


def test_a_list_shows_only_the_current_organisations_records(world):
    DistrictFactory(organisation=world.organisation, name="Basingstoke")
    DistrictFactory(organisation=world.other_organisation, name="Runcorn")
    body = client_for(world.administrator).get(reverse("districts")).content.decode()
    assert "Basingstoke" in body
    assert "Runcorn" not in body


def test_a_person_in_two_councils_switches_between_them(world):
    person = world.administrator
    MembershipFactory(user=person, organisation=world.other_organisation, role=Role.COUNCILLOR)
    DistrictFactory(organisation=world.other_organisation, name="Runcorn")
    client = client_for(person)
    home = client.get(reverse("home")).content.decode()
    assert "Elsewhere Borough Council" in home  # offered in the switcher

    client.post(reverse("organisation_switch"), {"organisation": world.other_organisation.pk})
    home = client.get(reverse("home"))
    assert home.context["current_organisation"] == world.other_organisation
    assert home.context["membership"].role == Role.COUNCILLOR
    # A councillor there: no administration, whatever they are elsewhere.
    assert client.get(reverse("districts")).status_code == 403


def test_switching_to_an_organisation_you_do_not_belong_to_is_a_404(world):
    client = client_for(world.officer)
    response = client.post(
        reverse("organisation_switch"), {"organisation": world.other_organisation.pk}
    )
    assert response.status_code == 404
    assert client.get(reverse("home")).context["current_organisation"] == world.organisation


def test_switching_with_nonsense_is_a_404(world):
    response = client_for(world.officer).post(reverse("organisation_switch"), {"organisation": "x"})
    assert response.status_code == 404


def test_a_user_with_no_membership_is_told_so(db):
    client = client_for(UserFactory())
    response = client.get(reverse("home"))
    assert response.url == reverse("no_organisation")
    page = client.get(response.url)
    assert page.status_code == 403
    assert "not a member of any organisation" in page.content.decode()


def test_the_no_organisation_page_sends_members_home(world):
    response = client_for(world.officer).get(reverse("no_organisation"))
    assert response.url == reverse("home")


def test_navigation_follows_the_role(world):
    def labels(user):
        response = client_for(user).get(reverse("home"))
        return [item["label"] for item in response.context["nav_items"]]

    assert labels(world.administrator) == [
        "Home",
        "Pledge",
        "Boards and meetings",
        "Reports",
        "Surveys",
        "Participation",
        "Members",
        "Districts",
        "Audit trail",
    ]
    assert labels(world.clerk) == ["Home", "Pledge", "Boards and meetings", "Reports", "Surveys"]
    assert labels(world.participation_officer) == [
        "Home",
        "Pledge",
        "Reports",
        "Surveys",
        "Participation",
    ]
    assert labels(world.councillor) == [
        "Home",
        "Pledge",
        "Boards and meetings",
        "Surveys",
        "Participation",
    ]
    assert "Members" not in labels(world.young_member)


def test_a_district_name_must_be_unique_in_a_council_but_not_across_councils(world):
    DistrictFactory(organisation=world.other_organisation, name="Havant")
    client = client_for(world.administrator)
    assert (
        client.post(reverse("district_create"), {"name": "Havant", "position": 1}).status_code
        == 302
    )
    again = client.post(reverse("district_create"), {"name": " havant ", "position": 2})
    assert again.status_code == 200
    assert "already a district with this name" in again.content.decode()
    assert District.objects.for_organisation(world.organisation).count() == 1


def test_an_organisation_can_be_deleted_and_its_audit_trail_kept(world):
    organisation = world.other_organisation
    DistrictFactory(organisation=organisation, name="Runcorn")
    organisation_id = organisation.pk
    organisation.delete()
    from auditlog import get_logentry_model

    kept = get_logentry_model().objects.filter(organisation_id=organisation_id)
    assert kept.filter(object_repr="Runcorn").exists()


def test_a_member_starts_in_the_organisation_they_joined_first(world):
    person = world.officer
    MembershipFactory(user=person, organisation=OrganisationFactory(name="Aardvark Council"))
    response = client_for(person).get(reverse("home"))
    assert response.context["current_organisation"] == world.organisation


def test_the_longest_matching_section_marks_the_current_item(world):
    def current(path):
        response = client_for(world.clerk).get(path)
        return [item["label"] for item in response.context["nav_items"] if item["current"]]

    assert current(reverse("papers:reports")) == ["Reports"]
    assert current(reverse("boards:index")) == ["Boards and meetings"]
    assert current(reverse("home")) == ["Home"]
