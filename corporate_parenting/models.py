import hashlib
import secrets
from datetime import timedelta

from auditlog.models import AbstractLogEntry
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from .roles import Capability, Role, role_can


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Signs in with their email address.

    A user holds no role by itself: roles come from memberships of organisations.
    """

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May use the Django admin site (platform operators only)."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def active_memberships(self):
        return self.memberships.filter(is_active=True).select_related("organisation")


class Organisation(models.Model):
    """A council. Nothing of one organisation is ever visible to another."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in public web addresses.")
    created = models.DateTimeField(auto_now_add=True)

    # Disclosure control of the counts the council publishes (surveys.published reads these).
    class DisclosureRule(models.TextChoices):
        THRESHOLD = "threshold", "Hide every count below the threshold"
        TEN_FIVE = (
            "ten_five",
            "The 10-5 rule: hide counts under 10, round the rest to the nearest 5",
        )

    disclosure_rule = models.CharField(
        max_length=20, choices=DisclosureRule.choices, default=DisclosureRule.THRESHOLD
    )
    disclosure_threshold = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
        help_text="Counts below this are hidden when published (the 10-5 rule always uses 10).",
    )
    disclosure_hide_zeros = models.BooleanField(
        default=False,
        help_text='Hide zeros too, where a zero would say "none of them" about a small group.',
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"organisation_id": self.pk}


class OrganisationQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """The one scope every query of domain data goes through."""
        return self.filter(organisation=organisation)


class OrganisationOwned(models.Model):
    """Base for every domain object: it belongs to exactly one organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_additional_data(self):
        # Read by django-auditlog: files the audit entry under the object's organisation.
        return {"organisation_id": self.organisation_id}


class MembershipQuerySet(OrganisationQuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(OrganisationOwned):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    job_title = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True, help_text="Inactive members cannot see anything.")
    created = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_org"
            ),
        ]
        ordering = ["user__full_name"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"

    def can(self, capability: Capability) -> bool:
        return self.is_active and role_can(self.role, capability)


class Invitation(OrganisationOwned):
    """An administrator's invitation to join an organisation with a role.

    Only a hash of the token is stored: the link in the email is the only copy.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Invitation for {self.email} to {self.organisation}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, cls.hash_token(token)

    @staticmethod
    def default_expiry():
        return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires <= timezone.now():
            return "expired"
        return "pending"

    @property
    def is_usable(self) -> bool:
        return self.status == "pending"


class District(OrganisationOwned):
    """An area of the council used to organise participation (Hampshire has eight)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="districts"
    )
    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="district_unique_name_per_org"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("district_update", args=[self.pk])


class AuditEntry(AbstractLogEntry):
    """django-auditlog's entry, filed under an organisation so each reads only its own.

    Sign-ins and other account events have no organisation: they are shown to the
    administrators of every organisation the person belongs to.
    """

    # No database constraint and no cascade: the trail outlives what it records, including
    # an organisation's own deletion (its delete entry is written after the row is gone).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "audit entry"
        verbose_name_plural = "audit entries"
        indexes = [
            # The audit page lists one organisation's entries, newest first.
            models.Index(fields=["organisation", "-timestamp"], name="audit_org_time"),
        ]

    @property
    def change_rows(self) -> list[tuple[str, str, str]]:
        """(field, before, after) for each change, in Python so that no field name (a pack's
        `items`, say) can be mistaken for a dict method by the template language.
        Many-to-many changes read as what was added or removed."""
        rows = []
        for field, change in (self.changes_dict or {}).items():
            if isinstance(change, dict):
                objects = ", ".join(str(o) for o in change.get("objects", []))
                verb = {"add": "added", "delete": "removed"}.get(change.get("operation"), "changed")
                rows.append((field, "", f"{verb}: {objects}"))
            elif isinstance(change, list | tuple) and len(change) == 2:
                rows.append((field, str(change[0] or ""), str(change[1] or "")))
            else:
                rows.append((field, "", str(change)))
        return rows

    def save(self, *args, **kwargs):
        if self.organisation_id is None and isinstance(self.additional_data, dict):
            self.organisation_id = self.additional_data.get("organisation_id")
        super().save(*args, **kwargs)


# What the audit trail follows. Passwords and login times are the authentication system's
# business, not the organisation's record.
from . import audit  # noqa: E402

audit.track(User, exclude=["password", "last_login"])
audit.track(Organisation)
audit.track(Membership)
audit.track(Invitation, exclude=["token_hash"])
audit.track(District)
