"""Access cases for drafting reports (boards/views/reports.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards.models import Report, ReportAppendix
from corporate_parenting.roles import Capability, Role, roles_with

from ..access import AccessCase
from ..boards.test_reports import edit_data, make_report, make_template
from ..factories import UserFactory

DRAFT = Capability.DRAFT_REPORTS
AUTHOR_OR_ADMINISTRATOR = [Role.OFFICER, Role.ADMINISTRATOR]


def _report_by_officer(w):
    w.last_report = make_report(w, author=w.officer)
    return w.last_report


def _report_by_someone_else(w):
    return make_report(w, author=UserFactory())


def _published_report(w):
    return make_report(w, author=UserFactory(), status=Report.Status.PUBLISHED)


def _appendix(w):
    report = make_report(w, author=w.officer)
    return ReportAppendix.objects.create(
        organisation=w.organisation, report=report, title="Appendix 1"
    )


def _pdf():
    return SimpleUploadedFile("a.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "application/pdf")


def url(name, make=None):
    if make is None:
        return lambda w: reverse(f"boards:{name}")
    return lambda w: reverse(f"boards:{name}", args=[make(w).pk])


CASES = [
    AccessCase(
        "boards:reports",  # those who draft (their own) and those who clear (everyone's)
        url("reports"),
        [Role.ADMINISTRATOR, Role.OFFICER, Role.CLERK, Role.PARTICIPATION_OFFICER],
    ),
    AccessCase("boards:report_create", url("report_create"), DRAFT),
    AccessCase(
        "boards:report_create (start)",
        url("report_create"),
        DRAFT,
        method="post",
        data=lambda w: {"template": make_template(w.organisation).pk, "title": "Bright Spots"},
    ),
    # Published: every member who sees boards, and the officers who draft or clear reports.
    AccessCase("boards:report", url("report", _published_report), list(Role), object_view=True),
    # Someone else's draft is for those who clear reports until it is published.
    AccessCase(
        "boards:report (draft)",
        url("report", _report_by_someone_else),
        roles_with(Capability.CLEAR_REPORTS),
        object_view=True,
    ),
    AccessCase(
        "boards:report_edit",
        url("report_edit", _report_by_officer),
        AUTHOR_OR_ADMINISTRATOR,
        object_view=True,
    ),
    AccessCase(
        "boards:report_edit (save)",
        url("report_edit", _report_by_officer),
        AUTHOR_OR_ADMINISTRATOR,
        method="post",
        data=lambda w: edit_data(w.last_report),
        object_view=True,
    ),
    AccessCase(
        "boards:report_appendix_add",
        url("report_appendix_add", _report_by_officer),
        AUTHOR_OR_ADMINISTRATOR,
        object_view=True,
    ),
    AccessCase(
        "boards:report_appendix_add (upload)",
        url("report_appendix_add", _report_by_officer),
        AUTHOR_OR_ADMINISTRATOR,
        method="post",
        data=lambda w: {"title": "Appendix 1", "file": _pdf()},
        object_view=True,
    ),
    AccessCase(
        "boards:report_appendix_delete",
        url("report_appendix_delete", _appendix),
        AUTHOR_OR_ADMINISTRATOR,
        method="post",
        object_view=True,
    ),
]
