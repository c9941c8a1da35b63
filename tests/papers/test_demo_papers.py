"""The demo board's papers for 3 December 2018 (seed 002's pack): published through the report
services with frozen versions, one uploaded PDF appendix, exempt only where the item is,
loaded once, and fictional."""

from datetime import date
from io import BytesIO, StringIO

import pikepdf
import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from boards.models import AgendaItem
from boards.papers.demo import papers as demo_papers
from boards.papers.models import (
    AgendaPack,
    Report,
    ReportAppendix,
    ReportComment,
    ReportSection,
    ReportVersion,
)
from boards.papers.report_rendering import render_report
from boards.papers.sanitise import clean_html
from boards.papers.services.report_workflow import missing_for_submission, report_snapshot
from corporate_parenting.models import Organisation

from ..boards.test_demo import SEED_NAMES

pytestmark = pytest.mark.django_db

# Seed 002 also names officers, young people and a theatre company in its conference report.
MORE_SEED_NAMES = ["Moira", "Haley", "Kate and Jenny", "Bear Face", "Bearface", "Stephanie"]

# Agenda items of seed 002 that carried a report, less the work programme (a report may not go
# on a work programme item), and the demo's own exempt item.
ITEMS_WITH_PAPERS = {"6", "7", "8", "9", "10", "11", "14"}
# The sections each paper writes itself (the others keep the template's standard wording).
OWN_SECTIONS = {
    "Contextual information",
    "Performance",
    "Consultation and Equalities",
    "Conclusion",
}


def load_demo():
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def meeting(settings):
    settings.DEBUG = True
    load_demo()
    organisation = Organisation.objects.get(slug="hampshire-demo")
    return demo_papers.december_2018(organisation)


def papers(meeting):
    return (
        Report.objects.filter(agenda_item__meeting=meeting)
        .select_related("agenda_item", "template", "author")
        .order_by("agenda_item__position")
    )


def frozen(report):
    return report.versions.filter(frozen=True).get()


def test_the_december_2018_meeting_has_its_papers_published_with_frozen_versions(meeting):
    reports, with_tables = list(papers(meeting)), 0
    assert {r.agenda_item.number for r in reports} == ITEMS_WITH_PAPERS
    assert not AgendaItem.objects.filter(meeting=meeting, number="13", report__isnull=False)
    for report in reports:
        assert report.status == Report.Status.PUBLISHED
        assert report.template.name == "Hampshire County Council committee report"
        assert report.board == meeting.board
        assert report.title == report.agenda_item.title
        assert missing_for_submission(report) == []
        version = frozen(report)
        # The publication wrote the last version, frozen, as report_publish writes it.
        assert version.number == report.versions.count() > 2
        assert version.snapshot == report_snapshot(report)
        assert version.snapshot["header"]["date"] == "3 December 2018"
        assert version.snapshot["header"]["report_from"] == "Director of Children's Services"
        assert version.saved_by.email == "clerk@example.org"
        assert render_report(report).frozen
        # Drafted by an officer, cleared by someone else: never by the author.
        assert report.author.email in {"officer@example.org", "participation@example.org"}
        for section in report.sections.all():
            assert section.html == clean_html(section.html)
        written = "".join(
            s["html"] for s in version.snapshot["sections"] if s["heading"] in OWN_SECTIONS
        )
        assert "<table>" in written or "<ul>" in written, report.title
        with_tables += "<th" in written
    assert with_tables >= 5


def test_one_paper_was_sent_back_with_changes_before_it_was_cleared(meeting):
    bright_spots = papers(meeting).get(agenda_item__number="6")
    comments = list(bright_spots.comments.select_related("author"))
    assert [c.author.email for c in comments] == [
        "officer@example.org",  # sent for clearance
        "clerk@example.org",  # changes requested
        "officer@example.org",  # sent again
        "clerk@example.org",  # cleared
    ]
    first, revised = (
        bright_spots.versions.filter(frozen=False).order_by("-number")[i] for i in (1, 0)
    )
    performance = "Performance"
    old = next(s["html"] for s in first.snapshot["sections"] if s["heading"] == performance)
    new = next(s["html"] for s in revised.snapshot["sections"] if s["heading"] == performance)
    assert "Comparison group" not in old and "Comparison group" in new


def test_the_papers_carry_the_dates_of_november_2018_in_order(meeting):
    noted = 0
    for report in papers(meeting):
        created = timezone.localtime(report.created)
        assert date(2018, 11, 1) <= created.date() < date(2018, 11, 22)
        assert timezone.localtime(frozen(report).saved_at).date() == date(2018, 11, 22)
        saved = [v.saved_at for v in report.versions.order_by("number")]
        assert saved == sorted(saved) and saved[0] >= report.created
        for version in report.versions.all():
            assert timezone.localtime(version.saved_at).year == 2018
        comments = [c.created for c in report.comments.order_by("pk")]
        assert comments == sorted(comments)
        assert all(timezone.localtime(c).year == 2018 for c in comments)
        noted += len(comments)
    assert noted  # the clearance notes were written, and dated


def test_one_paper_has_an_uploaded_tagged_pdf_appendix(meeting):
    appendices = list(ReportAppendix.objects.filter(report__agenda_item__meeting=meeting))
    assert len(appendices) == 1
    appendix = appendices[0]
    assert appendix.report.agenda_item.number == "9"
    assert appendix.file and appendix.other_report is None
    with appendix.file.open("rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF")
    with pikepdf.open(BytesIO(data)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert str(pdf.Root.Lang) == "en-GB"
        assert "Participation Conference 2018" in str(pdf.docinfo.get("/Title", ""))
        assert 2 <= len(pdf.pages) <= 6


def test_no_paper_is_exempt_unless_its_agenda_item_is(meeting):
    for report in papers(meeting):
        assert report.exempt == report.agenda_item.exempt, report.title
        assert frozen(report).snapshot["exempt"] == report.exempt
    exempt = papers(meeting).get(exempt=True)
    assert exempt.agenda_item.number == "14"
    assert exempt.exempt_paragraph == exempt.agenda_item.exempt_paragraph
    public = set(Report.objects.public().filter(agenda_item__meeting=meeting))
    assert exempt not in public and len(public) == len(ITEMS_WITH_PAPERS) - 1


def test_loading_the_demo_again_creates_nothing_new(meeting):
    models = [Report, ReportSection, ReportVersion, ReportComment, ReportAppendix, AgendaItem]

    def counts():
        return [m.objects.for_organisation(meeting.organisation).count() for m in models]

    before = counts()
    load_demo()
    assert demo_papers.load(meeting.organisation) == list(
        Report.objects.for_organisation(meeting.organisation).filter(agenda_item__meeting=meeting)
    )
    assert counts() == before


def test_no_real_person_or_address_from_the_seeds_is_in_the_papers(meeting):
    texts = []
    for report in papers(meeting):
        snapshot = frozen(report).snapshot
        texts += [str(value) for value in snapshot["header"].values()]
        texts += [section["html"] for section in snapshot["sections"]]
        texts.append(snapshot["young_people_summary"])
        texts += list(report.comments.values_list("text", flat=True))
        texts += list(report.appendices.values_list("title", flat=True))
    appendix = ReportAppendix.objects.get(report__agenda_item__meeting=meeting)
    with appendix.file.open("rb") as f:
        texts += [page.extract_text() for page in PdfReader(BytesIO(f.read())).pages]
    assert len(texts) > 100
    for text in texts:
        assert "hants.gov.uk" not in text, text
        for name in SEED_NAMES + MORE_SEED_NAMES:
            assert name not in text, (name, text)


def test_the_demo_pack_prints_its_papers_and_ranges_as_seed_002(meeting):
    """Each paper opens as seed 002's do, with the template's labels, and each range runs up
    to the page before the next paper (item 3 "Pages 5 - 8", item 6 from page 9)."""
    import itertools
    import re

    from boards.papers.packs import render_pack_pdf

    rendered = render_pack_pdf(meeting=meeting, kind="public")
    texts = [page.extract_text() or "" for page in PdfReader(BytesIO(rendered.pdf)).pages]
    agenda = " ".join(" ".join(texts[:4]).split())
    ranges = []
    for entry in re.split(r"(?=\b\d+\. [A-Z])", agenda[agenda.index("AGENDA") :]):
        found = re.match(r"(\d+)\. [^()]*\(Pages? (\d+)(?: - (\d+))?\)", entry)
        if found:
            number, first, last = found.groups()
            ranges.append((number, int(first), int(last or first)))
    assert ranges[0] == ("3", 5, 8)  # the seed's own first range
    assert len(ranges) == len(ITEMS_WITH_PAPERS) - 1 + 2  # and the minutes, work programme
    for (_n, _first, last), (_next, next_first, _l) in itertools.pairwise(ranges):
        assert next_first == last + 1
    for number, first, _last in ranges:
        page = texts[first - 1]
        assert re.search(rf"Agenda Item {number}\b", page)
        report = Report.objects.filter(agenda_item__meeting=meeting, agenda_item__number=number)
        if report.exists():  # a report (not the board's own minutes or action log)
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            at = lines.index("HAMPSHIRE COUNTY COUNCIL")
            assert lines[at + 1] == "Report"
            for label in ("Committee/Panel:", "Date:", "Title:", "Report From:"):
                assert label in page, (number, label)


def test_make_runs_demo_offers_the_public_its_packs_papers_and_minutes(
    settings, django_capture_on_commit_callbacks
):
    """`make run` loads the demo `--with-pdfs`: signed out, the December 2018 meeting offers its
    public pack and each public paper, the September meeting its minutes, and every file opens."""
    from corporate_parenting.celery import app

    from .test_public_papers import _download, _links, _page

    settings.DEBUG = True
    previous, app.conf.task_always_eager = app.conf.task_always_eager, True
    try:
        for _twice in range(2):  # the second time renders nothing
            with django_capture_on_commit_callbacks(execute=True):
                call_command("load_demo", "--with-pdfs", stdout=StringIO())
    finally:
        app.conf.task_always_eager = previous
    organisation = Organisation.objects.get(slug="hampshire-demo")
    december = demo_papers.december_2018(organisation)
    assert AgendaPack.objects.filter(meeting=december, kind="public").count() == 1
    assert AgendaPack.objects.filter(meeting=december, kind="members").count() == 1

    html = _page(december)
    links = _links(html, "public-pack-link") + _links(html, "public-paper-link")
    assert len(links) >= 1 + len(ITEMS_WITH_PAPERS) - 1  # the exempt item's paper is not offered
    for url, _text in links:
        _data, reader = _download(url)
        assert len(reader.pages) >= 1
    assert "members" not in " ".join(url for url, _ in links)

    september = december.board.meetings.filter(starts_at__lt=december.starts_at).latest("starts_at")
    minutes = _links(_page(september), "public-minutes-link")
    assert len(minutes) == 1
    _data, reader = _download(minutes[0][0])
    assert "Minutes" in reader.pages[0].extract_text()
