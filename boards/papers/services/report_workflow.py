"""The report workflow: draft, submitted for clearance, changes requested, cleared, published
on an agenda item. Each step checks who may take it and from which status; a note given with a
step is kept as a comment on the report. Objects are saved one by one (the audit trail listens
to model signals).

Publishing freezes the report: its last version is written again with the live data blocks
replaced by the figures they show at that moment, so the paper the board reads never changes.

A published report is put right by a correction (docs/decisions/0018): `correction_start()`
opens one with its reason and the summary the pack's cover prints; the correction then takes
the same steps (sent for clearance, changes requested, cleared: never by the author) while the
report stays published, and `correction_publish()` re-publishes it in place as a new frozen
version. The steps below act on the open correction when there is one (`Report.stage`).
"""

import difflib
import re
from html import escape as html_escape
from html import unescape as html_unescape

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags

from boards.models import AgendaItem, Meeting
from boards.papers.models import (
    Report,
    ReportAppendix,
    ReportComment,
    ReportCorrection,
    ReportTemplate,
    ReportVersion,
)
from boards.papers.report_rendering import header_values, snapshot_sections
from boards.papers.rules import may_publish, may_submit
from boards.services.meetings import exclusion_sync, next_position
from corporate_parenting.roles import Capability

Status = Report.Status

SUMMARY_MISSING = "Write the summary for young people before sending the report for clearance"

# Sections whose text is only markup still count as written if they hold one of these.
_CONTENT_MARKERS = re.compile(r"<(table|img|figure)\b|data-live", re.IGNORECASE)


def is_blank_html(html: str) -> bool:
    """True when the HTML shows nothing a reader would see as written text."""
    if not html:
        return True
    if _CONTENT_MARKERS.search(html):
        return False
    return not strip_tags(html).replace("&nbsp;", " ").replace("\xa0", " ").strip()


def report_snapshot(report: Report, *, freeze=None) -> dict:
    """The report as a version holds it (the same shape as boards.papers.services.reports saves).

    `freeze`, if given, is applied to each section's HTML (publishing passes the function that
    replaces live data blocks by their current figures)."""
    sections = snapshot_sections(report)
    if freeze is not None:
        sections = [{**section, "html": freeze(section["html"])} for section in sections]
    return {
        "header": header_values(report),
        "exempt": report.exempt,
        "exempt_paragraph": report.exempt_paragraph,
        "sections": sections,
        "young_people_summary": report.young_people_summary,
    }


def latest_version_number(report: Report) -> int:
    return report.versions.aggregate(top=Max("number"))["top"] or 0


def _lock(report: Report) -> Report:
    """The report row, locked for this transaction, so two reviewers cannot both act on it."""
    # of=("self",): PostgreSQL cannot lock the nullable side of the board join, nor need to.
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("template", "board")
        .get(pk=report.pk)
    )


def report_comment_add(*, report: Report, by, text: str) -> ReportComment:
    """A comment in the clearance discussion, against the version the report is at now."""
    comment = ReportComment(
        organisation_id=report.organisation_id,
        report=report,
        author=by,
        text=text.strip(),
        version_number=latest_version_number(report) or None,
    )
    comment.save()
    return comment


def _comment(report: Report, by, note: str) -> ReportComment | None:
    """The note given with a step, as a comment; none when the note is blank."""
    if not (note or "").strip():
        return None
    return report_comment_add(report=report, by=by, text=note)


def _set_status(report: Report, status: str, *, by=None) -> None:
    """Move the report (or, while one is open, its correction) to `status`."""
    correction = report.open_correction
    if correction is None:
        report.status = status
        report.save(update_fields=["status", "updated"])
        return
    correction.status = status
    fields = ["status"]
    if status == ReportCorrection.Status.CLEARED:
        correction.cleared_by, correction.cleared_at = by, timezone.now()
        fields += ["cleared_by", "cleared_at"]
    correction.save(update_fields=fields)


def _refuse_own_report(report: Report, by) -> None:
    if report.author_id is not None and report.author_id == by.pk:
        raise PermissionDenied("Someone else must review your own report.")


def missing_for_submission(report: Report) -> list[str]:
    """What must be written before the report can go for clearance, as messages."""
    problems = []
    if report.template.requires_young_people_summary and not report.young_people_summary.strip():
        problems.append(SUMMARY_MISSING)
    written = {rs.section_id: rs.html for rs in report.sections.all()}
    empty = [
        section.heading
        for section in report.template.sections.filter(required=True).order_by("position", "pk")
        if is_blank_html(written.get(section.pk, ""))
    ]
    if len(empty) == 1:
        problems.append(f"Write the {empty[0]} section before sending the report for clearance")
    elif empty:
        names = ", ".join(empty[:-1]) + f" and {empty[-1]}"
        problems.append(f"Write the {names} sections before sending the report for clearance")
    return problems


@transaction.atomic
def report_submit(*, report: Report, by, membership, note: str = "") -> Report:
    """Send a draft (or a report with changes requested) for clearance."""
    report = _lock(report)
    if not may_submit(membership, report):
        raise PermissionDenied("Only the report's author or a report writer can send it.")
    if report.stage not in (Status.DRAFT, Status.CHANGES_REQUESTED):
        raise ValidationError(
            "Only a draft, or a report with changes requested, can be sent for clearance."
        )
    problems = missing_for_submission(report)
    if problems:
        raise ValidationError(problems)
    _set_status(report, Status.SUBMITTED)
    _comment(report, by, note)
    return report


def _check_review(report: Report, by, membership) -> None:
    if membership is None or not membership.can(Capability.CLEAR_REPORTS):
        raise PermissionDenied("Only a reviewer can clear a report.")
    _refuse_own_report(report, by)
    if report.stage != Status.SUBMITTED:
        raise ValidationError("Only a report sent for clearance can be reviewed.")


@transaction.atomic
def report_request_changes(*, report: Report, by, membership, note: str) -> Report:
    """Send the report back to its author, saying what needs to change."""
    report = _lock(report)
    _check_review(report, by, membership)
    if not (note or "").strip():
        raise ValidationError("Say what needs to change before the report can be cleared")
    _set_status(report, Status.CHANGES_REQUESTED)
    _comment(report, by, note)
    return report


@transaction.atomic
def report_clear(*, report: Report, by, membership, note: str = "") -> Report:
    """Clear the report for publication."""
    report = _lock(report)
    _check_review(report, by, membership)
    _set_status(report, Status.CLEARED, by=by)
    _comment(report, by, note)
    return report


def publishable_meetings(report: Report, *, as_of=None):
    """Upcoming meetings the report may go to: of its board if it has one, not cancelled, and
    whose minutes are not yet approved. `as_of` asks as if it were then (loading past
    records, as the demo does); the views never pass it."""
    meetings = (
        Meeting.objects.for_organisation(report.organisation_id)
        .upcoming(as_of)
        .filter(status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED])
        .select_related("board")
    )
    if report.board_id:
        meetings = meetings.filter(board_id=report.board_id)
    return meetings


# Items a report may be put on: not procedural items or the work programme.
REPORT_KINDS = [AgendaItem.Kind.REPORT, AgendaItem.Kind.OTHER]


def open_items(meetings):
    """Agenda items of `meetings` that can take a report: of a report kind, without one."""
    return (
        AgendaItem.objects.filter(meeting__in=meetings, kind__in=REPORT_KINDS, report__isnull=True)
        .select_related("meeting__board")
        .order_by("meeting__starts_at", "position", "pk")
    )


def _new_item(report: Report, meeting: Meeting) -> AgendaItem:
    item = AgendaItem(
        organisation_id=meeting.organisation_id,
        meeting=meeting,
        position=next_position(meeting),
        number=str(meeting.items.count() + 1),
        title=report.title,
        purpose=f"To receive a report from {report.report_from}" if report.report_from else "",
        kind=AgendaItem.Kind.REPORT,
        exempt=report.exempt,
        exempt_paragraph=report.exempt_paragraph if report.exempt else None,
    )
    item.full_clean()
    item.save()
    return item


def _attach_item(report: Report, item: AgendaItem, *, as_of=None) -> AgendaItem:
    """An existing item: exempt if either is, so an exempt report never sits on a public item
    and a report on an exempt item is never public."""
    if item.organisation_id != report.organisation_id:
        raise ValidationError("Choose an agenda item of one of your meetings.")
    upcoming = publishable_meetings(report, as_of=as_of).filter(pk=item.meeting_id).exists()
    if not upcoming or item.kind not in REPORT_KINDS:
        raise ValidationError("Choose an agenda item of an upcoming meeting.")
    if AgendaItem.objects.filter(pk=item.pk, report__isnull=False).exists():
        raise ValidationError("That agenda item already has a report. Choose another.")
    if report.exempt and not item.exempt:
        item.exempt = True
        item.exempt_paragraph = report.exempt_paragraph
        item.save(update_fields=["exempt", "exempt_paragraph"])
    return item


@transaction.atomic
def report_publish(
    *,
    report: Report,
    by,
    membership,
    meeting: Meeting | None = None,
    item=None,
    note: str = "",
    as_of=None,
) -> Report:
    """Put a cleared report on an agenda: on `item` (an existing item without a report), or on
    a new item at the end of `meeting`'s agenda. Then keep its final version, frozen."""
    from boards.papers.live_blocks import freeze_live_blocks

    report = _lock(report)
    if not may_publish(membership, report):
        raise PermissionDenied("Only a clerk can publish a report.")
    if report.status != Status.CLEARED:
        raise ValidationError("Only a cleared report can be published.")
    if (meeting is None) == (item is None):
        raise ValidationError("Choose a meeting, or an agenda item, for the report.")
    if item is not None:
        item = (
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("meeting__board")
            .get(pk=item.pk)
        )
        item = _attach_item(report, item, as_of=as_of)
    else:
        if not publishable_meetings(report, as_of=as_of).filter(pk=meeting.pk).exists():
            raise ValidationError("Choose an upcoming meeting for the report.")
        item = _new_item(report, meeting)
    if item.exempt:  # the exclusion of the press and public goes before the first exempt item
        exclusion_sync(meeting=item.meeting)

    if item.exempt and not report.exempt:
        report.exempt = True
        report.exempt_paragraph = item.exempt_paragraph
    if report.board_id is None:
        report.board = item.meeting.board
    report.agenda_item = item
    report.status = Status.PUBLISHED
    report.save()

    organisation = report.organisation
    version = ReportVersion(
        organisation_id=report.organisation_id,
        report=report,
        number=latest_version_number(report) + 1,
        saved_by=by,
        snapshot=report_snapshot(
            report, freeze=lambda html: freeze_live_blocks(html, organisation=organisation)
        ),
        frozen=True,
    )
    version.save()
    _comment(report, by, note)
    return report


# Correcting a published report ---------------------------------------------------------------

REASON_REQUIRED = "Say why the published report needs correcting"
SUMMARY_REQUIRED = (
    'Say what changes, as the pack cover will print it, for example "paragraph 2.3 corrected"'
)


def latest_frozen_version(report: Report) -> ReportVersion | None:
    return report.versions.filter(frozen=True).order_by("-number").first()


@transaction.atomic
def correction_start(
    *, report: Report, by, membership, reason: str, summary: str
) -> ReportCorrection:
    """Open a correction of a published report: the author or a report writer, with the
    reason (kept, and written as a comment) and the summary the next pack's cover prints. The
    report stays published as it is until the correction is re-published."""
    report = _lock(report)
    if not may_submit(membership, report):
        raise PermissionDenied("Only the report's author or a report writer can correct it.")
    if report.status != Status.PUBLISHED:
        raise ValidationError("Only a published report is corrected: change the draft instead.")
    if report.open_correction is not None:
        raise ValidationError(
            "A correction of this report is already in progress: carry on with that one."
        )
    reason, summary = (reason or "").strip(), " ".join((summary or "").split())
    checks = ((reason, REASON_REQUIRED), (summary, SUMMARY_REQUIRED))
    problems = [message for value, message in checks if not value]
    if problems:
        raise ValidationError(problems)
    correction = ReportCorrection(
        organisation_id=report.organisation_id,
        report=report,
        reason=reason,
        summary=summary,
        base_version=latest_frozen_version(report),
        sections_at_start={str(rs.section_id): rs.html for rs in report.sections.all()},
        started_by=by,
    )
    correction.save()
    report_comment_add(report=report, by=by, text=f"Correction started ({summary}): {reason}")
    return correction


def _corrected_sections(report: Report, correction: ReportCorrection, organisation) -> list:
    """The sections to freeze: a section left as it was when the correction began keeps its
    published (frozen) text and figures; a changed one is frozen anew, as at publishing."""
    from boards.papers.live_blocks import freeze_live_blocks

    base = (correction.base_version.snapshot or {}) if correction.base_version_id else {}
    frozen_before = {
        str(section.get("section")): section.get("html", "")
        for section in base.get("sections", [])
        if section.get("section") is not None
    }
    started = correction.sections_at_start or {}
    sections = []
    for section in snapshot_sections(report):
        key = str(section["section"])
        if key in frozen_before and started.get(key) == section["html"]:
            html = frozen_before[key]
        else:
            html = freeze_live_blocks(section["html"], organisation=organisation)
        sections.append({**section, "html": html})
    return sections


def _apply_appendix_changes(report: Report) -> None:
    """The appendix changes the correction made, now published: removed ones go, replaced
    files take their place (the old files once this commits), added ones join the packs."""
    Pending = ReportAppendix.Pending
    for appendix in report.appendices.exclude(pending=Pending.NONE):
        old = None
        if appendix.pending == Pending.REMOVE:
            old = appendix.file
            appendix.delete()
        else:
            if appendix.pending == Pending.REPLACE:
                old, appendix.file = appendix.file, appendix.replacement
                appendix.replacement = ""
            appendix.pending = Pending.NONE
            appendix.save()
        if old:
            transaction.on_commit(lambda old=old: old.storage.delete(old.name))


@transaction.atomic
def correction_publish(*, report: Report, by, membership, note: str = "") -> Report:
    """Re-publish a cleared correction in place (the same agenda item): a new frozen version,
    the appendix changes applied, the correction marked published. The clerk then re-issues
    the pack, whose new edition names the change on its cover."""
    report = _lock(report)
    if not may_publish(membership, report):
        raise PermissionDenied("Only a clerk can publish a correction.")
    correction = report.open_correction
    if correction is None or correction.status != ReportCorrection.Status.CLEARED:
        raise ValidationError("Only a cleared correction can be published.")
    version = ReportVersion(
        organisation_id=report.organisation_id,
        report=report,
        number=latest_version_number(report) + 1,
        saved_by=by,
        snapshot={
            **report_snapshot(report),
            "sections": _corrected_sections(report, correction, report.organisation),
        },
        frozen=True,
    )
    version.save()
    _apply_appendix_changes(report)
    correction.status = ReportCorrection.Status.PUBLISHED
    correction.published_by, correction.published_at = by, timezone.now()
    correction.version = version
    correction.save(update_fields=["status", "published_by", "published_at", "version"])
    report.save(update_fields=["updated"])
    _comment(report, by, note)
    return report


@transaction.atomic
def correction_withdraw(*, report: Report, by, membership) -> Report:
    """Abandon the open correction: the text goes back to the published version's and the
    appendix changes are dropped. Those who may start a correction may withdraw it."""
    report = _lock(report)
    if not may_submit(membership, report):
        raise PermissionDenied("Only the report's author or a report writer can withdraw it.")
    correction = report.open_correction
    if correction is None:
        raise ValidationError("This report has no correction in progress.")
    started = correction.sections_at_start or {}
    for section in report.sections.all():
        html = started.get(str(section.section_id))
        if html is not None and html != section.html:
            section.html = html
            section.save()
    base = (correction.base_version.snapshot or {}) if correction.base_version_id else {}
    header = base.get("header", {})
    for name in ("title", "reference", "report_from", "contact_name", "telephone", "email"):
        if name in header:
            setattr(report, name, header[name])
    if "young_people_summary" in base:
        report.young_people_summary = base["young_people_summary"]
    report.revision += 1
    report.save()
    Pending = ReportAppendix.Pending
    for appendix in report.appendices.exclude(pending=Pending.NONE):
        dropped = appendix.replacement if appendix.pending == Pending.REPLACE else None
        if appendix.pending == Pending.ADD:
            dropped = appendix.file
            appendix.delete()
        else:
            appendix.pending, appendix.replacement = Pending.NONE, ""
            appendix.save()
        if dropped:
            transaction.on_commit(lambda f=dropped: f.storage.delete(f.name))
    correction.status = ReportCorrection.Status.WITHDRAWN
    correction.save(update_fields=["status"])
    report_comment_add(report=report, by=by, text=f"Correction withdrawn ({correction.summary}).")
    return report


# Comparing versions -------------------------------------------------------------------------

_BLOCK_END = re.compile(
    r"<br\s*/?>|</(p|li|h[1-6]|tr|td|th|div|blockquote|caption|figcaption|dt|dd)>",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")


def text_units(html: str) -> list[tuple[int, str]]:
    """The text of `html` as (paragraph number, sentence) pairs, tags stripped: the units a
    comparison marks as added or removed."""
    text = html_unescape(strip_tags(_BLOCK_END.sub("\n", html or "")))
    units = []
    paragraphs = [" ".join(line.split()) for line in text.replace("\xa0", " ").splitlines()]
    for number, paragraph in enumerate(p for p in paragraphs if p):
        units += [(number, sentence) for sentence in _SENTENCE_END.split(paragraph)]
    return units


def _side(units, marks) -> list[list[tuple[str, str]]]:
    """Regroup marked sentences into paragraphs: a list of paragraphs of (mark, sentence)."""
    paragraphs: dict[int, list] = {}
    for (number, sentence), mark in zip(units, marks, strict=True):
        paragraphs.setdefault(number, []).append((mark, sentence))
    return list(paragraphs.values())


def compare_texts(old_html: str, new_html: str) -> dict:
    """Two texts side by side, sentence by sentence: what the newer one removed ("del") and
    added ("ins"); unchanged sentences are marked "". Only the text is compared, not markup."""
    old, new = text_units(old_html), text_units(new_html)
    old_marks, new_marks = [""] * len(old), [""] * len(new)
    matcher = difflib.SequenceMatcher(a=[s for _, s in old], b=[s for _, s in new], autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            old_marks[a1:a2] = ["del"] * (a2 - a1)
        if tag in ("insert", "replace"):
            new_marks[b1:b2] = ["ins"] * (b2 - b1)
    return {
        "old": _side(old, old_marks),
        "new": _side(new, new_marks),
        "changed": any(old_marks) or any(new_marks),
    }


HEADER_LABELS = dict(ReportTemplate.HEADER_FIELDS)


def _header_text(header) -> str:
    if isinstance(header, dict):
        lines = [f"{HEADER_LABELS.get(k, k)}: {v}" for k, v in header.items() if v]
    else:  # a list of [label, value] pairs
        lines = [f"{label}: {value}" for label, value in (header or []) if value]
    return "".join(f"<p>{html_escape(line)}</p>" for line in lines)


def versions_compare(older: ReportVersion, newer: ReportVersion) -> list[dict]:
    """Each part of two versions (header, each section by heading, the young people's
    summary), side by side with the differences marked."""
    a, b = older.snapshot or {}, newer.snapshot or {}
    parts = [("Header", _header_text(a.get("header")), _header_text(b.get("header")))]
    old_sections = {s.get("heading", ""): s.get("html", "") for s in a.get("sections", [])}
    new_sections = {s.get("heading", ""): s.get("html", "") for s in b.get("sections", [])}
    headings = list(new_sections) + [h for h in old_sections if h not in new_sections]
    parts += [(h, old_sections.get(h, ""), new_sections.get(h, "")) for h in headings]
    summary = "Summary for young people"
    old_summary = html_escape(a.get("young_people_summary", "") or "").replace("\n", "<br>")
    new_summary = html_escape(b.get("young_people_summary", "") or "").replace("\n", "<br>")
    if old_summary or new_summary:
        parts.append((summary, old_summary, new_summary))
    return [
        {
            "heading": heading,
            "only_old": heading in old_sections and heading not in new_sections,
            "only_new": heading in new_sections and heading not in old_sections,
            **compare_texts(old_html, new_html),
        }
        for heading, old_html, new_html in parts
    ]
