"""Board papers: the council's report templates, reports with their versions, comments and
appendices, and the agenda packs with the kept renderings of their pieces.

These models were born in the boards app; they keep its tables (`db_table`), so moving them
here changed no data (migrations papers.0001, boards.0009, papers.0002).
"""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify

from boards.models import AgendaItem, Board, Meeting
from corporate_parenting import audit
from corporate_parenting.models import Organisation, OrganisationOwned, OrganisationQuerySet
from corporate_parenting.pdf.jobs import RenderJob

# Board reports ------------------------------------------------------------------------------


class ReportTemplate(OrganisationOwned):
    """A council's report layout, as data: the header block and the ordered sections."""

    HEADER_FIELDS = [
        ("committee", "Committee or panel"),
        ("date", "Date of meeting"),
        ("title", "Title"),
        ("reference", "Reference"),
        ("report_from", "Report from"),
        ("contact_name", "Contact name"),
        ("telephone", "Telephone"),
        ("email", "Email"),
    ]

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="report_templates"
    )
    name = models.CharField(max_length=200, help_text='e.g. "Hampshire committee report"')
    header_fields = models.JSONField(
        default=list, blank=True, help_text="Which header lines the report shows, in order."
    )
    # How the council's papers open (seed 002: "HAMPSHIRE COUNTY COUNCIL", then "Report" or
    # "Decision Report", then "Committee/Panel:", "Tel:" ...): data, so each council's own.
    heading_lines = models.TextField(
        "Heading at the top of every report",
        blank=True,
        help_text='One line each, e.g. "HAMPSHIRE COUNTY COUNCIL". Left empty, the '
        "organisation's name is printed in capitals.",
    )
    document_kind = models.CharField(
        "What the document is called",
        max_length=100,
        blank=True,
        default="Report",
        help_text='Printed under the heading, e.g. "Report" or "Decision Report".',
    )
    header_labels = models.JSONField(
        default=dict,
        blank=True,
        help_text="The label printed for each header line, by its key; a line not named here "
        "keeps its usual label (HEADER_FIELDS).",
    )
    requires_young_people_summary = models.BooleanField(
        "Needs a summary in plain words for young people", default=False
    )
    number_paragraphs = models.BooleanField("Number paragraphs (1.1, 1.2 ...)", default=True)
    active = models.BooleanField(default=True)

    class Meta:
        db_table = "boards_reporttemplate"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def header_label(self, key: str) -> str:
        """The label this template prints for header line `key`."""
        label = (self.header_labels or {}).get(key, "")
        return label.strip() or dict(self.HEADER_FIELDS)[key]

    def heading_block(self, organisation_name: str) -> list[str]:
        """The lines that open every report: the template's, or the organisation's name."""
        lines = [line.strip() for line in (self.heading_lines or "").splitlines()]
        return [line for line in lines if line] or [organisation_name.upper()]


class TemplateSection(OrganisationOwned):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(max_length=200, help_text='e.g. "Recommendation(s)"')
    guidance = models.TextField(blank=True, help_text="What authors should write here.")
    required = models.BooleanField(default=False)
    numbered = models.BooleanField(
        default=True, help_text="Counts in the 1, 2, 3 numbering of sections and paragraphs."
    )
    default_text = models.TextField(
        blank=True, help_text="Starting wording, e.g. the Section 100D paragraph (HTML)."
    )

    class Meta:
        db_table = "boards_templatesection"
        ordering = ["position", "pk"]

    def __str__(self):
        return self.heading


class ReportQuerySet(OrganisationQuerySet):
    def public(self):
        return self.filter(exempt=False, status=Report.Status.PUBLISHED)


class Report(OrganisationOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for clearance"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        CLEARED = "cleared", "Cleared"
        PUBLISHED = "published", "Published"

    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="reports")
    board = models.ForeignKey(
        Board, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    title = models.CharField(max_length=300)
    reference = models.CharField(max_length=60, blank=True)
    report_from = models.CharField(max_length=200, blank=True)
    contact_name = models.CharField(max_length=150, blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    exempt = models.BooleanField(default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(
        choices=AgendaItem.ExemptParagraph.choices, null=True, blank=True
    )
    young_people_summary = models.TextField(blank=True)
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="report"
    )
    revision = models.PositiveIntegerField(
        default=0, help_text="Goes up at every save: a save based on an older one is refused."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        db_table = "boards_report"
        ordering = ["-updated"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("papers:report", args=[self.pk])

    @property
    def is_editable(self):
        """A draft, a report with changes requested, or a published report whose correction
        is being written (or was sent back)."""
        if self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED):
            return True
        correction = self.open_correction
        return correction is not None and correction.is_editable

    @cached_property
    def open_correction(self) -> "ReportCorrection | None":
        """The correction of this published report not yet re-published, if any."""
        if self.status != self.Status.PUBLISHED or self.pk is None:
            return None
        return self.corrections.open().select_related("started_by").first()

    @property
    def stage(self) -> str:
        """Where the report is in the workflow: its status, or while a correction is open,
        the correction's (a Report.Status value)."""
        correction = self.open_correction
        return correction.status if correction is not None else self.status


class ReportSection(OrganisationOwned):
    """The author's text for one section of the template (sanitised HTML)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(TemplateSection, on_delete=models.PROTECT, related_name="+")
    html = models.TextField(blank=True)

    class Meta:
        db_table = "boards_reportsection"
        ordering = ["section__position", "section_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "section"], name="one_text_per_section")
        ]

    def __str__(self):
        return f"{self.report}: {self.section}"


class ReportVersion(OrganisationOwned):
    """Every saved version, whole, so any two can be compared. Published versions hold the
    live data blocks frozen to the values they had."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    snapshot = models.JSONField(help_text="Header, sections (heading and HTML) and summary.")
    frozen = models.BooleanField(default=False, help_text="The published text, data frozen")

    class Meta:
        db_table = "boards_reportversion"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_report_version_number")
        ]

    def __str__(self):
        return f"{self.report}, version {self.number}"


class ReportCorrectionQuerySet(OrganisationQuerySet):
    def open(self):
        return self.exclude(status__in=ReportCorrection.CLOSED)


class ReportCorrection(OrganisationOwned):
    """A correction of a published report (docs/decisions/0018). The report stays published,
    and the public and the packs keep its last frozen version, while the correction is
    written, cleared (never by the author) and re-published in place as a new frozen version.
    Its `summary` is the line the next edition of the pack prints on its cover."""

    class Status(models.TextChoices):
        # The first four are Report.Status values: the report's workflow panel reads them.
        DRAFT = "draft", "Correction being written"
        SUBMITTED = "submitted", "Correction sent for clearance"
        CHANGES_REQUESTED = "changes_requested", "Changes requested to the correction"
        CLEARED = "cleared", "Correction cleared"
        PUBLISHED = "published", "Correction published"
        WITHDRAWN = "withdrawn", "Correction withdrawn"

    CLOSED = (Status.PUBLISHED, Status.WITHDRAWN)

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="corrections")
    reason = models.TextField(help_text="Why the published report is corrected.")
    summary = models.CharField(
        max_length=200,
        help_text='What changes, as the pack cover prints it: "paragraph 2.3 corrected"',
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # The frozen version corrected, and the sections' live text when the correction began:
    # on re-publishing, a section left as it was keeps its frozen text and figures.
    base_version = models.ForeignKey(
        ReportVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sections_at_start = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.ForeignKey(
        ReportVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The frozen version the correction produced.",
    )

    objects = ReportCorrectionQuerySet.as_manager()

    class Meta:
        db_table = "boards_reportcorrection"
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report"],
                condition=~models.Q(status__in=["published", "withdrawn"]),
                name="one_open_correction_per_report",
            )
        ]

    def __str__(self):
        return f"Correction of {self.report}: {self.summary}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)


class ReportComment(OrganisationOwned):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField()
    version_number = models.PositiveIntegerField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "boards_reportcomment"
        ordering = ["created"]

    def __str__(self):
        return f"Comment on {self.report}"


class ReportAppendixQuerySet(OrganisationQuerySet):
    def published(self):
        """The appendices the published report carries: not those a correction still to be
        re-published adds (one it replaces or removes is published until then)."""
        return self.exclude(pending=ReportAppendix.Pending.ADD)


class ReportAppendix(OrganisationOwned):
    """An appendix: an uploaded PDF, or another report.

    Changed through a correction of a published report, the change waits (`pending`) until
    the correction is re-published: an added appendix is not yet in the packs, a replaced
    one keeps its `file` beside its `replacement`, a removed one stays until then."""

    class Pending(models.TextChoices):
        NONE = "", "No change"
        ADD = "add", "Added by the correction"
        REPLACE = "replace", "File replaced by the correction"
        REMOVE = "remove", "Removed by the correction"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appendices")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="report-appendices/%Y/", blank=True)
    other_report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="appended_to"
    )
    pending = models.CharField(max_length=10, choices=Pending.choices, default="", blank=True)
    replacement = models.FileField(upload_to="report-appendices/%Y/", blank=True)

    objects = ReportAppendixQuerySet.as_manager()

    class Meta:
        db_table = "boards_reportappendix"
        ordering = ["position", "pk"]
        verbose_name_plural = "report appendices"

    def __str__(self):
        return self.title

    @property
    def printed_title(self) -> str:
        """The title without an "Appendix 2:" the officer typed: the pack numbers appendices
        itself, so the number would print twice ("Appendix 1: Appendix 1: ...")."""
        return strip_appendix_number(self.title)


# "Appendix 1: ", "Appendix 2 - ", "APPENDIX B. ", "Appendix 3 (en dash) " starting a title.
APPENDIX_NUMBER = re.compile(
    r"^\s*appendix\s+(?:\d{1,3}|[a-z]|[ivx]{1,4})\s*(?:[:.\-\u2013\u2014)]\s*|$)", re.IGNORECASE
)


def strip_appendix_number(title: str) -> str:
    return APPENDIX_NUMBER.sub("", title or "", count=1).strip()


audit.track(ReportTemplate)
audit.track(TemplateSection, free_text=["guidance", "default_text"])
audit.track(Report, free_text=["young_people_summary"])
audit.track(ReportSection, free_text=["html"])
audit.track(ReportVersion, exclude=["snapshot"])
audit.track(ReportComment, free_text=["text"])
audit.track(ReportCorrection, free_text=["reason", "summary"], exclude=["sections_at_start"])
audit.track(ReportAppendix)


# Agenda packs ---------------------------------------------------------------------------------


class AgendaPack(OrganisationOwned, RenderJob):
    """A rendered agenda pack: the public one (no exempt papers) or the members' one. Its
    lifecycle (queued, claimed, ready or failed, stalled) is the one every PDF has
    (corporate_parenting.pdf.jobs); a pack adds SUPERSEDED, so an old edition stays readable."""

    class Kind(models.TextChoices):
        PUBLIC = "public", "Public pack"
        MEMBERS = "members", "Members' pack (with exempt papers)"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"
        SUPERSEDED = "superseded", "Superseded"

    DOWNLOADABLE_STATES = (State.READY, State.SUPERSEDED)
    stalled_reason = "The worker stopped before the pack was finished."

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # 0 for the agenda pack itself; 1, 2 ... for supplementary packs of late papers.
    supplement = models.PositiveSmallIntegerField(default=0)
    edition = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    pdf = models.FileField(upload_to="agenda-packs/%Y/", blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    # The uploaded appendix that would not open, when that failed the pack: its status page
    # links the clerk to replacing or removing it.
    unreadable_appendix = models.ForeignKey(
        "ReportAppendix", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The agenda items whose papers the pack carries (ids), so a supplement knows what is late.
    items = models.JSONField(default=list, blank=True)
    # Uploaded appendices that arrived without tags (named in the accessibility statement).
    untagged = models.JSONField(default=list, blank=True)
    # Progress while it renders, for the clerk's status page. The pieces render as parallel
    # tasks (boards/papers/tasks.py): each counts itself done with a conditional update
    # (services.packs.pack_piece_started / pack_piece_done), never by rewriting the row.
    pieces_total = models.PositiveIntegerField(default=0)
    pieces_done = models.PositiveIntegerField(default=0)
    rendering_now = models.JSONField(
        default=list, blank=True, help_text="Names of the pieces being rendered at this moment."
    )
    # The frozen version of each report the pack carries ({report id: version number}), so
    # the next edition can say which papers were corrected since (docs/decisions/0018).
    versions = models.JSONField(default=dict, blank=True)
    # What this edition revised since the previous one, as its cover prints it:
    # [{"item": "6", "summary": "paragraph 2.3 corrected"}, ...]
    revisions = models.JSONField(default=list, blank=True)
    # How many pages its notice and agenda took: the next edition's first guess, so that a
    # re-issue renders its front matter once rather than twice.
    front_pages = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        db_table = "boards_agendapack"
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "supplement", "edition"],
                name="one_pack_per_meeting_kind_supplement_edition",
            )
        ]

    def __str__(self):
        return f"{self.label} for {self.meeting}, edition {self.edition}"

    @property
    def label(self) -> str:
        """e.g. "Public pack", "Members' supplementary pack 2"."""
        if not self.supplement:
            return self.get_kind_display()
        who = "Members'" if self.kind == self.Kind.MEMBERS else "Public"
        return f"{who} supplementary pack {self.supplement}"

    @property
    def took(self):
        """How long the clerk waited for it: from asking to the pack being ready."""
        if self.state not in self.DOWNLOADABLE_STATES or not self.finished_at:
            return None
        return self.finished_at - self.created

    @property
    def pieces_remaining(self) -> int:
        return max(self.pieces_total - self.pieces_done, 0)

    def download_filename(self) -> str:
        starts = self.meeting.starts_at.strftime("%Y-%m-%d")
        suffix = "members-pack" if self.kind == self.Kind.MEMBERS else "agenda-pack"
        if self.supplement:
            suffix += f"-supplement-{self.supplement}"
        return f"{starts}-{suffix}-edition-{self.edition}.pdf"


class PaperRendering(OrganisationOwned):
    """One piece of a pack (the front matter, a paper, a report appendix) as WeasyPrint
    rendered it, kept by a hash of its HTML so a re-published pack reuses every unchanged
    paper (boards/papers/packs.py). It carries no page numbers or stamps: those are drawn when the
    pack is assembled, so a rendering is valid wherever in a pack it lands."""

    key = models.CharField(max_length=64)
    pdf = models.FileField(upload_to="agenda-packs/pieces/%Y/")
    page_count = models.PositiveIntegerField()
    bookmarks = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "boards_paperrendering"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="one_rendering_per_key")
        ]

    def __str__(self):
        return f"Rendering {self.key[:12]} ({self.page_count} pages)"


audit.track(AgendaPack, exclude=["error", "pieces_total", "pieces_done", "rendering_now"])


# What the public downloads ---------------------------------------------------------------------


class PackPaper(OrganisationOwned):
    """One paper of a published public pack as a PDF of its own, as committee systems publish
    them: the report, and each of its appendices, one file each. Kept per pack (copied from the
    kept piece when the pack was made, services/public_papers.py), so every edition keeps the
    papers it was published with, and pruning kept pieces never takes one away."""

    pack = models.ForeignKey(AgendaPack, on_delete=models.CASCADE, related_name="papers")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    item_number = models.CharField(max_length=10, blank=True)
    # As the pack's bookmark prints it: "Agenda Item 6: Title", "Appendix 1: Title".
    title = models.CharField(max_length=500)
    is_appendix = models.BooleanField(default=False)
    pdf = models.FileField(upload_to="agenda-packs/papers/%Y/")
    page_count = models.PositiveIntegerField()
    size = models.PositiveIntegerField(help_text="The file's size in bytes.")

    class Meta:
        ordering = ["pack", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "position"], name="one_pack_paper_per_place")
        ]

    def __str__(self):
        return self.title

    def download_filename(self) -> str:
        starts = self.pack.meeting.starts_at.strftime("%Y-%m-%d")
        name = slugify(self.title)[:80].strip("-") or "paper"
        return f"{starts}-{name}-edition-{self.pack.edition}.pdf"


class MinutesPdf(OrganisationOwned, RenderJob):
    """A meeting's published minutes as a PDF, made in a worker whenever the public minutes
    change (services/public_papers.py; decision 0019). `key` is a hash of the HTML rendered,
    so the same minutes are never rendered twice; the newest ready one is the one offered."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="minutes_pdfs")
    key = models.CharField(max_length=64)
    draft = models.BooleanField(default=True, help_text="Rendered before the minutes were approved")
    pdf = models.FileField(upload_to="minutes/%Y/", blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Minutes of {self.meeting} ({self.get_state_display()})"

    def download_filename(self) -> str:
        starts = self.meeting.starts_at.strftime("%Y-%m-%d")
        return f"{starts}-{'draft-minutes' if self.draft else 'minutes'}.pdf"
