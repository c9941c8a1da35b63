"""Participation: who takes part (groups and their places), events with counts by district,
what young people said ("You said"), and what was done about it ("We did").

No child's name is stored anywhere here. Events hold counts, never attendees. Feedback holds
young people's words, which may name someone: every item is checked by the personal-data
guard (participation.guard) and leaves the officers' view only as `public_text`, once an
officer has redacted or confirmed every flag and approved it (`Feedback.is_public`).
A youth group stores places and places filled, and at most a first name or initials of a
role holder where the role needs it (`YouthGroup.names_needed`), never shown publicly.

Every model is OrganisationOwned and audited; free text is kept out of the audit trail.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Lower
from django.urls import reverse

from corporate_parenting import audit
from corporate_parenting.models import District, OrganisationOwned

BIG = 100_000  # more than any council's children in care: a typing slip, not a count


class Theme(OrganisationOwned):
    """A managed list of themes feedback is filed under ("Placements", "Education", ...)."""

    name = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="participation_theme_unique_name"
            )
        ]

    def __str__(self):
        return self.name


audit.track(Theme)


class DistrictLead(OrganisationOwned):
    """The participation lead of a district: the member of staff who runs its sessions and
    takes "You said, We did" back to them."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="lead")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self):
        return f"Lead for {self.district}"


audit.track(DistrictLead)


class YouthGroup(OrganisationOwned):
    """A youth role or group: Care Ambassadors, the Children in Care Council, an interview
    panel... Its places and places filled are recorded over time (`GroupPlaces`)."""

    class Kind(models.TextChoices):
        CARE_AMBASSADORS = "care_ambassadors", "Care Ambassadors (16+)"
        JUNIOR_AMBASSADORS = "junior_ambassadors", "Junior ambassadors"
        CHILDREN_IN_CARE_COUNCIL = "cicc", "Children in Care Council"
        INTERVIEW_PANEL = "interview_panel", "Interview panel"
        YOUTH_PARLIAMENT = "youth_parliament", "Youth Parliament members"
        OTHER = "other", "Another group"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: the whole county.",
    )
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    names_needed = models.BooleanField(
        default=False,
        help_text="Only where the role needs it (paid roles, panels): a first name or initials "
        "of each holder, never shown on public pages.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "organisation", Lower("name"), name="participation_group_unique_name"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("participation:group", args=[self.pk])


audit.track(YouthGroup, free_text=["description"])


class GroupPlaces(OrganisationOwned):
    """A group's places and how many were filled, as at a date (a history, newest first)."""

    group = models.ForeignKey(YouthGroup, on_delete=models.CASCADE, related_name="places")
    as_of = models.DateField()
    places = models.PositiveIntegerField(validators=[MaxValueValidator(BIG)])
    filled = models.PositiveIntegerField(validators=[MaxValueValidator(BIG)])

    class Meta:
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "as_of"], name="participation_places_once"),
            models.CheckConstraint(
                condition=Q(filled__lte=models.F("places")), name="participation_places_filled"
            ),
        ]


audit.track(GroupPlaces)


class RoleHolder(OrganisationOwned):
    """Who holds a place, where the group needs names: a first name or initials, no more."""

    group = models.ForeignKey(YouthGroup, on_delete=models.CASCADE, related_name="holders")
    name = models.CharField(max_length=20, help_text="A first name or initials, no more.")
    started = models.DateField()
    ended = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started", "pk"]


audit.track(RoleHolder, free_text=["name"])


class Event(OrganisationOwned):
    """A participation event: who came is counted by district, group and age band in
    `Attendance` rows (never names); its totals are always computed from them."""

    class Kind(models.TextChoices):
        HAVE_YOUR_SAY = "have_your_say", 'District "Have your say"'
        CONFERENCE = "conference", "Conference"
        BOARD_WORKSHOP = "board_workshop", "Board workshop with young people or carers"
        CICC = "cicc", "Children in Care Council"
        CONSULTATION = "consultation", "Consultation"
        INTERVIEW_PANEL = "interview_panel", "Interview panel"
        OTHER = "other", "Something else"

    class PhotoConsent(models.TextChoices):
        OBTAINED = "obtained", "Consent obtained"
        NOT_NEEDED = "not_needed", "No photos taken"
        NOT_OBTAINED = "not_obtained", "Consent not obtained: no photo may be kept"

    title = models.CharField(max_length=200)
    date = models.DateField()
    kind = models.CharField(max_length=30, choices=Kind.choices)
    districts = models.ManyToManyField(District, blank=True, related_name="+")
    group = models.ForeignKey(
        YouthGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    methods = models.CharField(
        max_length=300, blank=True, help_text='e.g. "Sticky notes, voting with stickers, art"'
    )
    photo_consent = models.CharField(
        max_length=20, choices=PhotoConsent.choices, default=PhotoConsent.NOT_NEEDED
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.date:%-d %B %Y})"

    def get_absolute_url(self):
        return reverse("participation:event", args=[self.pk])

    @property
    def photos_allowed(self) -> bool:
        return self.photo_consent == self.PhotoConsent.OBTAINED

    def totals(self) -> dict[str, int]:
        """Young people and adults who came, summed from the attendance rows."""
        rows = self.attendance.values("group").annotate(n=Sum("count"))
        by_group = {r["group"]: r["n"] for r in rows}
        young = sum(n for g, n in by_group.items() if g in Attendance.YOUNG_PEOPLE)
        adults = sum(n for g, n in by_group.items() if g not in Attendance.YOUNG_PEOPLE)
        return {"young_people": young, "adults": adults, **by_group}


audit.track(Event, free_text=["notes"])


class Attendance(OrganisationOwned):
    """How many of one group and age band came from one district (a count, never a name)."""

    class Group(models.TextChoices):
        IN_CARE = "in_care", "Children in care"
        CARE_LEAVERS = "care_leavers", "Care leavers"
        CHILDREN_IN_NEED = "children_in_need", "Children in need"
        OTHER_YOUNG = "other_young", "Other young people"
        STAFF = "staff", "Staff"
        BOARD = "board", "Board members"
        CARERS = "carers", "Carers"

    class AgeBand(models.TextChoices):
        UNDER_8 = "under_8", "Under 8"
        AGE_8_11 = "8_11", "8 to 11"
        AGE_12_15 = "12_15", "12 to 15"
        AGE_16_17 = "16_17", "16 to 17"
        AGE_18_25 = "18_25", "18 to 25"
        NOT_RECORDED = "not_recorded", "Age not recorded"
        ADULT = "adult", "Adult"

    YOUNG_PEOPLE = frozenset({"in_care", "care_leavers", "children_in_need", "other_young"})

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance")
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: from outside the districts, or not recorded.",
    )
    group = models.CharField(max_length=30, choices=Group.choices)
    age_band = models.CharField(
        max_length=20, choices=AgeBand.choices, default=AgeBand.NOT_RECORDED
    )
    count = models.PositiveIntegerField(validators=[MaxValueValidator(BIG)])

    class Meta:
        ordering = ["district__position", "district__name", "group", "age_band"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "district", "group", "age_band"],
                name="participation_attendance_once",
                nulls_distinct=False,
            )
        ]


audit.track(Attendance)


class EventPhoto(OrganisationOwned):
    """A photo of an event: only where consent was obtained (participation.services)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="participation/photos/%Y/")
    caption = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)


audit.track(EventPhoto, free_text=["caption"])


class FeedbackQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def public(self):
        """Feedback that may leave the officers' view: approved, with its checked words. The
        only door for public pages, exports, report blocks, PDFs, councillors and co-opted
        members; they read `public_text`, never `text`."""
        return self.filter(approved_at__isnull=False).exclude(public_text="")

    def waiting(self):
        """Items no response answers yet, the oldest first."""
        return self.filter(responses__isnull=True).order_by("said_on", "pk")


class Feedback(OrganisationOwned):
    """One thing young people said ("You said"): from an event, or from a survey finding
    (by the finding's stable reference: participation does not import surveys), or neither.

    `text` is the words as written down, seen by officers only. Outside the officers' view
    (public pages, exports, report blocks, PDFs, councillors and co-opted members) only
    `public_text` is shown, and only once `approved_at` is set; approval needs every flag of
    the personal-data guard redacted or confirmed (`GuardDecision`)."""

    class Kind(models.TextChoices):
        NO_MORE = "no_more", "No more"
        YES_MORE = "yes_more", "Yes more"
        IDEA = "idea", "An idea"
        WORRY = "worry", "A worry"
        PRAISE = "praise", "Praise"
        BETTER_WORD = "better_word", "A better word for a term"

    class AgeBand(models.TextChoices):
        UNDER_8 = "under_8", "Under 8"
        AGE_8_11 = "8_11", "8 to 11"
        AGE_12_15 = "12_15", "12 to 15"
        AGE_16_17 = "16_17", "16 to 17"
        AGE_18_25 = "18_25", "18 to 25"

    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    survey_finding = models.UUIDField(
        null=True, blank=True, help_text="The reference of the survey finding it came from."
    )
    survey_finding_summary = models.CharField(max_length=300, blank=True)
    text = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    themes = models.ManyToManyField(Theme, blank=True, related_name="feedback")
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    promises = models.ManyToManyField(
        "pledges.Commitment", blank=True, related_name="participation_feedback"
    )
    said_on = models.DateField(help_text="When it was said (the event's date, by default).")
    public_text = models.CharField(max_length=500, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["said_on", "pk"]
        verbose_name_plural = "feedback"

    def __str__(self):
        # Never the words: they may name someone, and this string goes to the audit trail.
        return f"Feedback {self.pk}"

    def get_absolute_url(self):
        return reverse("participation:feedback", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.approved_at is not None and bool(self.public_text)

    def words_for(self, membership) -> str | None:
        """The words a reader may see: as written for those with VIEW_FEEDBACK_WORDS; the
        checked words once approved for everyone else; None before that."""
        from corporate_parenting.roles import Capability

        if membership is not None and membership.can(Capability.VIEW_FEEDBACK_WORDS):
            return self.text
        return self.public_text if self.is_public else None


audit.track(Feedback, free_text=["text", "public_text", "survey_finding_summary"])


class GuardDecision(OrganisationOwned):
    """An officer's decision on one flag of the personal-data guard: redacted, or confirmed
    as not personal data. Audited; the flagged words themselves are not kept here."""

    class Decision(models.TextChoices):
        REDACTED = "redacted", "Removed"
        CONFIRMED = "confirmed", "Not personal data: kept"

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=30)  # the guard's flag kind
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    decision = models.CharField(max_length=20, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["feedback", "start"]


audit.track(GuardDecision)


class Response(OrganisationOwned):
    """ "We did": what was done or decided about one or more items of feedback, including
    "we can't, and here is why". Every change of status carries a public reason
    (`ResponseStatus`)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "We will do this"
        IN_PROGRESS = "in_progress", "Under way"
        DONE = "done", "Done"
        CANNOT = "cannot", "We can't do this"

    items = models.ManyToManyField(Feedback, related_name="responses")
    text = models.TextField(help_text="What was done or decided, in plain words.")
    by_whom = models.CharField(
        max_length=200, help_text='A team or role, e.g. "Virtual School", not a person\'s name.'
    )
    responded_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    promise = models.ForeignKey(
        "pledges.Commitment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participation_responses",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-responded_on", "-pk"]

    def __str__(self):
        return f"We did {self.pk}"

    def get_absolute_url(self):
        return reverse("participation:response", args=[self.pk])


audit.track(Response, free_text=["text"])


class ResponseStatus(OrganisationOwned):
    """One change of a response's status, with the reason the public reads."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=20, choices=Response.Status.choices)
    reason = models.CharField(max_length=500)
    changed_on = models.DateField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_on", "pk"]


audit.track(ResponseStatus, free_text=["reason"])


class LoopPromise(OrganisationOwned):
    """The council's own promise about answering young people, where its pledge makes one
    (seed 004: "get back to you within 3 working days"): the measures report the share of
    items answered within it."""

    working_days = models.PositiveSmallIntegerField(validators=[MaxValueValidator(365)])
    promise = models.ForeignKey(
        "pledges.Commitment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    wording = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation"], name="participation_one_loop_promise")
        ]


audit.track(LoopPromise)


# Outputs: the printable "You said, We did" (area `outputs`) ------------------------------------

from corporate_parenting.pdf.jobs import RenderJob  # noqa: E402 (the outputs area's own section)


class LoopSheet(OrganisationOwned, RenderJob):
    """A PDF that takes "You said, We did" back to young people, made by a Celery task through
    the one PDF pipeline (participation.outputs): a district's or a youth group's one-page
    sheet for its lead to share at the next session, or the organisation's quarterly
    newsletter. It prints approved items only, in their checked words (`public_text`)."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "A district's sheet"
        GROUP = "group", "A youth group's sheet"
        NEWSLETTER = "newsletter", "Quarterly newsletter"

    not_queued_reason = "The PDF could not be queued for rendering. Try again in a few minutes."

    kind = models.CharField(max_length=20, choices=Kind.choices)
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    group = models.ForeignKey(
        YouthGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    pdf = models.FileField(upload_to="participation/sheets/%Y/", blank=True)

    class Meta:
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="district", district__isnull=False, group__isnull=True)
                    | Q(kind="group", group__isnull=False, district__isnull=True)
                    | Q(kind="newsletter", district__isnull=True, group__isnull=True)
                ),
                name="participation_loopsheet_subject",
            )
        ]

    def __str__(self):
        period = f"{self.period_start:%d %b %Y} to {self.period_end:%d %b %Y}"
        return f"{self.get_kind_display()} {period}"

    @property
    def subject_name(self) -> str:
        if self.kind == self.Kind.DISTRICT and self.district_id:
            return self.district.name
        if self.kind == self.Kind.GROUP and self.group_id:
            return self.group.name
        return ""

    def download_filename(self) -> str:
        period = f"{self.period_start:%Y-%m-%d}-{self.period_end:%Y-%m-%d}"
        if self.kind == self.Kind.NEWSLETTER:
            return f"you-said-we-did-newsletter-{period}.pdf"
        return f"you-said-we-did-{self.kind}-{period}.pdf"


audit.track(LoopSheet, exclude=["error"])
