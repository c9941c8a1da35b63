import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from corporate_parenting.models import Invitation, Membership, User
from corporate_parenting.roles import Role

from .access import client_for
from .edit_guard import save_edit
from .factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-password-9"


@pytest.fixture
def invite(world, django_capture_on_commit_callbacks):
    """The administrator invites someone; the email goes once the invitation is saved."""

    def send(email="new.person@example.org", role="councillor"):
        with django_capture_on_commit_callbacks(execute=True):
            return client_for(world.administrator).post(
                reverse("invite"), {"full_name": "New Person", "email": email, "role": role}
            )

    return send


def link_in_last_email():
    return re.search(r"https?://[^/]+(/invitation/\S+/)", mail.outbox[-1].body).group(1)


def test_an_administrator_invites_by_email_and_the_person_joins_with_that_role(
    invite, world, client
):
    response = invite()
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new.person@example.org"]
    assert "as Councillor (board member)" in mail.outbox[-1].body

    page = client.get(link_in_last_email())
    assert "Join Shire County Council" in page.content.decode()
    joined = client.post(
        link_in_last_email(),
        {"full_name": "New Person", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert joined.status_code == 302
    membership = Membership.objects.get(user__email="new.person@example.org")
    assert (membership.organisation, membership.role) == (world.organisation, Role.COUNCILLOR)
    home = client.get(reverse("home"))
    assert home.context["membership"] == membership


def test_the_token_is_not_stored(invite, world):
    invite()
    token = link_in_last_email().rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert Invitation.objects.filter(token_hash=Invitation.hash_token(token)).exists()


def test_a_weak_password_is_refused_and_nothing_is_created(invite, world, client):
    invite()
    response = client.post(
        link_in_last_email(),
        {"full_name": "New Person", "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_an_invitation_works_once(invite, world, client):
    invite()
    link = link_in_last_email()
    data = {"full_name": "New Person", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    client.post(link, data)
    client.post(reverse("logout"))
    again = client.post(link, data)
    assert again.status_code == 410
    assert "This invitation is accepted" in again.content.decode()


def test_an_expired_invitation_is_refused(invite, world, client):
    invite()
    Invitation.objects.update(expires=timezone.now() - timedelta(minutes=1))
    response = client.get(link_in_last_email())
    assert response.status_code == 410
    assert "This invitation is expired" in response.content.decode()


def test_a_withdrawn_invitation_is_refused(invite, world, client):
    invite()
    invitation = Invitation.objects.get()
    client_for(world.administrator).post(reverse("invitation_revoke", args=[invitation.pk]))
    assert client.get(link_in_last_email()).status_code == 410


def test_inviting_again_replaces_the_earlier_invitation(invite, world, client):
    invite()
    first = link_in_last_email()
    invite(role="clerk")
    assert client.get(first).status_code == 410
    assert client.get(link_in_last_email()).status_code == 200


def test_an_existing_user_of_another_council_accepts_after_signing_in(invite, world):
    person = world.outsiders[Role.OFFICER]
    invite(email=person.email, role="officer")
    client = client_for(person)
    response = client.post(link_in_last_email())
    assert response.status_code == 302
    assert Membership.objects.filter(user=person, organisation=world.organisation).exists()
    assert Membership.objects.filter(user=person, organisation=world.other_organisation).exists()


def test_an_existing_user_must_sign_in_rather_than_make_a_second_account(invite, world, client):
    person = world.outsiders[Role.OFFICER]
    invite(email=person.email, role="officer")
    response = client.post(
        link_in_last_email(),
        {"full_name": "Someone", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert "sign in first" in response.content.decode()


def test_someone_signed_in_as_another_person_cannot_take_the_invitation(invite, world):
    invite(email="new.person@example.org")
    response = client_for(world.outsiders[Role.CLERK]).post(link_in_last_email())
    assert response.status_code == 400
    assert not Membership.objects.filter(user__email="new.person@example.org").exists()


def test_inviting_a_current_member_is_refused_with_a_message(invite, world):
    response = invite(email=world.officer.email.upper())
    assert response.status_code == 200
    assert "already a member of this organisation" in response.content.decode()
    assert mail.outbox == []


def test_an_invalid_invitation_form_names_the_fields(invite, world):
    response = client_for(world.administrator).post(
        reverse("invite"), {"full_name": "", "email": "not-an-email", "role": "king"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter their full name" in body
    assert "Enter an email address in the correct format" in body
    assert "Select one of the roles" in body


def test_an_unknown_token_is_a_404(client):
    assert client.get(reverse("invitation_accept", args=["no-such-token"])).status_code == 404


def test_an_administrator_changes_a_role(invite, world):
    membership = Membership.objects.get(user=world.officer)
    response = save_edit(
        client_for(world.administrator),
        reverse("membership_update", args=[membership.pk]),
        {"role": "clerk", "job_title": "Democratic services", "is_active": "on"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.CLERK


def test_the_last_administrator_cannot_remove_themselves(invite, world):
    membership = Membership.objects.get(user=world.administrator)
    response = save_edit(
        client_for(world.administrator),
        reverse("membership_update", args=[membership.pk]),
        {"role": "officer", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "only administrator" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ADMINISTRATOR


def test_a_switched_off_member_sees_nothing_of_the_organisation(invite, world):
    membership = MembershipFactory(organisation=world.organisation, role=Role.OFFICER)
    switched_off = save_edit(
        client_for(world.administrator),
        reverse("membership_update", args=[membership.pk]),
        {"role": "officer"},
    )
    assert switched_off.status_code == 302
    response = client_for(membership.user).get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse("no_organisation")


def test_members_page_lists_only_this_organisations_people(invite, world):
    body = client_for(world.administrator).get(reverse("members")).content.decode()
    assert world.officer.email in body
    assert "@elsewhere.example.org" not in body


def test_user_factory_users_have_working_passwords(invite, world):
    assert UserFactory().check_password("a-long-test-password-1")


def test_a_form_carries_one_csrf_token(world):
    body = client_for(world.administrator).get(reverse("invite")).content.decode()
    main = body.split('id="main-content"', 1)[1].split("</main>", 1)[0]
    assert main.count('name="csrfmiddlewaretoken"') == 1
