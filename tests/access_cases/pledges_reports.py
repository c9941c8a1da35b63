"""Access cases for the progress report: the page, asking for a PDF, its status and download.

A board paper holds officers' narratives, so all four need VIEW_PLEDGE_NARRATIVES: co-opted
members read the pledge in young people's words instead.
"""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from corporate_parenting.roles import Capability
from pledges.models import PledgeVersion, ProgressReport

from ..access import AccessCase
from ..factories import CommitmentFactory, PledgeVersionFactory, ProgressUpdateFactory, ThemeFactory

PERIOD = {"start": "2025-04-01", "end": "2025-09-30"}
# One small file, written once per MEDIA_ROOT (a temporary folder per test) and reused.
SMALL_PDF = "pledge-reports/access-case.pdf"


def _version(world):
    """World's organisation's adopted pledge (made once: the URL is built per visitor)."""
    version = PledgeVersion.objects.for_organisation(world.organisation).adopted().first()
    if version is None:
        version = PledgeVersionFactory(organisation=world.organisation, adopted=True)
        commitment = CommitmentFactory(theme=ThemeFactory(version=version))
        ProgressUpdateFactory(commitment=commitment, as_of=date(2025, 5, 1))
    return version


def _report(world, **fields):
    return ProgressReport.objects.create(
        organisation=world.organisation,
        version=_version(world),
        period_start=date(2025, 4, 1),
        period_end=date(2025, 9, 30),
        **fields,
    )


def _ready_report(world):
    if not default_storage.exists(SMALL_PDF):
        default_storage.save(SMALL_PDF, ContentFile(b"%PDF-1.7\n%%EOF\n"))
    report = _report(world, state=ProgressReport.State.READY)
    report.pdf.name = SMALL_PDF
    report.save(update_fields=["pdf"])
    return report


def _report_page(world):
    _version(world)
    return reverse("pledges:report") + "?start=2025-04-01&end=2025-09-30"


CASES = [
    AccessCase(
        "pledges:report", lambda w: reverse("pledges:report"), Capability.VIEW_PLEDGE_NARRATIVES
    ),
    AccessCase("pledges:report (a period)", _report_page, Capability.VIEW_PLEDGE_NARRATIVES),
    AccessCase(
        "pledges:report_request",
        lambda w: _version(w) and reverse("pledges:report_request"),
        Capability.VIEW_PLEDGE_NARRATIVES,
        method="post",
        data=PERIOD,
    ),
    AccessCase(
        "pledges:report_status",
        lambda w: reverse("pledges:report_status", args=[_report(w).pk]),
        Capability.VIEW_PLEDGE_NARRATIVES,
        object_view=True,
    ),
    AccessCase(
        "pledges:report_status (failed)",
        lambda w: reverse(
            "pledges:report_status",
            args=[_report(w, state=ProgressReport.State.FAILED, error="No fonts").pk],
        ),
        Capability.VIEW_PLEDGE_NARRATIVES,
        object_view=True,
    ),
    AccessCase(
        "pledges:report_download",
        lambda w: reverse("pledges:report_download", args=[_ready_report(w).pk]),
        Capability.VIEW_PLEDGE_NARRATIVES,
        object_view=True,
        ok_statuses=(200,),
    ),
]
