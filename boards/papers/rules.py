"""Who may do what with a board paper: each per-object rule once, for views, services,
templates and the pack's mailing list alike.

Capabilities (corporate_parenting.roles) say what a role may do at all; these rules add what
the object says: its author, its status, whether it is exempt (Schedule 12A) and whether
its board lets co-opted members read exempt items (boards.selectors.can_view_exempt).

Reading a report is two rules, declared as two annotations that `reports_with_access()` adds
to a queryset, so the report list and every report page ask the database the same question:
- `not_hidden`, the exempt rule. Failing it is a 404: not even the report's existence shows.
- `readable`, the role rule. Failing it is a 403.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q

from boards.selectors import can_view_exempt
from corporate_parenting.roles import Capability, Role

from .models import AgendaPack, Report

EVERY_REPORT = Q(pk__isnull=False)


def _is_author(membership, report) -> bool:
    return report.author_id is not None and report.author_id == membership.user_id


# Reading a report ---------------------------------------------------------------------------


def _report_not_hidden(membership) -> Q:
    """The exempt rule for board reports (failing it is a 404: not even its existence shows).
    Its author always; an exempt report only for those who may read its board's exempt items
    (no board yet: holders of VIEW_EXEMPT)."""
    if membership.can(Capability.VIEW_EXEMPT):
        return EVERY_REPORT
    visible = Q(author_id=membership.user_id) | Q(exempt=False)
    if membership.role == Role.COOPTED:
        visible |= Q(board__coopted_see_exempt=True)
    return visible


def _report_readable(membership) -> Q:
    """The role rule (failing it is a 403). Before publication a draft is its author's and
    the clearers' business (those who may review and clear reports). Once published, its
    author, the officers and every member who sees boards read it."""
    if membership.can(Capability.CLEAR_REPORTS):
        return EVERY_REPORT
    readable = Q(author_id=membership.user_id)
    if membership.can(Capability.DRAFT_REPORTS) or membership.can(Capability.VIEW_BOARDS):
        readable |= Q(status=Report.Status.PUBLISHED)
    return readable


def reports_with_access(membership, queryset=None):
    """Reports of the member's organisation, each marked `not_hidden` and `readable` by the
    two rules above: the one place they are declared, for the list and every page alike."""
    queryset = Report.objects.all() if queryset is None else queryset
    return queryset.filter(organisation=membership.organisation).annotate(
        not_hidden=ExpressionWrapper(_report_not_hidden(membership), BooleanField()),
        readable=ExpressionWrapper(_report_readable(membership), BooleanField()),
    )


def readable_reports(membership, queryset=None):
    """The reports this member may open: what the report list shows."""
    return reports_with_access(membership, queryset).filter(not_hidden=True, readable=True)


# Acting on a report -------------------------------------------------------------------------


def _started_correction(membership, report) -> bool:
    correction = report.open_correction
    return correction is not None and correction.started_by_id == membership.user_id


def may_edit(membership, report) -> bool:
    """Change its text: its author or an administrator, who draft reports, while it is a
    draft or has changes requested; also whoever started the correction of a published
    report, while that correction is being written."""
    return (
        membership.can(Capability.DRAFT_REPORTS)
        and report.is_editable
        and (
            _is_author(membership, report)
            or membership.role == Role.ADMINISTRATOR
            or _started_correction(membership, report)
        )
    )


def may_correct(membership, report) -> bool:
    """Start (or withdraw) a correction of a published report: as for sending it for
    clearance, its author or a report writer."""
    return may_submit(membership, report)


def may_submit(membership, report) -> bool:
    """Send it for clearance: a report writer, or its author."""
    return membership is not None and (
        membership.can(Capability.DRAFT_REPORTS) or _is_author(membership, report)
    )


def may_review(membership, report) -> bool:
    """Request changes or clear: a holder of CLEAR_REPORTS who is not the report's author."""
    return (
        membership is not None
        and membership.can(Capability.CLEAR_REPORTS)
        and not _is_author(membership, report)
    )


def may_discuss(membership, report) -> bool:
    """Comment on it and see its versions: those who draft and those who clear reports."""
    return membership.can(Capability.DRAFT_REPORTS) or membership.can(Capability.CLEAR_REPORTS)


def may_publish(membership, report=None) -> bool:
    """Publish a cleared report onto an agenda item: the clerks."""
    return membership is not None and membership.can(Capability.CLERK_MEETINGS)


# Packs --------------------------------------------------------------------------------------


def may_read_pack(membership, pack) -> bool:
    """The public pack is for every member who sees boards; the members' pack (with the
    exempt papers) only for those who may read its board's exempt items."""
    if pack.kind == AgendaPack.Kind.MEMBERS:
        return can_view_exempt(membership, pack.meeting.board)
    return True
