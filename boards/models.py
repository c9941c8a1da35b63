"""Boards and their meetings: members over time, agendas, attendance, declarations, minutes
and resolutions, the action log and the work programme.

Board papers (report templates, reports, agenda packs) are in boards/papers/models.py: papers
read from here, never the other way round (tests/test_dependency_direction.py).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from corporate_parenting import audit
from corporate_parenting.dates import local
from corporate_parenting.models import Organisation, OrganisationOwned, OrganisationQuerySet

# Co-opted members are care-experienced young people: the public never sees their names.
COOPTED_PUBLIC_NAME = "a co-opted member"

# The resolution to exclude the press and public before exempt business (Local Government Act
# 1972, s.100A(4)), in the standard wording councils print. {items} is "item" or "items";
# {paragraphs} is e.g. "Paragraph 3" or "Paragraphs 1 and 3".
EXCLUSION_WORDING = (
    "That in relation to the following {items} the press and public be excluded from the "
    "meeting, as it is likely, in view of the nature of the business to be transacted or the "
    "nature of the proceedings, that if members of the public were present during the {items} "
    "there would be disclosure to them of exempt information within {paragraphs} of Part 1 of "
    "Schedule 12A to the Local Government Act 1972, and further that in all the circumstances "
    "of the case, the public interest in maintaining the exemption outweighs the public "
    "interest in disclosing the information."
)
EXCLUSION_TITLE = "Exclusion of the press and public"


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def exclusion_resolution(wording: str, paragraphs: list[int], count: int) -> str:
    """The board's wording with the exempt items' Schedule 12A paragraphs put in."""
    numbers = sorted({p for p in paragraphs if p})
    if not numbers:
        said = "the relevant paragraphs"
    elif len(numbers) == 1:
        said = f"Paragraph {numbers[0]}"
    else:
        said = "Paragraphs " + _listed([str(n) for n in numbers])
    text = (wording or "").strip() or EXCLUSION_WORDING
    return text.replace("{items}", "item" if count == 1 else "items").replace("{paragraphs}", said)


class Board(OrganisationOwned):
    class PageRanges(models.TextChoices):
        # Seed 002: item 3 is "Pages 5 - 8" though page 8 is the blank page before item 6.
        WITH_BLANK = "with_blank", "Count a paper's trailing blank page in its range"
        PRINTED_ONLY = "printed_only", "End the range at the paper's last printed page"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(max_length=200, help_text="e.g. Corporate Parenting Board")
    parent_body = models.CharField(
        max_length=300,
        blank=True,
        help_text='e.g. "a sub-committee of the Children and Families Advisory Panel"',
    )
    terms_of_reference = models.TextField(blank=True)
    quorum = models.PositiveSmallIntegerField(default=3)
    usual_venue = models.CharField(max_length=300, blank=True)
    enquiries_contact = models.CharField(
        max_length=200, blank=True, help_text="e.g. members.services@example.gov.uk"
    )
    pack_signatory = models.TextField(
        "Signature block on the notice of meeting",
        blank=True,
        help_text="Printed under the notice in every agenda pack, one line each: e.g. the chief "
        "executive's title and address.",
    )
    pack_notices = models.TextField(
        "Standing notices in the agenda pack",
        blank=True,
        help_text="Printed on the notice page, e.g. the filming and broadcast notification. "
        "Start each notice's heading on its own line, then a blank line.",
    )
    pack_page_ranges = models.CharField(
        "Page ranges on the agenda",
        max_length=12,
        choices=PageRanges.choices,
        default=PageRanges.WITH_BLANK,
        help_text='When a paper is followed by a page "intentionally left blank" (so the next '
        'paper starts on a right-hand page), whether the paper\'s "(Pages X - Y)" counts it.',
    )
    first_minute_number = models.PositiveIntegerField(
        default=1, help_text="The number of the first minute this system records."
    )
    # Procedural items added to every new agenda, in this order.
    include_apologies = models.BooleanField("Apologies for absence", default=True)
    include_declarations = models.BooleanField("Declarations of interest", default=True)
    include_previous_minutes = models.BooleanField("Minutes of the previous meeting", default=True)
    include_deputations = models.BooleanField("Deputations", default=True)
    include_announcements = models.BooleanField("Chair's announcements", default=True)
    coopted_see_exempt = models.BooleanField(
        "Co-opted members may read exempt papers",
        default=False,
        help_text="Off unless the board has agreed it.",
    )
    exclusion_wording = models.TextField(
        "Resolution to exclude the press and public",
        default=EXCLUSION_WORDING,
        help_text="Printed on the agenda before the first exempt item, and suggested for its "
        "minute. {paragraphs} is replaced by the exempt items' paragraphs of Schedule 12A "
        '(e.g. "Paragraph 3" or "Paragraphs 1 and 3"), {items} by "item" or "items".',
    )
    coopted_public_name = models.CharField(
        "How co-opted members are named in public",
        max_length=100,
        default=COOPTED_PUBLIC_NAME,
        help_text='As it reads in a sentence, e.g. "a co-opted member" or "a member of the '
        'Children in Care Council". Public pages, the open-data API, the public pack and the '
        "minutes this system writes use it instead of their names. Left empty, it is "
        f'"{COOPTED_PUBLIC_NAME}".',
    )
    feed_token = models.UUIDField(
        default=uuid.uuid4, editable=False, help_text="Secret part of the members' calendar link."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("boards:board", args=[self.pk])


class BoardMember(OrganisationOwned):
    """One term of one person on a board. A person need not have a user account."""

    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        COOPTED = "coopted", "Co-opted member"
        STANDING_INVITEE = "invitee", "Standing invitee"
        ADVISER = "adviser", "Adviser"

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        SUBSTITUTE = "substitute", "Substitute"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_terms",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNCILLOR)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    political_group = models.CharField(max_length=100, blank=True)
    represents = models.CharField(
        max_length=200, blank=True, help_text="For invitees and advisers, e.g. Virtual School"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    feed_token = models.UUIDField(
        default=uuid.uuid4, editable=False, help_text="Secret part of their calendar link."
    )

    class Meta:
        ordering = ["kind", "role", "name"]

    def __str__(self):
        return self.name

    def is_current(self, on=None):
        on = on or timezone.localdate()
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class MeetingQuerySet(OrganisationQuerySet):
    def not_cancelled(self):
        return self.exclude(status=Meeting.Status.CANCELLED)

    def upcoming(self, as_of=None):
        return self.filter(starts_at__gte=as_of or timezone.now()).order_by("starts_at")

    def published(self):
        """Meetings whose agenda the public may see."""
        return self.filter(
            status__in=[
                Meeting.Status.AGENDA_PUBLISHED,
                Meeting.Status.HELD,
                Meeting.Status.MINUTES_APPROVED,
            ]
        )


class Meeting(OrganisationOwned):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        AGENDA_PUBLISHED = "agenda_published", "Agenda published"
        HELD = "held", "Held"
        MINUTES_APPROVED = "minutes_approved", "Minutes approved"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    also_present = models.TextField(
        "Also present",
        blank=True,
        help_text="Officers and others at the meeting who are not on the board, one a line, as "
        "the minutes print them, e.g. Steve Crocker, Director of Children's Services.",
    )
    minutes_approved_at = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
        help_text="The meeting at which these minutes were approved.",
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["board", "starts_at"], name="meeting_board_time")]

    def __str__(self):
        return f"{self.board}, {local(self.starts_at):%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("boards:meeting", args=[self.pk])

    @property
    def is_past(self):
        return self.starts_at < timezone.now()

    @property
    def minutes_locked(self):
        """Approved minutes are the record: changes need a recorded correction."""
        return self.status == self.Status.MINUTES_APPROVED


class AgendaItem(OrganisationOwned):
    class Kind(models.TextChoices):
        APOLOGIES = "apologies", "Apologies for absence"
        DECLARATIONS = "declarations", "Declarations of interest"
        PREVIOUS_MINUTES = "previous_minutes", "Minutes of the previous meeting"
        DEPUTATIONS = "deputations", "Deputations"
        ANNOUNCEMENTS = "announcements", "Chair's announcements"
        MATTERS_ARISING = "matters_arising", "Matters arising (action log)"
        REPORT = "report", "Report"
        VERBAL = "verbal", "Verbal update"
        WORK_PROGRAMME = "work_programme", "Work programme"
        OTHER = "other", "Other business"
        EXCLUSION = "exclusion", "Exclusion of the press and public"

    PROCEDURAL = {
        Kind.APOLOGIES,
        Kind.DECLARATIONS,
        Kind.PREVIOUS_MINUTES,
        Kind.DEPUTATIONS,
        Kind.ANNOUNCEMENTS,
        Kind.MATTERS_ARISING,
    }

    class ExemptParagraph(models.IntegerChoices):
        # Local Government Act 1972, Schedule 12A, Part 1.
        P1 = 1, "1. Information relating to any individual"
        P2 = 2, "2. Information likely to reveal the identity of an individual"
        P3 = 3, "3. Financial or business affairs of any particular person"
        P4 = 4, "4. Consultations or negotiations on labour relations"
        P5 = 5, "5. Legal professional privilege"
        P6 = 6, "6. Notices, orders or directions under an enactment"
        P7 = 7, "7. Prevention, investigation or prosecution of crime"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    number = models.CharField(max_length=10, blank=True, help_text='As printed, e.g. "6a"')
    title = models.CharField(max_length=300)
    purpose = models.TextField(
        blank=True,
        help_text='e.g. "To receive a report from the Director of Children\'s Services ..."',
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REPORT)
    presenter = models.CharField(max_length=200, blank=True)
    exempt = models.BooleanField(default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(
        choices=ExemptParagraph.choices, null=True, blank=True
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def printed_purpose(self) -> str:
        """What the agenda prints under the title: for the exclusion of the press and public,
        the board's resolution with the paragraphs of the exempt items that follow."""
        if self.kind != self.Kind.EXCLUSION:
            return self.purpose
        following = [
            item.exempt_paragraph
            for item in self.meeting.items.all()
            if item.exempt and (item.position, item.pk) > (self.position, self.pk)
        ]
        return exclusion_resolution(self.meeting.board.exclusion_wording, following, len(following))


class Attendance(OrganisationOwned):
    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(BoardMember, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=20, choices=Status.choices)
    substitute_for = models.ForeignKey(
        BoardMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substituted_by",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")
        ]

    def __str__(self):
        return f"{self.member}: {self.get_status_display()}"


class Declaration(OrganisationOwned):
    class Kind(models.TextChoices):
        PECUNIARY = "pecuniary", "Disclosable pecuniary interest"
        PERSONAL = "personal", "Personal interest"
        OTHER = "other", "Other registrable interest"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="declarations")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="declarations"
    )
    member = models.ForeignKey(BoardMember, on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    words = models.TextField()

    def __str__(self):
        return f"{self.member}: {self.get_kind_display()}"


class Minute(OrganisationOwned):
    """What was recorded for one agenda item. Numbers run on across the board's meetings."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="minute")
    number = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number", "pk"]

    def __str__(self):
        return f"Minute {self.number}" if self.number else "Minute (unnumbered)"


class Resolution(OrganisationOwned):
    """A decision, printed as "Resolved: ..."."""

    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="resolutions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"Resolved: {self.text[:60]}"


class MinuteCorrection(OrganisationOwned):
    """A change to approved minutes, recorded rather than made silently."""

    minute = models.ForeignKey(Minute, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(help_text="The corrected wording.")
    reason = models.TextField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at"]

    def __str__(self):
        return f"Correction to {self.minute}"


class ActionQuerySet(OrganisationQuerySet):
    def open(self):
        return self.filter(status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS])


class Action(OrganisationOwned):
    """What the board agreed someone would do."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    description = models.TextField()
    owner_name = models.CharField(max_length=200, help_text="Who will do it, as minuted")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="board_actions",
        help_text="Their account, if they have one: they get the reminders.",
    )
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    from_exempt = models.BooleanField(
        default=False,
        editable=False,
        help_text="Arose from an exempt item: stays private even if that item is later removed.",
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.description[:80]

    def get_absolute_url(self):
        return reverse("boards:action", args=[self.pk])


class ActionUpdate(OrganisationOwned):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Action.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]

    def __str__(self):
        return f"Update on {self.action}"


class ActionReminder(OrganisationOwned):
    """One reminder sent: unique per action, kind and due date, so never sent twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Before the due date"
        DUE = "due", "On the due date"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_date"], name="one_reminder_per_action_kind_date"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder for {self.action}"


class RollingItem(OrganisationOwned):
    """A recurring entry of the work programme: every meeting, or every N months."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="rolling_items")
    title = models.CharField(max_length=300)
    purpose = models.TextField(blank=True)
    every_meeting = models.BooleanField(default=False, help_text="A standing item")
    cycle_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="e.g. 6 for six-monthly, 12 for annual"
    )
    starts_on = models.DateField(help_text="The first meeting on or after this date takes it")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class WorkProgrammeEntry(OrganisationOwned):
    """What a future meeting (or a workshop between meetings) will take."""

    class Kind(models.TextChoices):
        STANDING = "standing", "Standing item"
        ROLLING = "rolling", "Rolling item"
        ONE_OFF = "one_off", "Relevant to this meeting"
        WORKSHOP = "workshop", "Workshop"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        ON_AGENDA = "on_agenda", "On the agenda"
        DROPPED = "dropped", "Dropped"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="work_programme")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="planned_items"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=300)
    purpose = models.TextField(blank=True, help_text="For workshops: what purpose")
    who = models.CharField(max_length=300, blank=True, help_text="For workshops: who")
    workshop_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    rolling_item = models.ForeignKey(
        RollingItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work_programme_entry",
    )
    from_action = models.ForeignKey(
        Action, on_delete=models.SET_NULL, null=True, blank=True, related_name="work_programme"
    )

    class Meta:
        ordering = ["meeting__starts_at", "workshop_date", "kind", "pk"]
        verbose_name_plural = "work programme entries"

    def __str__(self):
        return self.title


audit.track(Board, free_text=["terms_of_reference"])
audit.track(BoardMember)
audit.track(Meeting, free_text=["also_present"])
audit.track(AgendaItem, free_text=["purpose"])
audit.track(Attendance)
audit.track(Declaration, free_text=["words"])
audit.track(Minute, free_text=["text"])
audit.track(Resolution, free_text=["text"])
audit.track(MinuteCorrection, free_text=["text", "reason"])
audit.track(Action, free_text=["description"])
audit.track(ActionUpdate, free_text=["text"])
audit.track(ActionReminder)
audit.track(RollingItem, free_text=["purpose"])
audit.track(WorkProgrammeEntry, free_text=["purpose"])
