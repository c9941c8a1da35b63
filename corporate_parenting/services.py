"""Writes that touch several models: invitations and memberships."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .mail import subject_line
from .models import Invitation, Membership, Organisation
from .roles import Role


def invitation_create(
    *, organisation: Organisation, email: str, full_name: str, role: str, invited_by
) -> Invitation:
    """Invite someone by email. A pending invitation to the same address is replaced."""
    email = email.strip().lower()
    if Membership.objects.filter(
        organisation=organisation, user__email__iexact=email, is_active=True
    ).exists():
        raise ValidationError({"email": "This person is already a member of this organisation."})
    now = timezone.now()
    with transaction.atomic():
        for earlier in Invitation.objects.filter(
            organisation=organisation,
            email__iexact=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ):
            earlier.revoked_at = now
            earlier.save(update_fields=["revoked_at"])
        token, token_hash = Invitation.new_token()
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            full_name=full_name.strip(),
            role=role,
            token_hash=token_hash,
            invited_by=invited_by,
            expires=Invitation.default_expiry(),
        )
        transaction.on_commit(lambda: _send_invitation(invitation, token))
    return invitation


def _send_invitation(invitation: Invitation, token: str) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[token])
    context = {"invitation": invitation, "link": link, "valid_days": settings.INVITATION_VALID_DAYS}
    send_mail(
        subject=subject_line(
            f"You are invited to {invitation.organisation} on Corporate Parenting"
        ),
        message=render_to_string("emails/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def invitation_for_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=Invitation.hash_token(token))
        .first()
    )


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.is_usable:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


def invitation_accept(
    *, invitation: Invitation, user=None, full_name: str = "", password: str = ""
) -> Membership:
    """Accept an invitation: as the signed-in `user`, or by creating an account.

    Accepting twice, or an expired or revoked invitation, is refused.
    """
    User = get_user_model()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError(f"This invitation is {invitation.status}.")
        if user is None:
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise ValidationError("An account already uses this email address: sign in first.")
            user = User.objects.create_user(
                email=invitation.email,
                password=password,
                full_name=full_name or invitation.full_name,
            )
        elif user.email.lower() != invitation.email.lower():
            raise ValidationError("This invitation was sent to a different email address.")
        membership, created = Membership.objects.get_or_create(
            user=user,
            organisation=invitation.organisation,
            defaults={"role": invitation.role},
        )
        if not created:
            membership.role = invitation.role
            membership.is_active = True
            membership.save(update_fields=["role", "is_active"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return membership


def membership_update(
    *, membership: Membership, role: str, job_title: str, is_active: bool
) -> Membership:
    """Change a member's role or access. An organisation always keeps an active administrator."""
    with transaction.atomic():
        # Lock every administrator row of the organisation, so two administrators demoting
        # each other at once cannot both succeed.
        list(
            Membership.objects.select_for_update()
            .filter(organisation_id=membership.organisation_id, role=Role.ADMINISTRATOR)
            .values_list("pk", flat=True)
        )
        # Judge by what is stored: a bound ModelForm has already changed the instance.
        stored = Membership.objects.select_for_update().get(pk=membership.pk)
        losing_admin = (
            stored.role == Role.ADMINISTRATOR
            and stored.is_active
            and (role != Role.ADMINISTRATOR or not is_active)
        )
        if losing_admin:
            other_admins = (
                Membership.objects.filter(
                    organisation_id=stored.organisation_id, role=Role.ADMINISTRATOR
                )
                .active()
                .exclude(pk=stored.pk)
            )
            if not other_admins.exists():
                membership.role, membership.is_active = stored.role, stored.is_active
                raise ValidationError(
                    "This is the organisation's only administrator. Make someone else an "
                    "administrator first."
                )
        stored.role = role
        stored.job_title = job_title
        stored.is_active = is_active
        stored.save(update_fields=["role", "job_title", "is_active"])
    return stored


def district_delete(*, district) -> None:
    """Delete a district; raises ProtectedError when records elsewhere are kept against it
    (events' attendance counts): the view says so."""
    with transaction.atomic():
        district.delete()
