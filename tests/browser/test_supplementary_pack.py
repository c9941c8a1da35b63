"""Real Chromium: the clerk publishes a meeting's pack, a paper arrives late, the clerk adds
it as a supplementary pack; a councillor finds both on the meeting page and downloads the
supplement, which holds the late paper and nothing else."""

import re
from io import BytesIO

import pytest
from django.db.models import Count
from playwright.sync_api import expect
from pypdf import PdfReader

from boards.models import AgendaItem, Meeting
from boards.papers.models import Report, ReportTemplate

from ..factories import frozen_version

pytestmark = pytest.mark.browser


def _publish_late_paper(meeting, marker):
    """A late item on the agenda, with its report published onto it."""
    last = meeting.items.order_by("-position").first()
    item = AgendaItem.objects.create(
        organisation=meeting.organisation,
        meeting=meeting,
        position=last.position + 1,
        number="99",
        title="Late paper on placements",
    )
    template = ReportTemplate.objects.filter(organisation=meeting.organisation).first()
    report = Report.objects.create(
        organisation=meeting.organisation,
        template=template,
        board=meeting.board,
        title=f"{marker} late report",
        status=Report.Status.PUBLISHED,
        agenda_item=item,
    )
    frozen_version(report, "".join(f"<p>{marker} finding {n}.</p>" for n in range(12)))
    return item


def test_a_late_paper_goes_out_as_a_supplementary_pack(
    demo, page, sign_in, live_server, tasks_in_process
):
    meeting = (
        Meeting.objects.filter(organisation__slug="hampshire-demo")
        .annotate(n=Count("items"))
        .order_by("-n", "starts_at")
        .first()
    )
    meeting_url = f"{live_server.url}{meeting.get_absolute_url()}"
    sign_in("clerk@example.org")
    page.goto(meeting_url)
    page.get_by_role("button", name="Publish the public pack").click()
    expect(page.get_by_test_id("pack-download")).to_be_visible()

    item = _publish_late_paper(meeting, "Quetzal")
    page.goto(meeting_url)
    expect(page.get_by_role("button", name="Re-issue the public pack")).to_be_visible()
    page.get_by_test_id("supplement-public").click()
    expect(
        page.get_by_role("heading", name=re.compile("Public supplementary pack 1"))
    ).to_be_visible()
    expect(page.get_by_test_id("pack-download")).to_be_visible()
    # Asked again with nothing late, the clerk is told why and nothing is made.
    page.goto(meeting_url)
    page.get_by_test_id("supplement-public").click()
    expect(page.get_by_text("already in the pack or a supplement")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in("councillor@example.org")
    page.goto(meeting_url)
    packs = page.get_by_test_id("packs")
    expect(packs.get_by_role("link", name=re.compile("public pack"))).to_be_visible()
    with page.expect_download() as download:
        packs.get_by_role("link", name=re.compile("supplementary pack 1")).click()
    reader = PdfReader(BytesIO(download.value.path().read_bytes()))
    texts = [p.extract_text() for p in reader.pages]
    assert "SUPPLEMENTARY AGENDA" in texts[0]
    assert "Quetzal finding 3." in "\n".join(texts)
    assert f"Agenda Item {item.number}" in texts[2]
    assert sum("Quetzal" in t for t in texts[2:]) == len(texts) - 2
