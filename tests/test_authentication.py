import re

import pytest
from auditlog import get_logentry_model
from django.core import mail
from django.urls import reverse

from .factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_a_member_signs_in_with_email_and_password(client):
    member = MembershipFactory(user=UserFactory(email="grace@example.org")).user
    response = sign_in(client, "Grace@Example.org", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == member


def test_a_wrong_password_gets_a_clear_message_and_keeps_the_email(client):
    MembershipFactory(user=UserFactory(email="grace@example.org"))
    response = sign_in(client, "grace@example.org", "not-the-password")
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    assert 'value="grace@example.org"' in response.content.decode()


def test_ten_failed_sign_ins_lock_the_account(client):
    MembershipFactory(user=UserFactory(email="grace@example.org"))
    for _ in range(9):
        assert sign_in(client, "grace@example.org", "wrong").status_code == 200
    locked = sign_in(client, "grace@example.org", "wrong")
    assert locked.status_code == 429
    assert "This account is locked" in locked.content.decode()
    # Even the right password is refused while the lock holds.
    again = sign_in(client, "grace@example.org", PASSWORD)
    assert again.status_code == 429
    assert "too many failed attempts" in again.content.decode()


def test_nine_failures_then_the_right_password_signs_in_and_resets_the_count(client):
    MembershipFactory(user=UserFactory(email="grace@example.org"))
    for _ in range(9):
        sign_in(client, "grace@example.org", "wrong")
    assert sign_in(client, "grace@example.org", PASSWORD).status_code == 302


def test_changing_the_case_of_the_email_does_not_dodge_the_lock(client):
    MembershipFactory(user=UserFactory(email="grace@example.org"))
    for attempt in range(10):
        sign_in(client, "grace@example.org" if attempt % 2 else "GRACE@example.org", "wrong")
    other_address = {"REMOTE_ADDR": "203.0.113.9"}
    response = client.post(
        reverse("login"), {"username": "Grace@Example.org", "password": PASSWORD}, **other_address
    )
    assert response.status_code == 429


def test_the_lock_is_per_account_from_one_address(client):
    """Ten failures against one account lock it, and also the address they came from."""
    MembershipFactory(user=UserFactory(email="grace@example.org"))
    MembershipFactory(user=UserFactory(email="tom@example.org"))
    for _ in range(10):
        sign_in(client, "grace@example.org", "wrong")
    assert sign_in(client, "grace@example.org", PASSWORD).status_code == 429
    assert sign_in(client, "tom@example.org", PASSWORD).status_code == 429


def test_the_lockout_is_in_the_audit_trail(client):
    user = MembershipFactory(user=UserFactory(email="grace@example.org")).user
    for _ in range(10):
        sign_in(client, "grace@example.org", "wrong")
    events = get_logentry_model().objects.filter(object_pk=str(user.pk))
    assert any(
        "locked out" in e.additional_data.get("event", "") for e in events if e.additional_data
    )


def test_sign_in_and_sign_out_are_in_the_audit_trail(client):
    user = MembershipFactory(user=UserFactory(email="grace@example.org")).user
    sign_in(client, "grace@example.org", PASSWORD)
    client.post(reverse("logout"))
    events = [
        e.additional_data["event"]
        for e in get_logentry_model().objects.filter(actor=user).order_by("pk")
        if e.additional_data
    ]
    assert events == ["signed in", "signed out"]


def test_sign_out_needs_a_post(client):
    MembershipFactory(user=UserFactory(email="grace@example.org"))
    sign_in(client, "grace@example.org", PASSWORD)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_password_reset_by_email(client):
    MembershipFactory(user=UserFactory(email="grace@example.org"))
    response = client.post(reverse("password_reset"), {"email": "grace@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/account/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new_password = "a-brand-new-password-42"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert sign_in(client, "grace@example.org", new_password).status_code == 302


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "If the address belongs to an account" in response.content.decode()
    assert mail.outbox == []


def test_a_used_reset_link_is_refused(client):
    MembershipFactory(user=UserFactory(email="grace@example.org"))
    client.post(reverse("password_reset"), {"email": "grace@example.org"})
    link = re.search(r"https?://[^/]+(/account/password/reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    new_password = "a-brand-new-password-42"
    client.post(set_url, {"new_password1": new_password, "new_password2": new_password})
    assert "already been used or has expired" in client.get(link, follow=True).content.decode()


def test_an_administrator_sees_a_locked_member_and_unlocks_them(world, client):
    from .access import client_for

    for _ in range(10):
        sign_in(client, world.officer.email, "wrong")
    admin = client_for(world.administrator)
    page = admin.get(reverse("members")).content.decode()
    assert "Locked out" in page
    membership = world.officer.memberships.get()
    admin.post(reverse("membership_unlock", args=[membership.pk]))
    assert "Locked out" not in admin.get(reverse("members")).content.decode()
    assert sign_in(client, world.officer.email, PASSWORD).status_code == 302
    unlock = get_logentry_model().objects.filter(additional_data__event="unlocked after a lockout")
    assert unlock.get().actor == world.administrator


def test_behind_a_proxy_the_lock_follows_the_client_address_not_the_proxy(client, settings):
    settings.PROXY_COUNT = 1
    MembershipFactory(user=UserFactory(email="grace@example.org"))
    MembershipFactory(user=UserFactory(email="tom@example.org"))
    # The attacker forges an X-Forwarded-For entry; our proxy appends the real address.
    attacker = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.1, 198.51.100.7"}
    for _ in range(10):
        client.post(
            reverse("login"), {"username": "grace@example.org", "password": "x"}, **attacker
        )
    colleague = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    ok = client.post(
        reverse("login"), {"username": "tom@example.org", "password": PASSWORD}, **colleague
    )
    assert ok.status_code == 302  # the proxy's address was not locked
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) <= {"198.51.100.7"}
    client.post(reverse("logout"))
    forged_again = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "192.0.2.99, 198.51.100.7"}
    again = client.post(
        reverse("login"), {"username": "tom@example.org", "password": PASSWORD}, **forged_again
    )
    assert again.status_code == 429  # a new forged entry does not escape the address lock
