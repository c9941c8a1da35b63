"""Access cases for drafting reports (boards/papers/views/reports.py)."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards.papers.models import Report, ReportAppendix, ReportCorrection
from corporate_parenting.roles import Capability, Role, roles_with

from ..access import AccessCase
from ..factories import UserFactory, pdf_bytes
from ..papers.test_reports import edit_data, make_report, make_template

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
    return SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf")


def _file_appendix(data, *, status=Report.Status.PUBLISHED):
    """A PDF appendix (readable or not) of a report by the officer."""

    def make(w):
        report = make_report(w, author=w.officer, status=status)
        appendix = ReportAppendix(organisation=w.organisation, report=report, title="Tables")
        appendix.file.save("tables.pdf", ContentFile(data), save=True)
        return appendix

    return make


def _appendix_under_correction(w):
    """An uploaded appendix of the officer's published report, with a correction open."""
    appendix = _file_appendix(pdf_bytes())(w)
    ReportCorrection.objects.create(
        organisation=w.organisation,
        report=appendix.report,
        reason="The tables were last year's.",
        summary="appendix 1 replaced",
        started_by=w.officer,
    )
    return appendix


BROKEN = b"%PDF-1.4\n<html><body>not a PDF</body></html>"
# An appendix that will not open: the clerk (who makes packs) or the report's author.
CLERKS_AND_AUTHOR = roles_with(Capability.CLERK_MEETINGS) | {Role.OFFICER}


def url(name, make=None):
    if make is None:
        return lambda w: reverse(f"papers:{name}")
    return lambda w: reverse(f"papers:{name}", args=[make(w).pk])


CASES = [
    AccessCase(
        "papers:reports",  # those who draft (their own) and those who clear (everyone's)
        url("reports"),
        [Role.ADMINISTRATOR, Role.OFFICER, Role.CLERK, Role.PARTICIPATION_OFFICER],
    ),
    AccessCase("papers:report_create", url("report_create"), DRAFT),
    AccessCase(
        "papers:report_create (start)",
        url("report_create"),
        DRAFT,
        method="post",
        data=lambda w: {"template": make_template(w.organisation).pk, "title": "Bright Spots"},
    ),
    # Published: every member who sees boards, and the officers who draft or clear reports.
    AccessCase("papers:report", url("report", _published_report), list(Role), object_view=True),
    # Someone else's draft is for those who clear reports until it is published.
    AccessCase(
        "papers:report (draft)",
        url("report", _report_by_someone_else),
        roles_with(Capability.CLEAR_REPORTS),
        object_view=True,
    ),
    AccessCase(
        "papers:report_edit",
        url("report_edit", _report_by_officer),
        AUTHOR_OR_ADMINISTRATOR,
        object_view=True,
    ),
    AccessCase(
        "papers:report_edit (save)",
        url("report_edit", _report_by_officer),
        AUTHOR_OR_ADMINISTRATOR,
        method="post",
        data=lambda w: edit_data(w.last_report),
        object_view=True,
    ),
    AccessCase(
        "papers:report_appendix_add",
        url("report_appendix_add", _report_by_officer),
        AUTHOR_OR_ADMINISTRATOR,
        object_view=True,
    ),
    AccessCase(
        "papers:report_appendix_add (upload)",
        url("report_appendix_add", _report_by_officer),
        AUTHOR_OR_ADMINISTRATOR,
        method="post",
        data=lambda w: {"title": "Appendix 1", "file": _pdf()},
        object_view=True,
    ),
    AccessCase(
        "papers:report_appendix_delete",
        url("report_appendix_delete", _appendix),
        AUTHOR_OR_ADMINISTRATOR,
        method="post",
        object_view=True,
    ),
    # Published: every member who sees boards, and those who draft or clear reports.
    AccessCase(
        "papers:report_appendix_download",
        url("report_appendix_download", _file_appendix(pdf_bytes())),
        list(Role),
        object_view=True,
    ),
    AccessCase(
        "papers:report_appendix_download (draft)",
        url("report_appendix_download", _file_appendix(pdf_bytes(), status=Report.Status.DRAFT)),
        roles_with(Capability.CLEAR_REPORTS),  # someone else's draft: its clearers
        object_view=True,
    ),
    AccessCase(
        "papers:report_appendix_fix",
        url("report_appendix_fix", _file_appendix(BROKEN)),
        CLERKS_AND_AUTHOR,
        object_view=True,
    ),
    AccessCase(
        "papers:report_appendix_fix (remove)",
        url("report_appendix_fix", _file_appendix(BROKEN)),
        CLERKS_AND_AUTHOR,
        method="post",
        data={"action": "remove"},
        object_view=True,
    ),
    # Through a correction of a published report: as for editing it.
    AccessCase(
        "papers:report_appendix_replace",
        url("report_appendix_replace", _appendix_under_correction),
        AUTHOR_OR_ADMINISTRATOR,
        object_view=True,
    ),
    AccessCase(
        "papers:report_appendix_replace (upload)",
        url("report_appendix_replace", _appendix_under_correction),
        AUTHOR_OR_ADMINISTRATOR,
        method="post",
        data=lambda w: {"file": _pdf()},
        object_view=True,
    ),
]
