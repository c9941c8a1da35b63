"""Writing reports: creating one from its template, saving it safely, appendices.

Two people may edit the same report. Every save names the revision it was based on; if
someone saved in between, the save is refused with `StaleReport` (nothing is overwritten),
and the author chooses: reload their version, or save theirs over it knowingly.
"""

from auditlog.models import AbstractLogEntry
from django.core.exceptions import ValidationError
from django.db import transaction

from boards.papers.live_blocks import (
    PARTICIPATION_EVENTS,
    SURVEY_INDICATOR,
    YOU_SAID_WE_DID,
    placeholder,
)
from boards.papers.models import Report, ReportAppendix, ReportSection, ReportVersion
from boards.papers.report_rendering import header_values, snapshot_sections
from boards.papers.sanitise import clean_html
from corporate_parenting import audit
from corporate_parenting.uploads import pdf_problem

HEADER_FIELDS = ("title", "reference", "report_from", "contact_name", "telephone", "email")


class StaleReport(Exception):
    """The report was saved by someone else since the editor loaded it."""

    def __init__(self, report: Report, current_version: ReportVersion | None):
        self.report = report
        self.current_version = current_version
        super().__init__(
            f"Report {report.pk} is at revision {report.revision}; the save was based on "
            "an older one."
        )


def _snapshot(report: Report) -> dict:
    return {
        "header": header_values(report),
        "exempt": report.exempt,
        "exempt_paragraph": report.exempt_paragraph,
        "sections": snapshot_sections(report),
        "young_people_summary": report.young_people_summary,
    }


def _new_version(report: Report, by) -> ReportVersion:
    last = report.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return ReportVersion.objects.create(
        organisation=report.organisation,
        report=report,
        number=last + 1,
        saved_by=by,
        snapshot=_snapshot(report),
    )


@transaction.atomic
def report_create(*, organisation, template, title, board, by) -> Report:
    """A new draft with one section per template section (its starting wording) and
    version 1."""
    report = Report.objects.create(
        organisation=organisation,
        template=template,
        title=title,
        board=board,
        author=by,
        revision=1,
    )
    for section in template.sections.all():
        ReportSection.objects.create(
            organisation=organisation,
            report=report,
            section=section,
            html=clean_html(section.default_text),
        )
    _new_version(report, by)
    return report


def report_save(
    *,
    report: Report,
    by,
    expected_revision: int,
    header: dict,
    sections: dict,
    young_people_summary: str,
    exempt: bool,
    exempt_paragraph: int | None,
) -> ReportVersion:
    """Save the header, the sections ({template section id: html}) and the summary, if the
    report is still at `expected_revision`; else raise StaleReport. Returns the new version."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.revision != expected_revision:
            current = locked.versions.order_by("-number").first()
            raise StaleReport(locked, current)
        for name in HEADER_FIELDS:
            if name in header:
                setattr(locked, name, header[name])
        locked.young_people_summary = young_people_summary
        locked.exempt = exempt
        locked.exempt_paragraph = exempt_paragraph if exempt else None
        locked.revision += 1
        locked.save()
        for section in ReportSection.objects.filter(report=locked).select_related("section"):
            if section.section_id in sections:
                html = clean_html(sections[section.section_id])
                if html != section.html:
                    section.html = html
                    section.save()
        version = _new_version(locked, by)
    # The caller's object follows the saved state.
    for name in (*HEADER_FIELDS, "young_people_summary", "exempt", "exempt_paragraph"):
        setattr(report, name, getattr(locked, name))
    report.revision = locked.revision
    return version


def append_live_block(html: str, *, theme: str) -> str:
    """`html` with a live block placeholder at its end: a pledge progress table (`theme` a
    theme's id or "all"), a survey result (`theme` "indicator:<id>"), participation events
    and reach (`theme` "events:<from>:<to>", ISO dates) or "You said, We did" for a
    participation theme (`theme` "you-said:<id>")."""
    if theme.startswith("indicator:"):
        block = placeholder(SURVEY_INDICATOR, indicator=theme.removeprefix("indicator:"))
    elif theme.startswith("events:"):
        _prefix, start, end = [*theme.split(":"), "", ""][:3]
        block = placeholder(PARTICIPATION_EVENTS, start=start, end=end)
    elif theme.startswith("you-said:"):
        block = placeholder(YOU_SAID_WE_DID, theme_id=theme.removeprefix("you-said:"))
    else:
        block = placeholder(theme=theme)
    return clean_html(f"{html}{block}")


@transaction.atomic
def report_appendix_add(*, report: Report, title: str, file=None, other_report=None):
    """A new appendix; added through a correction of a published report, it joins the
    packs only when the correction is re-published."""
    last = report.appendices.order_by("-position").values_list("position", flat=True).first()
    appendix = ReportAppendix(
        organisation=report.organisation,
        report=report,
        position=(last or 0) + 1,
        title=title,
        other_report=other_report,
        pending=ReportAppendix.Pending.ADD if report.open_correction else "",
    )
    if file is not None:
        appendix.file = file
    appendix.save()
    return appendix


@transaction.atomic
def report_appendix_delete(*, appendix: ReportAppendix):
    """Remove an appendix. Through a correction of a published report, one the published
    report carries is only marked to go (it goes when the correction is re-published)."""
    Pending = ReportAppendix.Pending
    if appendix.report.open_correction is not None and appendix.pending != Pending.ADD:
        dropped = appendix.replacement
        appendix.pending, appendix.replacement = Pending.REMOVE, ""
        appendix.save()
        if dropped:
            transaction.on_commit(lambda: dropped.storage.delete(dropped.name))
        return
    files = [f for f in (appendix.file, appendix.replacement) if f]
    appendix.delete()
    for file in files:  # only once the row is surely gone
        transaction.on_commit(lambda file=file: file.storage.delete(file.name))


@transaction.atomic
def report_appendix_replace(*, appendix: ReportAppendix, file) -> ReportAppendix:
    """A new file for an uploaded appendix, through a correction of its published report:
    the packs keep the old file until the correction is re-published."""
    Pending = ReportAppendix.Pending
    if appendix.report.open_correction is None or not appendix.report.is_editable:
        raise ValidationError(
            "Start a correction of the report to replace its appendix, or change the draft."
        )
    if not appendix.file:
        raise ValidationError("This appendix is a report, not a file: it has no file to replace.")
    if appendix.pending == Pending.ADD:  # not published yet: simply a new file
        old, appendix.file = appendix.file, file
    else:
        old, appendix.replacement = appendix.replacement, file
        appendix.pending = Pending.REPLACE
    appendix.save()
    if old:
        transaction.on_commit(lambda: old.storage.delete(old.name))
    return appendix


@transaction.atomic
def report_appendix_keep(*, appendix: ReportAppendix) -> ReportAppendix:
    """Undo a correction's replacement or removal of a published appendix."""
    Pending = ReportAppendix.Pending
    if appendix.pending not in (Pending.REPLACE, Pending.REMOVE):
        raise ValidationError("This appendix has no change to undo.")
    dropped = appendix.replacement
    appendix.pending, appendix.replacement = Pending.NONE, ""
    appendix.save()
    if dropped:
        transaction.on_commit(lambda: dropped.storage.delete(dropped.name))
    return appendix


def appendix_problem(appendix: ReportAppendix) -> str:
    """What stops an uploaded appendix opening as a PDF, or "" when it opens."""
    if not appendix.file:
        return ""
    try:
        with appendix.file.open("rb") as f:
            data = f.read()
    except OSError:
        return "its file is missing from storage"
    return pdf_problem(data)


@transaction.atomic
def report_appendix_fix(*, appendix: ReportAppendix, by, file=None, remove: bool = False):
    """Put right an uploaded appendix that will not open, even on a published report (a pack
    that carries it cannot be made): replace its file, or remove it. Audited with who and why.
    Refuses (ValidationError) an appendix whose file opens: that one is changed only while
    its report may be edited."""
    if not appendix_problem(appendix):
        raise ValidationError(
            "This appendix opens as a PDF, so it can only be changed while its report is a "
            "draft or has changes requested, or through a correction of the published report."
        )
    old = appendix.file
    event = "unreadable appendix removed" if remove else "unreadable appendix file replaced"
    audit.record(
        instance=appendix,
        action=AbstractLogEntry.Action.DELETE if remove else AbstractLogEntry.Action.UPDATE,
        actor=by,
        event=f"{event} (report {appendix.report_id}, file {old.name})",
        organisation=appendix.organisation,
    )
    if remove:
        appendix.delete()
    else:
        appendix.file = file
        appendix.save()
    if old:  # only once the row no longer points at it
        transaction.on_commit(lambda: old.storage.delete(old.name))
    return None if remove else appendix
