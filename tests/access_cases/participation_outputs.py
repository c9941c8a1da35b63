"""Access cases for "You said, We did" (participation/views_outputs.py): every participation
role (VIEW_PARTICIPATION: all but the clerk) reads the district and group pages, asks for
their sheets and the newsletter, and follows and downloads them; anyone, signed in or not,
reads the public page."""

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from corporate_parenting.roles import Capability
from participation.models import LoopSheet

from ..access import AccessCase
from ..factories import DistrictFactory
from ..participation.factories import YouthGroupFactory

VIEW = Capability.VIEW_PARTICIPATION
PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
SMALL_PDF = "participation/sheets/access-case.pdf"


def _district(w):
    return DistrictFactory(organisation=w.organisation)


def _group(w):
    return YouthGroupFactory(organisation=w.organisation)


def _sheet(w, **fields):
    return LoopSheet.objects.create(
        organisation=w.organisation,
        kind=LoopSheet.Kind.NEWSLETTER,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        **fields,
    )


def _ready_sheet(w):
    if not default_storage.exists(SMALL_PDF):
        default_storage.save(SMALL_PDF, ContentFile(b"%PDF-1.7\n%%EOF\n"))
    sheet = _sheet(w, state=LoopSheet.State.READY)
    sheet.pdf.name = SMALL_PDF
    sheet.save(update_fields=["pdf"])
    return sheet


def _quarter(w):
    from participation.outputs import recent_quarters

    return {"quarter": recent_quarters()[0][0].isoformat()}


CASES = [
    AccessCase(
        "participation_public:you_said_we_did",
        lambda w: reverse("participation_public:you_said_we_did", args=[w.organisation.slug]),
        [],
        public=True,
        ok_statuses=(200,),
    ),
    AccessCase(
        "participation:you_said_index", lambda w: reverse("participation:you_said_index"), VIEW
    ),
    AccessCase(
        "participation:you_said_district",
        lambda w: reverse("participation:you_said_district", args=[_district(w).pk]),
        VIEW,
        object_view=True,
    ),
    AccessCase(
        "participation:you_said_district_pdf",
        lambda w: reverse("participation:you_said_district_pdf", args=[_district(w).pk]),
        VIEW,
        method="post",
        data=PERIOD,
        object_view=True,
    ),
    AccessCase(
        "participation:you_said_group",
        lambda w: reverse("participation:you_said_group", args=[_group(w).pk]),
        VIEW,
        object_view=True,
    ),
    AccessCase(
        "participation:you_said_group_pdf",
        lambda w: reverse("participation:you_said_group_pdf", args=[_group(w).pk]),
        VIEW,
        method="post",
        data=PERIOD,
        object_view=True,
    ),
    AccessCase("participation:newsletter", lambda w: reverse("participation:newsletter"), VIEW),
    AccessCase(
        "participation:newsletter_request",
        lambda w: reverse("participation:newsletter_request"),
        VIEW,
        method="post",
        data=_quarter,
    ),
    AccessCase(
        "participation:loop_sheet_status",
        lambda w: reverse("participation:loop_sheet_status", args=[_sheet(w).pk]),
        VIEW,
        object_view=True,
    ),
    AccessCase(
        "participation:loop_sheet_status (failed)",
        lambda w: reverse(
            "participation:loop_sheet_status",
            args=[_sheet(w, state=LoopSheet.State.FAILED, error="No fonts").pk],
        ),
        VIEW,
        object_view=True,
    ),
    AccessCase(
        "participation:loop_sheet_download",
        lambda w: reverse("participation:loop_sheet_download", args=[_ready_sheet(w).pk]),
        VIEW,
        object_view=True,
        ok_statuses=(200,),
    ),
]
