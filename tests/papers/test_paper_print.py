"""Each paper as the council prints it (issue 12, point 3), read back from the pack's PDF: the
template's heading block ("HAMPSHIRE COUNTY COUNCIL", "Report") and its own header labels
("Committee/Panel:", "Tel:") on every paper, no heading for a section left empty unless the
template requires it, and an appendix title printed once wherever the pack names it."""

import re

import pytest
from django.urls import reverse

from boards.papers.models import AgendaPack, Report, ReportTemplate, ReportVersion

from ..access import client_for
from ..edit_guard import save_edit
from ..factories import (
    AgendaItemFactory,
    BoardFactory,
    MeetingFactory,
    ReportFactory,
    ReportTemplateFactory,
    TemplateSectionFactory,
)
from .pdf_tags import check_tags
from .test_pack_pieces import _attach, _pdf_bytes, _tagged_appendix_pdf, _untagged_appendix_pdf
from .test_packs import (
    _pages,
    _render_in_this_process,  # noqa: F401  (autouse fixture)
    _request,
)

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> \"Quoted\" & Co"
SEED_LABELS = {
    "committee": "Committee/Panel:",
    "date": "Date:",
    "title": "Title:",
    "report_from": "Report From:",
    "contact_name": "Contact name:",
    "telephone": "Tel:",
    "email": "Email:",
}


def _template(world, **fields):
    template = ReportTemplateFactory(organisation=world.organisation, **fields)
    sections = {
        heading: TemplateSectionFactory(
            template=template, position=position, heading=heading, required=required
        )
        for position, (heading, required) in enumerate(
            [
                ("Recommendation", True),
                ("Contextual information", False),
                ("Performance", False),
                ("Conclusion", True),
            ]
        )
    }
    return template, sections


def _publish(report, sections, texts):
    """A frozen version as publishing writes it, one entry per template section."""
    ReportVersion.objects.create(
        organisation=report.organisation,
        report=report,
        number=report.versions.count() + 1,
        frozen=True,
        snapshot={
            "header": {"title": report.title},
            "sections": [
                {
                    "section": section.pk,
                    "heading": heading,
                    "numbered": True,
                    "html": texts[heading],
                }
                for heading, section in sections.items()
            ],
            "young_people_summary": "",
        },
    )


def _meeting_with_papers(world, template, sections, count=2):
    board = BoardFactory(organisation=world.organisation, name="Corporate Parenting Board")
    meeting = MeetingFactory(board=board)
    reports = []
    for n in range(count):
        item = AgendaItemFactory(
            meeting=meeting, position=n, number=str(n + 3), title=f"Paper {n + 3}"
        )
        report = ReportFactory(
            template=template,
            board=board,
            title=f"Ocelot paper {n + 3}",
            status=Report.Status.PUBLISHED,
            agenda_item=item,
            telephone="01420 546835",
            contact_name="Contact officer",
        )
        _publish(
            report,
            sections,
            {
                "Recommendation": "<p>That the Board note the report.</p>",
                # Empty in the ways an editor leaves a section empty.
                "Contextual information": "<p></p>" if n == 0 else "<p>&nbsp;<br></p>",
                "Performance": "<p>Performance rose by 4%.</p>" if n == 0 else "",
                "Conclusion": "",  # empty but required: its heading stays
            },
        )
        reports.append(report)
    return meeting, reports


def _paper_pages(texts, number):
    return [t for t in texts if re.search(rf"Agenda Item {number}\b", t)]


def test_every_paper_opens_with_the_templates_heading_block_and_labels(
    world, django_capture_on_commit_callbacks
):
    template, sections = _template(
        world,
        heading_lines="HAMPSHIRE COUNTY COUNCIL",
        document_kind="Decision Report",
        header_labels=SEED_LABELS,
    )
    meeting, _ = _meeting_with_papers(world, template, sections)
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    assert pack.state == AgendaPack.State.READY, pack.error
    _, texts = _pages(pack)
    for number in ("3", "4"):
        first = _paper_pages(texts, number)[0]
        lines = [line.strip() for line in first.splitlines() if line.strip()]
        at = lines.index("HAMPSHIRE COUNTY COUNCIL")
        assert lines[at + 1] == "Decision Report"
        for label in SEED_LABELS.values():
            assert label in first, (number, label)
        assert f"Title: Ocelot paper {number}" in " ".join(first.split())
        assert "Tel: 01420 546835" in " ".join(first.split())
        # Today's labels are gone where the template names its own.
        assert "Committee or panel" not in first and "Telephone" not in first
    tags = check_tags(_pdf_bytes(pack))
    assert tags.problems == [] and tags.untagged_text_pages == []


def test_a_template_without_its_own_heading_prints_the_council_name_and_usual_labels(
    world, django_capture_on_commit_callbacks
):
    template, sections = _template(world)  # no heading lines, no labels: today's print
    meeting, _ = _meeting_with_papers(world, template, sections, count=1)
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    first = _paper_pages(_pages(pack)[1], "3")[0]
    assert world.organisation.name.upper() in first
    assert "Committee or panel" in first and "Telephone" in first


def test_sections_left_empty_print_no_heading_unless_required(
    world, django_capture_on_commit_callbacks
):
    template, sections = _template(world)
    meeting, _ = _meeting_with_papers(world, template, sections)
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    _, texts = _pages(pack)
    with_performance = " ".join(" ".join(_paper_pages(texts, "3")).split())
    without = " ".join(" ".join(_paper_pages(texts, "4")).split())
    for paper in (with_performance, without):
        assert "Contextual information" not in paper  # empty, not required: nothing
        assert "1. Recommendation" in paper
    # The numbering counts only what is printed; an empty required section keeps its heading.
    assert "2. Performance 2.1 Performance rose by 4%." in with_performance
    assert "3. Conclusion" in with_performance
    assert "Performance" not in without and "2. Conclusion" in without
    assert check_tags(_pdf_bytes(pack)).problems == []


def test_an_appendix_title_typed_with_its_number_is_printed_once(
    world, django_capture_on_commit_callbacks
):
    """Titles stored before the form dropped the typed number still print right: in the
    agenda, the bookmarks and the accessibility statement."""
    template, sections = _template(world)
    meeting, (report, _other) = _meeting_with_papers(world, template, sections)
    _attach(report, "Appendix 1: Survey tables", _tagged_appendix_pdf("Quokka", 1), 1)
    _attach(report, "Appendix 2 - Inspection letter", _untagged_appendix_pdf("Wombat"), 2)
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    assert pack.state == AgendaPack.State.READY, pack.error
    reader, texts = _pages(pack)
    agenda = " ".join(" ".join(texts[:3]).split())
    assert "Appendix 1: Survey tables" in agenda
    assert "Appendix 2: Inspection letter" in agenda
    assert "Appendix 1: Appendix" not in agenda and "Appendix 2: Appendix" not in agenda
    statement = agenda[agenda.index("Accessibility") :]
    assert "Appendix 2: Inspection letter (item 3)" in statement
    assert pack.untagged == ["Appendix 2: Inspection letter (item 3)"]

    def titles(outline):
        for entry in outline:
            if isinstance(entry, list):
                yield from titles(entry)
            else:
                yield entry.title

    bookmarks = list(titles(reader.outline))
    assert "Appendix 1: Survey tables" in bookmarks
    assert "Appendix 2: Inspection letter" in bookmarks
    assert not any(title.count("Appendix") > 1 for title in bookmarks)


def test_the_template_page_edits_the_heading_and_labels_safely(
    world, django_capture_on_commit_callbacks
):
    template, sections = _template(world)
    url = reverse("papers:report_template_update", args=[template.pk])
    client = client_for(world.administrator)
    response = save_edit(
        client,
        url,
        {
            "name": "Committee report",
            "heading_lines": f"HAMPSHIRE COUNTY COUNCIL\n{HOSTILE}",
            "document_kind": "Report",
            "header_fields": ["committee", "date", "title", "telephone"],
            "label_committee": "Committee/Panel:",
            "label_telephone": "Tel:",
            "label_date": "Date of meeting",  # the usual label: not stored
            "label_title": "",  # empty: the usual label
            "number_paragraphs": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.header_labels == {"committee": "Committee/Panel:", "telephone": "Tel:"}
    assert template.header_label("title") == "Title"
    page = client.get(reverse("papers:report_template", args=[template.pk])).content.decode()
    assert "Committee/Panel:" in page and "Tel:" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    # The form shows the labels as printed, so a second save changes nothing.
    form_page = client.get(url).content.decode()
    assert 'value="Committee/Panel:"' in form_page and 'value="Date of meeting"' in form_page

    meeting, _ = _meeting_with_papers(world, template, sections, count=1)
    pack = _request(world, meeting, "public", django_capture_on_commit_callbacks)
    first = _paper_pages(_pages(pack)[1], "3")[0]
    assert HOSTILE in first  # printed as text, not markup
    assert check_tags(_pdf_bytes(pack)).problems == []


def test_a_label_too_long_is_refused_with_a_message(world):
    template, _ = _template(world)
    response = save_edit(
        client_for(world.administrator),
        reverse("papers:report_template_update", args=[template.pk]),
        {
            "name": "Committee report",
            "header_fields": ["committee"],
            "label_committee": "C" * 61,
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "Enter a label for “Committee or panel” of 60 characters or fewer" in (
        response.content.decode()
    )


def test_the_demo_hampshire_template_opens_as_seed_002():
    from boards.papers.demo import reports as demo_reports
    from corporate_parenting.models import Organisation

    organisation = Organisation.objects.create(name="Demo council", slug="demo-print")
    demo_reports.load(organisation)
    hampshire = ReportTemplate.objects.get(
        organisation=organisation, name=demo_reports.HAMPSHIRE_NAME
    )
    assert hampshire.heading_block("Demo council") == ["HAMPSHIRE COUNTY COUNCIL"]
    assert hampshire.document_kind == "Report"
    assert hampshire.header_label("committee") == "Committee/Panel:"
    assert hampshire.header_label("telephone") == "Tel:"
    halton = ReportTemplate.objects.get(organisation=organisation, name=demo_reports.HALTON_NAME)
    assert halton.header_label("report_from") == "REPORTING OFFICER:"
