"""The council's pledge to children in care: versions, themes, commitments and progress.

Progress is a history: a commitment's status is never a field to overwrite, it is derived
from its approved updates (see `status.py` for the rules shown to users).
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from corporate_parenting import audit
from corporate_parenting.models import Organisation, OrganisationOwned, OrganisationQuerySet
from corporate_parenting.pdf.jobs import RenderJob


class Status(models.TextChoices):
    """A commitment's progress. Always shown with its words, never by colour alone."""

    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    ACHIEVED = "achieved", "Achieved"


class PledgeSettings(OrganisationOwned):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="pledge_settings"
    )
    update_interval_weeks = models.PositiveSmallIntegerField(
        default=12,
        help_text="Each promise should have an approved progress update at least this often.",
    )
    show_action_owners = models.BooleanField(
        default=False,
        verbose_name="Show who is responsible for each action on the public page",
        help_text="Leave unticked to keep officers' and teams' names off the public pledge.",
    )

    class Meta:
        verbose_name_plural = "pledge settings"

    def __str__(self):
        return f"Pledge settings for {self.organisation}"

    @classmethod
    def for_organisation(cls, organisation):
        """The organisation's settings, without writing: defaults until someone saves them
        (so a signed-out visitor's page view never writes to the database)."""
        return cls.objects.filter(organisation=organisation).first() or cls(
            organisation=organisation
        )


class PledgeVersionQuerySet(OrganisationQuerySet):
    def adopted(self):
        return self.filter(state=PledgeVersion.State.ADOPTED)


class PledgeVersion(OrganisationOwned):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        CONSULTATION = "consultation", "In consultation"
        ADOPTED = "adopted", "Adopted"
        SUPERSEDED = "superseded", "Superseded"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pledge_versions"
    )
    title = models.CharField(max_length=200, help_text="e.g. Our Pledge to children in care")
    label = models.CharField(max_length=60, help_text="e.g. 2020 revision")
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    introduction = models.TextField(
        blank=True, help_text="A short opening in plain words, shown to young people."
    )
    adopted_on = models.DateField(null=True, blank=True)
    adopted_by = models.CharField(
        max_length=200, blank=True, help_text='Who adopted or endorsed it, e.g. "Full Council"'
    )
    review_date = models.DateField(null=True, blank=True)
    replaces = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    numbered = models.BooleanField(
        default=False,
        verbose_name="Number the promises and actions",
        help_text='Show "Pledge 3" and "Action 3.2" on every page, export and PDF.',
    )
    # Bumped in the same transaction as anything that changes what the summaries derive
    # (an approval, a promise or action added, changed or withdrawn): the cache key of the
    # derived summaries, so a cached status can never outlive the change (pledges/cache.py).
    generation = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = PledgeVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(state="adopted"),
                name="one_adopted_pledge_per_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.label})"

    def get_absolute_url(self):
        return reverse("pledges:version", args=[self.pk])

    @property
    def is_editable(self):
        """Adopted and superseded wording is the record of what was promised: it is frozen."""
        return self.state in (self.State.DRAFT, self.State.CONSULTATION)


class Theme(OrganisationOwned):
    version = models.ForeignKey(PledgeVersion, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text='e.g. "Your Voice". A plan with no themes has one theme with no title.',
    )
    lead_in = models.CharField(
        max_length=200,
        blank=True,
        help_text='Words before each promise, e.g. "We will support you to"',
    )
    position = models.PositiveSmallIntegerField(default=0)
    lineage = models.UUIDField(default=uuid.uuid4, help_text="The same theme across versions.")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class CommitmentQuerySet(OrganisationQuerySet):
    def in_version(self, version):
        return self.filter(theme__version=version)


class Commitment(OrganisationOwned):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveSmallIntegerField(default=0)
    wording = models.TextField(help_text='The promise as the board reads it: "We will ..."')
    young_people_wording = models.TextField(
        blank=True, help_text="The same promise in plain, short words for young people."
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_commitments",
        help_text="The officer who updates its progress.",
    )
    partners = models.CharField(
        max_length=300, blank=True, help_text="Separate with commas, e.g. Health, Police"
    )
    target = models.CharField(
        max_length=200,
        blank=True,
        help_text='A measurable target, e.g. "reply within 3 working days"',
    )
    due_date = models.DateField(null=True, blank=True)
    lineage = models.UUIDField(default=uuid.uuid4, help_text="The same promise across versions.")
    created = models.DateTimeField(default=timezone.now)
    # A promise of an adopted version is never deleted: it is withdrawn, on the record.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        # The council's word (pledges/glossary.py); the model keeps its old name.
        verbose_name = "promise"
        ordering = ["theme__position", "theme_id", "position", "pk"]
        indexes = [models.Index(fields=["organisation", "lineage"], name="commitment_lineage")]

    def __str__(self):
        return self.wording[:80]

    def get_absolute_url(self):
        return reverse("pledges:commitment", args=[self.pk])

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def partner_list(self):
        return [p.strip() for p in self.partners.split(",") if p.strip()]

    @property
    def plain_wording(self):
        return self.young_people_wording or self.wording


class CommitmentAction(OrganisationOwned):
    """An action of a promise, as council action plans track them: what will be done, who is
    responsible, when, its links to other plans and the expected outcome. It has its own
    progress (ProgressUpdate.action); a promise with actions takes its status from them."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(verbose_name="What will be done")
    owner = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="Responsible officer or team",
        help_text='e.g. "Virtual School and Team Manager: Family Placement"',
    )
    timeline = models.CharField(max_length=200, blank=True, help_text='e.g. "By March 2026"')
    links = models.CharField(
        max_length=300,
        blank=True,
        verbose_name="Links to other plans or strategies",
        help_text='e.g. "Participation Strategy 2025-2028", or "Not applicable"',
    )
    expected_outcome = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "action"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.description[:80]


class ProgressUpdateQuerySet(OrganisationQuerySet):
    def approved(self):
        return self.filter(state=ProgressUpdate.State.APPROVED)

    def latest_first(self):
        return self.order_by("-as_of", "-approved_at", "-pk")


class ProgressUpdate(OrganisationOwned):
    """One entry in a commitment's history. Public (and counted) only once approved."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Waiting for approval"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    # Set: the update is on this action of the commitment (and counts for the action only).
    action = models.ForeignKey(
        CommitmentAction,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="updates",
    )
    as_of = models.DateField(default=timezone.localdate, help_text="The date the update describes.")
    status = models.CharField(max_length=20, choices=Status.choices)
    narrative = models.TextField(help_text="For the board: what happened, with figures.")
    public_summary = models.TextField(
        blank=True, help_text="What was done, in plain words young people will read."
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of", "-approved_at", "-pk"]
        indexes = [
            # The dashboards read each commitment's latest approved update.
            models.Index(fields=["commitment", "state", "-as_of"], name="update_latest"),
            models.Index(fields=["action", "state", "-as_of"], name="update_action_latest"),
            models.Index(fields=["organisation", "state", "approved_at"], name="update_changes"),
        ]

    def __str__(self):
        return f"{self.get_status_display()} on {self.as_of:%d %b %Y}"

    @property
    def is_editable(self):
        return self.state in (self.State.DRAFT, self.State.CHANGES_REQUESTED)


class Evidence(OrganisationOwned):
    """What backs an update: a link or a file now.

    The seam for the golden thread: survey indicators and participation feedback will be
    linked here by nullable foreign keys when those apps exist.
    """

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)

    class Meta:
        verbose_name_plural = "evidence"

    def __str__(self):
        return self.title


class VersionChange(OrganisationOwned):
    """A change to an adopted version, on the record: who, when, what and why. Written by the
    services in the same transaction as the change; shown in the version's history and on the
    councillors' "what changed" list."""

    class Kind(models.TextChoices):
        ACTION_ADDED = "action_added", "Action added"
        ACTION_CHANGED = "action_changed", "Action changed"
        ACTION_REMOVED = "action_removed", "Action removed"
        PROMISE_WITHDRAWN = "promise_withdrawn", "Promise withdrawn"

    version = models.ForeignKey(PledgeVersion, on_delete=models.CASCADE, related_name="changes")
    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="version_changes"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    summary = models.TextField(help_text="What changed, in words (kept if the action is removed).")
    reason = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["version", "at"], name="version_change_at")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.at:%d %b %Y}"


class StaleReminder(OrganisationOwned):
    """When a lead was last reminded, so reminders go at most once per update interval."""

    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "lead", "sent_on"], name="one_reminder_per_lead_per_day"
            )
        ]

    def __str__(self):
        return f"Reminder to {self.lead} on {self.sent_on}"


def stale_before(organisation, today=None, *, weeks=None):
    """Updates on or before this date are stale for the organisation."""
    today = today or timezone.localdate()
    if weeks is None:
        weeks = PledgeSettings.for_organisation(organisation).update_interval_weeks
    return today - timedelta(weeks=weeks)


audit.track(PledgeSettings)
audit.track(PledgeVersion, free_text=["introduction"])
audit.track(Theme)
audit.track(Commitment, free_text=["withdrawn_reason"])
audit.track(CommitmentAction, free_text=["description", "expected_outcome"])
audit.track(VersionChange, free_text=["summary", "reason"])
audit.track(ProgressUpdate, free_text=["narrative", "public_summary", "review_note"])
audit.track(Evidence)


class ProgressReport(OrganisationOwned, RenderJob):
    """A "what we committed to, what we did, what is still to do" report for a period,
    rendered to PDF by a Celery task (pledges.reports). Its state, file, error and times are
    the PDF pipeline's (corporate_parenting.pdf.jobs.RenderJob); the page polls its state."""

    not_queued_reason = "The report could not be queued for rendering. Try again in a few minutes."

    version = models.ForeignKey(PledgeVersion, on_delete=models.CASCADE, related_name="reports")
    period_start = models.DateField()
    period_end = models.DateField()
    pdf = models.FileField(upload_to="pledge-reports/%Y/", blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Progress report {self.period_start:%d %b %Y} to {self.period_end:%d %b %Y}"

    def download_filename(self) -> str:
        return f"pledge-progress-{self.period_start:%Y-%m-%d}-{self.period_end:%Y-%m-%d}.pdf"


class PledgeImport(OrganisationOwned):
    """An uploaded pledge spreadsheet, kept between its preview and its confirmation."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", "Previewed"
        IMPORTED = "imported", "Imported"
        REJECTED = "rejected", "Rejected"

    version = models.ForeignKey(PledgeVersion, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(upload_to="pledge-imports/%Y/")
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PREVIEWED)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return self.original_name


audit.track(ProgressReport, exclude=["error"])
audit.track(PledgeImport)
