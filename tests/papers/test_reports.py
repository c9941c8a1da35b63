"""Drafting a report in the browser: from a template, numbered as councils number them,
exempt and young people's summaries, appendices, and who may change it."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boards.papers.models import Report, ReportAppendix, ReportSection
from boards.papers.report_rendering import number_paragraphs
from boards.papers.services.reports import report_create
from corporate_parenting.roles import Role

from ..access import client_for
from ..factories import BoardFactory, ReportTemplateFactory, TemplateSectionFactory, pdf_bytes

SECTION_100D = (
    "<p>The following documents discuss facts or matters on which this report is based.</p>"
)


def make_template(organisation, **kwargs):
    template = ReportTemplateFactory(organisation=organisation, **kwargs)
    for position, (heading, numbered, default) in enumerate(
        [
            ("Recommendation", True, ""),
            ("Summary", True, ""),
            ("Conclusion", True, ""),
            ("Section 100D background documents", False, SECTION_100D),
        ]
    ):
        TemplateSectionFactory(
            template=template,
            position=position,
            heading=heading,
            numbered=numbered,
            default_text=default,
            guidance=f"What to write under {heading}.",
        )
    return template


def make_report(world, *, author, organisation=None, board=None, **fields):
    organisation = organisation or world.organisation
    template = make_template(organisation)
    report = report_create(
        organisation=organisation, template=template, title="Bright Spots", board=board, by=author
    )
    if fields:
        Report.objects.filter(pk=report.pk).update(**fields)
        report.refresh_from_db()
    return report


def edit_data(report, *, revision=None, sections=None, **fields):
    """A complete, valid edit form for `report`, with `sections` ({template section id:
    html}) and `fields` changed."""
    data = {
        "revision": report.revision if revision is None else revision,
        "title": report.title,
        "reference": report.reference,
        "report_from": report.report_from,
        "contact_name": report.contact_name,
        "telephone": report.telephone,
        "email": report.email,
        "exempt_paragraph": report.exempt_paragraph or "",
        "young_people_summary": report.young_people_summary,
        "live_block_section": "",
        "live_block_theme": "all",
        "save": "1",
    }
    if report.exempt:
        data["exempt"] = "on"
    for section in ReportSection.objects.filter(report=report):
        data[f"section_{section.section_id}"] = section.html
    for pk, html in (sections or {}).items():
        data[f"section_{pk}"] = html
    for name, value in fields.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# Creating from a template -------------------------------------------------------------------


def test_an_officer_starts_a_report_from_a_template_with_its_sections_and_version_1(world):
    template = make_template(world.organisation)
    board = BoardFactory(organisation=world.organisation)
    client = client_for(world.officer)

    response = client.post(
        reverse("papers:report_create"),
        {"template": template.pk, "title": "Bright Spots Survey", "board": board.pk},
    )

    report = Report.objects.get(title="Bright Spots Survey")
    assert response.status_code == 302
    assert response.url == reverse("papers:report_edit", args=[report.pk])
    assert report.author == world.officer and report.board == board
    assert report.status == Report.Status.DRAFT
    assert [s.section.heading for s in report.sections.select_related("section")] == [
        "Recommendation",
        "Summary",
        "Conclusion",
        "Section 100D background documents",
    ]
    assert report.sections.get(section__heading__startswith="Section 100D").html == SECTION_100D
    assert list(report.versions.values_list("number", flat=True)) == [1]


def test_starting_a_report_needs_a_title_and_offers_only_active_templates_of_the_council(world):
    make_template(world.organisation, name="Old layout", active=False)
    make_template(world.other_organisation, name="Their layout")
    current = make_template(world.organisation, name="Current layout")
    client = client_for(world.officer)

    page = client.get(reverse("papers:report_create")).content.decode()
    response = client.post(reverse("papers:report_create"), {"template": current.pk, "title": ""})

    assert "Current layout" in page and "Old layout" not in page and "Their layout" not in page
    assert response.status_code == 200
    assert "Enter the report&#x27;s title" in response.content.decode()


# Numbering ------------------------------------------------------------------------------------


def test_sections_are_numbered_1_2_3_and_their_paragraphs_1_1_1_2(world):
    report = make_report(world, author=world.officer, status=Report.Status.PUBLISHED)
    sections = {s.section.heading: s for s in report.sections.select_related("section")}
    sections["Recommendation"].html = "<p>That the board notes the report.</p>"
    sections["Summary"].html = (
        "<p>The survey ran.</p><p>The programme aims to:</p>"
        "<ul><li><p>improve care</p></li><li>give children a voice</li></ul>"
        "<table><tbody><tr><th>Age</th><th>Responses</th></tr>"
        "<tr><td><p>4-7</p></td><td>42</td></tr></tbody></table>"
        "<p>378 responded.</p>"
    )
    for section in sections.values():
        section.save()

    page = _text(client_for(world.councillor).get(report.get_absolute_url()))

    assert '<span class="cp-section-number">1.</span> Recommendation' in page
    assert '<span class="cp-section-number">2.</span> Summary' in page
    assert '<span class="cp-section-number">3.</span> Conclusion' in page
    assert ">Section 100D background documents</h2>" in page  # not numbered
    assert '<p><span class="cp-paragraph-number">1.1</span> That the board notes' in page
    assert '<p><span class="cp-paragraph-number">2.1</span> The survey ran.</p>' in page
    assert '<p><span class="cp-paragraph-number">2.2</span> The programme aims to:</p>' in page
    assert '<p><span class="cp-paragraph-number">2.3</span> 378 responded.</p>' in page
    assert "<li><p>improve care</p></li>" in page  # lists and tables are not numbered
    assert "<td><p>4-7</p></td>" in page
    assert '<th scope="col">Age</th>' in page
    assert "The following documents discuss" in page
    assert 'cp-paragraph-number">4.' not in page


def test_paragraph_numbers_can_be_switched_off_by_the_template():
    assert number_paragraphs("<p>One.</p><p>Two.</p>", None) == "<p>One.</p><p>Two.</p>"


def test_the_header_block_shows_the_templates_lines_in_order(world):
    board = BoardFactory(organisation=world.organisation, name="Corporate Parenting Board")
    report = make_report(
        world,
        author=world.officer,
        board=board,
        report_from="Director of Children's Services",
        contact_name="Jane Stevens",
    )
    report.template.header_fields = ["committee", "title", "report_from", "contact_name"]
    report.template.save()

    page = _text(client_for(world.clerk).get(report.get_absolute_url()))

    header = page[page.index('data-testid="report-header"') :]
    header = header[: header.index("</table>")]
    labels = re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>', header)
    assert labels == ["Committee or panel", "Title", "Report from", "Contact name"]
    assert "Corporate Parenting Board" in header and "Jane Stevens" in header
    assert "Telephone" not in header


# Exempt reports --------------------------------------------------------------------------------


def test_an_exempt_report_needs_its_schedule_12a_paragraph(world):
    report = make_report(world, author=world.officer)
    url = reverse("papers:report_edit", args=[report.pk])
    client = client_for(world.officer)

    refused = client.post(url, edit_data(report, exempt="on", exempt_paragraph=""))
    accepted = client.post(url, edit_data(report, exempt="on", exempt_paragraph="1"))

    assert refused.status_code == 200
    assert "Select the Schedule 12A paragraph that makes this report exempt" in (
        refused.content.decode()
    )
    assert accepted.status_code == 302
    report.refresh_from_db()
    assert report.exempt and report.exempt_paragraph == 1


def test_a_paragraph_without_exempt_is_not_kept(world):
    report = make_report(world, author=world.officer)
    client_for(world.officer).post(
        reverse("papers:report_edit", args=[report.pk]),
        edit_data(report, exempt=None, exempt_paragraph="3"),
    )
    report.refresh_from_db()
    assert not report.exempt and report.exempt_paragraph is None


@pytest.mark.parametrize("with_board", [True, False])
def test_an_exempt_report_is_hidden_from_those_who_may_not_read_exempt_items(world, with_board):
    board = BoardFactory(organisation=world.organisation) if with_board else None
    report = make_report(
        world,
        author=world.officer,
        board=board,
        exempt=True,
        exempt_paragraph=1,
        status=Report.Status.PUBLISHED,
    )
    url = report.get_absolute_url()

    assert client_for(world.young_member).get(url).status_code == 404
    for reader in (world.councillor, world.clerk, world.administrator, world.officer):
        response = client_for(reader).get(url)
        assert response.status_code == 200
        assert "Exempt: not for publication" in response.content.decode()


def test_coopted_members_read_exempt_reports_only_where_their_board_allows(world):
    board = BoardFactory(organisation=world.organisation, coopted_see_exempt=True)
    report = make_report(
        world,
        author=world.officer,
        board=board,
        exempt=True,
        exempt_paragraph=2,
        status=Report.Status.PUBLISHED,
    )

    assert client_for(world.young_member).get(report.get_absolute_url()).status_code == 200


def test_exempt_reports_are_left_out_of_the_list_for_those_who_may_not_read_them(world):
    make_report(world, author=world.officer, exempt=True, exempt_paragraph=1, title="Secret")
    make_report(world, author=world.officer, title="Open")

    page = client_for(world.participation_officer).get(reverse("papers:reports")).content.decode()
    clerk_page = client_for(world.clerk).get(reverse("papers:reports")).content.decode()
    author_page = client_for(world.officer).get(reverse("papers:reports")).content.decode()

    assert "Secret" not in page and "Open" not in page  # not theirs, and they do not clear
    assert "Secret" in clerk_page and "Open" in clerk_page
    assert "Secret" in author_page


def test_a_draft_is_for_officers_until_it_is_published(world):
    report = make_report(world, author=world.officer)
    for reader in (world.councillor, world.young_member):
        assert client_for(reader).get(report.get_absolute_url()).status_code == 403
    for officer in (world.clerk, world.administrator):
        assert client_for(officer).get(report.get_absolute_url()).status_code == 200
    Report.objects.filter(pk=report.pk).update(status=Report.Status.PUBLISHED)
    for reader in (world.councillor, world.young_member):
        assert client_for(reader).get(report.get_absolute_url()).status_code == 200


# Young people's summary --------------------------------------------------------------------


def test_the_young_peoples_summary_is_shown_first_to_coopted_members(world):
    report = make_report(
        world,
        author=world.officer,
        young_people_summary="We asked 378 of you how life in care is going.",
        status=Report.Status.PUBLISHED,
    )
    section = report.sections.get(section__heading="Recommendation")
    section.html = "<p>That the board notes the report.</p>"
    section.save()

    young = _text(client_for(world.young_member).get(report.get_absolute_url()))
    councillor = _text(client_for(world.councillor).get(report.get_absolute_url()))

    summary = "We asked 378 of you how life in care is going."
    assert young.index(summary) < young.index('data-testid="report-header"')
    assert young.index(summary) < young.index("That the board notes")
    assert "In plain words" in young
    assert councillor.index('data-testid="report-header"') < councillor.index(summary)


def test_the_edit_page_marks_the_summary_when_the_template_requires_it(world):
    report = make_report(world, author=world.officer)
    report.template.requires_young_people_summary = True
    report.template.save()

    page = client_for(world.officer).get(reverse("papers:report_edit", args=[report.pk]))

    assert "Summary for young people (needed before you submit the report)" in page.content.decode()


# The edit page ----------------------------------------------------------------------------------


def test_the_edit_page_loosens_the_policy_only_for_itself_and_labels_each_editor(world):
    report = make_report(world, author=world.officer)
    client = client_for(world.officer)

    edit = client.get(reverse("papers:report_edit", args=[report.pk]))
    show = client.get(report.get_absolute_url())

    policy = edit["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    style_src = re.search(r"style-src ([^;]+)", policy).group(1)
    page = edit.content.decode()
    scripts = re.findall(r"<script[^>]*>", page)
    assert [s for s in scripts if "importmap" in s] == [
        f'<script type="importmap" nonce="{nonce}">'
    ]
    editor_scripts = [s for s in scripts if "prose_editor" in s]
    assert editor_scripts and all(f'nonce="{nonce}"' in s for s in editor_scripts)
    assert "'unsafe-inline'" not in script_src and "'unsafe-inline'" in style_src
    assert 'data-editor-label="Summary: the section&#x27;s text"' in page
    assert "What to write under Summary." in page  # the guidance, as a hint
    assert "report-live-block.mjs" in page
    strict = show["Content-Security-Policy"]
    assert "nonce" not in strict and "unsafe-inline" not in strict


def test_saving_sanitises_whatever_the_editor_sends(world):
    report = make_report(world, author=world.officer)
    summary = report.template.sections.get(heading="Summary")

    client_for(world.officer).post(
        reverse("papers:report_edit", args=[report.pk]),
        edit_data(
            report,
            sections={summary.pk: '<p onclick="x()">Safe<script>alert(1)</script></p>'},
        ),
    )

    assert ReportSection.objects.get(report=report, section=summary).html == "<p>Safe</p>"


def test_bad_input_loses_nothing(world):
    report = make_report(world, author=world.officer)
    summary = report.template.sections.get(heading="Summary")

    response = client_for(world.officer).post(
        reverse("papers:report_edit", args=[report.pk]),
        edit_data(report, title="", sections={summary.pk: "<p>Words I wrote.</p>"}),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the report&#x27;s title" in page
    assert "Words I wrote." in page


def test_a_pledge_progress_table_is_inserted_at_the_end_of_the_chosen_section(world):
    report = make_report(world, author=world.officer)
    summary = report.template.sections.get(heading="Summary")

    response = client_for(world.officer).post(
        reverse("papers:report_edit", args=[report.pk]),
        edit_data(
            report,
            sections={summary.pk: "<p>Progress:</p>"},
            save=None,
            insert_live_block="1",
            live_block_section=str(summary.pk),
            live_block_theme="all",
        ),
    )

    assert response.status_code == 302
    assert ReportSection.objects.get(report=report, section=summary).html == (
        '<p>Progress:</p><div data-live-block="pledge-progress" data-theme="all"></div>'
    )
    page = client_for(world.officer).get(report.get_absolute_url()).content.decode()
    assert "This data is no longer available." in page  # no adopted pledge yet


def test_inserting_a_table_needs_a_section(world):
    report = make_report(world, author=world.officer)
    response = client_for(world.officer).post(
        reverse("papers:report_edit", args=[report.pk]),
        edit_data(report, save=None, insert_live_block="1"),
    )
    assert response.status_code == 200
    assert "Choose the section to put the pledge progress table in" in response.content.decode()


def test_only_the_author_or_an_administrator_may_change_a_report(world):
    report = make_report(world, author=world.officer)
    url = reverse("papers:report_edit", args=[report.pk])

    assert client_for(world.officer).get(url).status_code == 200
    assert client_for(world.administrator).get(url).status_code == 200
    assert client_for(world.clerk).get(url).status_code == 403  # may draft, but not the author
    assert client_for(world.councillor).get(url).status_code == 403


@pytest.mark.parametrize(
    "status", [Report.Status.SUBMITTED, Report.Status.CLEARED, Report.Status.PUBLISHED]
)
def test_a_report_cannot_be_changed_once_sent_for_clearance(world, status):
    report = make_report(world, author=world.officer, status=status)
    url = reverse("papers:report_edit", args=[report.pk])

    assert client_for(world.officer).get(url).status_code == 403
    assert client_for(world.officer).post(url, edit_data(report)).status_code == 403
    assert client_for(world.administrator).get(url).status_code == 403


def test_a_report_with_changes_requested_can_be_changed_again(world):
    report = make_report(world, author=world.officer, status=Report.Status.CHANGES_REQUESTED)
    url = reverse("papers:report_edit", args=[report.pk])
    assert client_for(world.officer).get(url).status_code == 200


# Appendices ---------------------------------------------------------------------------------


def _pdf(name="appendix.pdf", body=None):
    return SimpleUploadedFile(name, body or pdf_bytes(), content_type="application/pdf")


def test_a_pdf_appendix_is_added(world):
    report = make_report(world, author=world.officer)
    response = client_for(world.officer).post(
        reverse("papers:report_appendix_add", args=[report.pk]),
        {"title": "Appendix 1 \u2013 Survey summary", "file": _pdf()},
    )

    assert response.status_code == 302
    appendix = ReportAppendix.objects.get(report=report)
    assert appendix.file.read().startswith(b"%PDF-")
    # The number the officer typed is dropped: the pack numbers appendices itself, and would
    # otherwise print "Appendix 1: Appendix 1 - Survey summary".
    assert appendix.title == "Survey summary"
    page = client_for(world.officer).get(report.get_absolute_url()).content.decode()
    assert "Survey summary" in page and "Appendix 1 \u2013" not in page


def test_an_appendix_title_that_is_only_its_number_is_refused_keeping_the_input(world):
    report = make_report(world, author=world.officer)
    response = client_for(world.officer).post(
        reverse("papers:report_appendix_add", args=[report.pk]),
        {"title": "Appendix 2:", "file": _pdf()},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter what the appendix is, like Bright Spots survey summary" in page
    assert 'value="Appendix 2:"' in page
    assert not ReportAppendix.objects.exists()


@pytest.mark.parametrize(
    "upload, message",
    [
        (_pdf(name="notes.docx"), "“notes.docx” is not a file type we accept: upload a PDF"),
        (_pdf(body=b"PK\x03\x04 not a pdf"), "“appendix.pdf” could not be opened as a PDF"),
        (None, "Upload a PDF or choose a report to append"),
    ],
)
def test_an_appendix_must_be_a_real_pdf(world, upload, message):
    report = make_report(world, author=world.officer)
    data = {"title": "Appendix 1"}
    if upload is not None:
        data["file"] = upload
    response = client_for(world.officer).post(
        reverse("papers:report_appendix_add", args=[report.pk]), data
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Appendix 1" in response.content.decode()  # the title typed is kept
    assert not ReportAppendix.objects.exists()


def test_an_appendix_over_the_limit_is_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 10
    report = make_report(world, author=world.officer)
    response = client_for(world.officer).post(
        reverse("papers:report_appendix_add", args=[report.pk]),
        {"title": "Big", "file": _pdf()},
    )
    assert "“appendix.pdf” is " in response.content.decode()
    assert "the limit is 1 KB" in response.content.decode()


def test_another_report_can_be_an_appendix_but_not_an_exempt_one_of_a_public_report(world):
    report = make_report(world, author=world.officer)
    other = make_report(world, author=world.officer, title="Care leavers peer challenge")
    secret = make_report(
        world, author=world.officer, title="Secret", exempt=True, exempt_paragraph=1
    )
    theirs = make_report(
        world, author=world.outsiders[Role.OFFICER], organisation=world.other_organisation
    )
    url = reverse("papers:report_appendix_add", args=[report.pk])
    client = client_for(world.officer)

    page = client.get(url).content.decode()
    assert "Care leavers peer challenge" in page and "Secret" not in page
    for refused in (secret, theirs):
        response = client.post(url, {"title": "Appendix", "other_report": refused.pk})
        assert "Select one of your council" in response.content.decode()
    response = client.post(url, {"title": "Peer challenge", "other_report": other.pk})
    assert response.status_code == 302
    assert ReportAppendix.objects.get(report=report).other_report == other


def test_an_appendix_is_removed(world):
    report = make_report(world, author=world.officer)
    appendix = ReportAppendix.objects.create(
        organisation=world.organisation, report=report, title="Old", file=_pdf()
    )
    response = client_for(world.officer).post(
        reverse("papers:report_appendix_delete", args=[appendix.pk])
    )
    assert response.status_code == 302
    assert not ReportAppendix.objects.exists()
