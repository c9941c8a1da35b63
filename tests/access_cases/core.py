"""Access cases for the shared foundations (corporate_parenting)."""

from django.urls import reverse

from corporate_parenting.roles import Capability, Role

from ..access import AccessCase
from ..factories import DistrictFactory, InvitationFactory, MembershipFactory


def _district(world):
    return DistrictFactory(organisation=world.organisation)


def _membership(world):
    return MembershipFactory(organisation=world.organisation, role=Role.OFFICER)


def _invitation(world):
    return InvitationFactory(organisation=world.organisation)


CASES = [
    AccessCase("home", lambda w: reverse("home"), Capability.VIEW_HOME),
    AccessCase("boards:index", lambda w: reverse("boards:index"), Capability.VIEW_BOARDS),
    AccessCase("surveys:index", lambda w: reverse("surveys:index"), Capability.VIEW_SURVEYS),
    AccessCase(
        "participation:index",
        lambda w: reverse("participation:index"),
        Capability.VIEW_PARTICIPATION,
    ),
    AccessCase("members", lambda w: reverse("members"), Capability.MANAGE_MEMBERS),
    AccessCase("invite", lambda w: reverse("invite"), Capability.MANAGE_MEMBERS),
    AccessCase(
        "invite (send)",
        lambda w: reverse("invite"),
        Capability.MANAGE_MEMBERS,
        method="post",
        data={"full_name": "New Person", "email": "new.person@example.org", "role": "officer"},
    ),
    AccessCase(
        "membership_update",
        lambda w: reverse("membership_update", args=[_membership(w).pk]),
        Capability.MANAGE_MEMBERS,
        object_view=True,
    ),
    AccessCase(
        "membership_update (save)",
        lambda w: reverse("membership_update", args=[_membership(w).pk]),
        Capability.MANAGE_MEMBERS,
        method="post",
        data={"role": "clerk", "job_title": "Clerk", "is_active": "on"},
        object_view=True,
    ),
    AccessCase(
        "membership_unlock",
        lambda w: reverse("membership_unlock", args=[_membership(w).pk]),
        Capability.MANAGE_MEMBERS,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "invitation_revoke",
        lambda w: reverse("invitation_revoke", args=[_invitation(w).pk]),
        Capability.MANAGE_MEMBERS,
        method="post",
        object_view=True,
    ),
    AccessCase("districts", lambda w: reverse("districts"), Capability.MANAGE_ORGANISATION),
    AccessCase(
        "district_create", lambda w: reverse("district_create"), Capability.MANAGE_ORGANISATION
    ),
    AccessCase(
        "district_update",
        lambda w: reverse("district_update", args=[_district(w).pk]),
        Capability.MANAGE_ORGANISATION,
        object_view=True,
    ),
    AccessCase(
        "district_delete",
        lambda w: reverse("district_delete", args=[_district(w).pk]),
        Capability.MANAGE_ORGANISATION,
        method="post",
        object_view=True,
    ),
    AccessCase("audit", lambda w: reverse("audit"), Capability.VIEW_AUDIT),
    AccessCase(
        "organisation_switch",
        lambda w: reverse("organisation_switch"),
        list(Role),
        method="post",
        data=lambda w: {"organisation": w.organisation.pk},
    ),
    AccessCase("password_change", lambda w: reverse("password_change"), list(Role)),
    AccessCase("password_change_done", lambda w: reverse("password_change_done"), list(Role)),
    # Public by design: signing in, resetting a password, accepting an invitation, health.
    AccessCase("login", lambda w: reverse("login"), list(Role), public=True),
    AccessCase("logout", lambda w: reverse("logout"), list(Role), method="post", public=True),
    AccessCase("password_reset", lambda w: reverse("password_reset"), [], public=True),
    AccessCase("password_reset_done", lambda w: reverse("password_reset_done"), [], public=True),
    AccessCase(
        "password_reset_confirm",
        lambda w: reverse("password_reset_confirm", args=["MQ", "set-password"]),
        [],
        public=True,
    ),
    AccessCase(
        "password_reset_complete", lambda w: reverse("password_reset_complete"), [], public=True
    ),
    AccessCase("health", lambda w: reverse("health"), [], public=True),
]
