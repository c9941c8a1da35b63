"""Real Chromium, signed out: from the sign-in page to the council's public home, to a board
meeting, downloading the public agenda pack and one public paper (each opened with pypdf);
the members' pack is not linked, and its URLs refuse a signed-out visitor."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from boards.models import Meeting
from boards.papers.models import AgendaPack, Report
from boards.papers.services.packs import pack_request

from ..factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    OrganisationFactory,
    ReportFactory,
    ReportTemplateFactory,
    frozen_version,
)
from .test_accessibility import violations

pytestmark = pytest.mark.browser

EXEMPT_TITLE = "Placement of a named child"


@pytest.fixture
def meeting(transactional_db, tasks_in_process):
    OrganisationFactory(name="Elsewhere Borough Council", slug="elsewhere")
    shire = OrganisationFactory(name="Shire County Council", slug="shire")
    board = BoardFactory(organisation=shire, name="Corporate Parenting Board")
    meeting = MeetingFactory(
        board=board,
        starts_at=timezone.now() + timezone.timedelta(days=14),
        status=Meeting.Status.AGENDA_PUBLISHED,
        agenda_published_at=timezone.now(),
    )
    template = ReportTemplateFactory(organisation=shire)
    papers = [("2", "Pledge progress", "Okapi", False), ("3", EXEMPT_TITLE, "Narwhal", True)]
    for position, (number, title, marker, exempt) in enumerate(papers, start=1):
        item = AgendaItemFactory(
            meeting=meeting,
            position=position,
            number=number,
            title=title,
            exempt=exempt,
            exempt_paragraph=1 if exempt else None,
        )
        report = ReportFactory(
            template=template,
            board=board,
            title=title,
            status=Report.Status.PUBLISHED,
            exempt=exempt,
            exempt_paragraph=1 if exempt else None,
            agenda_item=item,
        )
        frozen_version(report, f"<p>{marker} finding.</p>")
    for kind in AgendaPack.Kind.values:
        pack_request(meeting=meeting, kind=kind, by=None)
    assert set(meeting.packs.values_list("state", flat=True)) == {"ready"}
    return meeting


def _pdf_text(download):
    reader = PdfReader(download.path())
    return len(reader.pages), "\n".join(page.extract_text() or "" for page in reader.pages)


def test_signed_out_from_the_sign_in_page_to_the_public_pack_and_a_paper(
    meeting, page, live_server
):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/")  # sent to sign in

    page.get_by_role("link", name="read the pledge and the meeting papers").click()
    page.get_by_role("link", name="Shire County Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shire County Council")
    page.get_by_role("link", name="Board meetings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Board meetings")
    expect(page.get_by_test_id("papers-link")).to_have_count(1)
    assert violations(page) == [], "public meetings"
    page.get_by_test_id("upcoming").get_by_role("link", name=re.compile("^Corporate")).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Corporate Parenting Board")
    papers = page.get_by_test_id("public-papers")
    assert violations(page) == [], "public meeting with papers"
    pack_link = papers.get_by_role("link", name=re.compile(r"^Agenda pack, edition 1 \(PDF, "))
    expect(pack_link).to_have_text(re.compile(r"\(PDF, \d+ KB, \d+ pages\)$"))
    with page.expect_download() as pack_download:
        pack_link.click()
    pages, text = _pdf_text(pack_download.value)
    assert f"{pages} pages)" in pack_link.inner_text()
    assert "Okapi finding." in text and "Narwhal" not in text

    paper_link = papers.get_by_role("link", name=re.compile(r"^Agenda Item 2: Pledge progress"))
    with page.expect_download() as paper_download:
        paper_link.click()
    pages, text = _pdf_text(paper_download.value)
    assert f"{pages} page" in paper_link.inner_text()
    assert "Okapi finding." in text

    # The members' pack and the exempt paper: not linked, not named.
    expect(page.locator("body")).not_to_contain_text("Members")
    expect(page.locator("body")).not_to_contain_text(EXEMPT_TITLE)
    expect(papers.get_by_role("link")).to_have_count(2)
    assert problems == []

    # And their URLs refuse: the members' download sends to sign in, showing nothing of it.
    members = meeting.packs.get(kind=AgendaPack.Kind.MEMBERS)
    page.goto(f"{live_server.url}{reverse('papers:pack_download', args=[members.pk])}")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(EXEMPT_TITLE)
    public_url = reverse("papers_public:pack", args=["shire", meeting.pk, members.pk])
    response = page.request.get(f"{live_server.url}{public_url}")
    assert response.status == 404
    assert EXEMPT_TITLE not in response.text()
