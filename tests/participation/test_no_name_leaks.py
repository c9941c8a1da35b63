"""Acceptance (issue 14): unapproved or unredacted feedback never reaches a public output.

A distinctive name is planted in an unapproved item's words AND in an approved item's `text`
(whose checked `public_text` has it removed). Every output that leaves the officers' view is
then searched: the public page, the district and group pages as a councillor and as a
co-opted member, the district and group sheets and the quarterly newsletter (PDFs made by the
task and read back with pypdf), both report blocks live and frozen, and the agenda pack PDF
printing a report with the blocks. The name appears nowhere. Hostile text is escaped."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from boards.papers.live_blocks import (
    PARTICIPATION_EVENTS,
    YOU_SAID_WE_DID,
    freeze_live_blocks,
    placeholder,
    render_live_blocks,
)
from boards.papers.models import AgendaPack
from participation.models import LoopSheet
from participation.outputs import quarter_of

from ..access import client_for
from ..factories import DistrictFactory
from .factories import AttendanceFactory, EventFactory, ThemeFactory, YouthGroupFactory
from .test_outputs import approved, respond, unapproved
from .test_outputs_blocks import published_report

pytestmark = pytest.mark.django_db

FIRST, SURNAME = "Zephyrine", "Quackenbush"
NAME = f"{FIRST} {SURNAME}"
HOSTILE = "<script>alert('loop')</script>"


@pytest.fixture
def eager():
    from corporate_parenting.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def planted(world):
    org = world.organisation
    today = timezone.localdate()
    district = DistrictFactory(organisation=org, name="Test Valley")
    group = YouthGroupFactory(organisation=org, name="Care Ambassadors")
    event = EventFactory(organisation=org, group=group, date=today)
    event.districts.set([district])
    AttendanceFactory(event=event, district=district, count=12)
    theme = ThemeFactory(organisation=org, name="Where you live")
    secret = unapproved(
        org, f"{NAME} is the best carer", themes=[theme], district=district, event=event
    )
    checked = approved(
        org,
        "[name removed] has the biggest heart",
        text=f"{NAME} has the biggest heart",
        themes=[theme],
        district=district,
        event=event,
        said_on=today,
    )
    hostile = approved(org, HOSTILE, themes=[theme], district=district, event=event, said_on=today)
    respond([secret, checked, hostile], "We thanked your carers at the awards evening")
    blocks = placeholder(
        PARTICIPATION_EVENTS, start=quarter_of(today)[0].isoformat(), end=today.isoformat()
    ) + placeholder(YOU_SAID_WE_DID, theme_id=theme.pk)
    return {"district": district, "group": group, "theme": theme, "blocks": blocks}


def assert_clean(text: str, where: str, *, html=True):
    flat = " ".join(text.split())
    assert FIRST not in flat and SURNAME not in flat, f"the planted name reached {where}"
    assert "biggest heart" in flat, f"{where} does not show the approved item at all"
    if html:
        assert "<script>alert" not in text, f"hostile text is not escaped on {where}"


def pdf_text(sheet) -> str:
    with sheet.pdf.open("rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_the_planted_name_reaches_no_public_output(
    world, planted, eager, django_capture_on_commit_callbacks
):
    org = world.organisation
    district, group = planted["district"], planted["group"]

    # The public page, signed out: all, by district, by group.
    public = reverse("participation_public:you_said_we_did", args=[org.slug])
    for query in ({}, {"district": district.pk}, {"group": group.pk}):
        response = client_for(None).get(public, query)
        assert response.status_code == 200
        assert_clean(response.content.decode(), f"the public page {query}")

    # The district and group pages, as a councillor and as a co-opted member.
    for member in (world.councillor, world.young_member):
        for url in (
            reverse("participation:you_said_district", args=[district.pk]),
            reverse("participation:you_said_group", args=[group.pk]),
        ):
            response = client_for(member).get(url)
            assert response.status_code == 200
            assert_clean(response.content.decode(), f"{url} as {member}")

    # The sheets and the newsletter, made by the task and read back.
    client = client_for(world.participation_officer)
    period = {
        "start": quarter_of(timezone.localdate())[0].isoformat(),
        "end": timezone.localdate().isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("participation:you_said_district_pdf", args=[district.pk]), period)
        client.post(reverse("participation:you_said_group_pdf", args=[group.pk]), period)
        client.post(reverse("participation:newsletter_request"), {"quarter": period["start"]})
    sheets = list(LoopSheet.objects.all())
    assert {s.kind for s in sheets} == {"district", "group", "newsletter"}
    for sheet in sheets:
        assert sheet.state == LoopSheet.State.READY, sheet.error
        text = pdf_text(sheet)
        assert_clean(text, f"the {sheet.kind} PDF", html=False)
        assert "alert('loop')" in text  # printed as words, not run

    # Both report blocks, live and frozen.
    live = render_live_blocks(planted["blocks"], organisation=org)
    frozen = freeze_live_blocks(planted["blocks"], organisation=org)
    assert_clean(live, "the live blocks")
    assert_clean(frozen, "the frozen blocks")

    # The agenda pack printing a published report with both blocks.
    meeting, report = published_report(world, f"<p>Participation.</p>{planted['blocks']}")
    page = client_for(world.young_member).get(report.get_absolute_url()).content.decode()
    assert_clean(page, "the published report")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.clerk).post(
            reverse("papers:pack_request", args=[meeting.pk]), {"kind": "public"}
        )
    pack = AgendaPack.objects.filter(meeting=meeting, kind="public").latest("edition")
    assert pack.state == AgendaPack.State.READY, pack.error
    text = pdf_text(pack)
    assert_clean(text, "the agenda pack", html=False)
    assert "Test Valley" in text and "Figures as at" in " ".join(text.split())
