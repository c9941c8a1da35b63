"""Report templates are data: an administrator chooses the header lines and their order, and
keeps the ordered sections; the demo council has the templates of seeds 002 and 001."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from boards.papers.demo import reports as demo_reports
from boards.papers.models import ReportSection, ReportTemplate, TemplateSection
from corporate_parenting.models import Organisation

from ..access import client_for
from ..edit_guard import save_edit
from ..factories import ReportFactory, ReportTemplateFactory, TemplateSectionFactory

pytestmark = pytest.mark.django_db


def template_data(**changes):
    data = {
        "name": "Committee report",
        "header_fields": ["committee", "date", "title"],
        "number_paragraphs": "on",
        "active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def headings(template):
    return list(template.sections.order_by("position", "pk").values_list("heading", flat=True))


# Templates -----------------------------------------------------------------------------------


def test_an_administrator_creates_a_template_with_the_header_lines_they_choose(world):
    client = client_for(world.administrator)
    response = client.post(
        reverse("papers:report_template_create"),
        template_data(requires_young_people_summary="on"),
    )
    template = ReportTemplate.objects.get(organisation=world.organisation)
    assert response.status_code == 302
    assert response.url == reverse("papers:report_template", args=[template.pk])
    assert template.name == "Committee report"
    assert template.header_fields == ["committee", "date", "title"]
    assert template.requires_young_people_summary
    assert template.number_paragraphs and template.active


def test_a_new_template_offers_every_header_line_ticked(world):
    response = client_for(world.administrator).get(reverse("papers:report_template_create"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["header_fields"] == [key for key, _ in ReportTemplate.HEADER_FIELDS]


def test_header_lines_are_saved_in_the_order_typed(world):
    template = ReportTemplateFactory(organisation=world.organisation)
    response = save_edit(
        client_for(world.administrator),
        reverse("papers:report_template_update", args=[template.pk]),
        template_data(
            header_fields=["committee", "date", "title", "report_from"],
            order_committee="1",
            order_date="2",
            order_report_from="3",
            order_title="4",
        ),
    )
    assert response.status_code == 302
    template.refresh_from_db()
    # Halton's order: REPORT TO, DATE, REPORTING OFFICER, SUBJECT.
    assert template.header_fields == ["committee", "date", "report_from", "title"]


def test_header_lines_without_a_number_keep_the_usual_order_after_the_numbered(world):
    template = ReportTemplateFactory(organisation=world.organisation)
    save_edit(
        client_for(world.administrator),
        reverse("papers:report_template_update", args=[template.pk]),
        template_data(header_fields=["committee", "date", "email"], order_email="1"),
    )
    template.refresh_from_db()
    assert template.header_fields == ["email", "committee", "date"]


def test_the_change_form_shows_the_current_order(world):
    template = ReportTemplateFactory(
        organisation=world.organisation, header_fields=["title", "committee"]
    )
    response = client_for(world.administrator).get(
        reverse("papers:report_template_update", args=[template.pk])
    )
    form = response.context["form"]
    assert form["order_title"].value() == 1
    assert form["order_committee"].value() == 2
    assert form["order_email"].value() is None


def test_two_header_lines_cannot_share_a_position_and_nothing_typed_is_lost(world):
    template = ReportTemplateFactory(organisation=world.organisation, name="Old name")
    response = client_for(world.administrator).post(
        reverse("papers:report_template_update", args=[template.pk]),
        template_data(name="New name", order_committee="2", order_date="2"),
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "cannot both be number 2" in content
    assert 'value="New name"' in content
    template.refresh_from_db()
    assert template.name == "Old name"


def test_a_template_needs_a_name_and_at_least_one_header_line(world):
    response = client_for(world.administrator).post(
        reverse("papers:report_template_create"), template_data(name="", header_fields=None)
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter the template&#x27;s name" in content
    assert "Select at least one header line" in content
    assert not ReportTemplate.objects.exists()


def test_a_header_position_must_be_a_number_in_range(world):
    response = client_for(world.administrator).post(
        reverse("papers:report_template_create"), template_data(order_title="12")
    )
    assert response.status_code == 200
    assert "Enter a position for “Title” between 1 and 8" in response.content.decode()


def test_two_templates_of_one_council_cannot_share_a_name(world):
    ReportTemplateFactory(organisation=world.organisation, name="Committee report")
    ReportTemplateFactory(organisation=world.other_organisation, name="Cabinet report")
    client = client_for(world.administrator)
    response = client.post(
        reverse("papers:report_template_create"), template_data(name="committee REPORT")
    )
    assert "There is already a report template with this name" in response.content.decode()
    # Another council's name is no clash.
    response = client.post(
        reverse("papers:report_template_create"), template_data(name="Cabinet report")
    )
    assert response.status_code == 302


def test_the_list_shows_only_this_councils_templates(world):
    ReportTemplateFactory(organisation=world.organisation, name="Committee report")
    ReportTemplateFactory(organisation=world.other_organisation, name="Elsewhere's report")
    response = client_for(world.administrator).get(reverse("papers:report_templates"))
    content = response.content.decode()
    assert "Committee report" in content
    assert "Elsewhere&#x27;s report" not in content and "Elsewhere's report" not in content


def test_the_template_page_previews_the_header_block_in_its_order(world):
    template = ReportTemplateFactory(
        organisation=world.organisation, header_fields=["title", "committee", "email"]
    )
    response = client_for(world.administrator).get(
        reverse("papers:report_template", args=[template.pk])
    )
    content = response.content.decode()
    assert "SHIRE COUNTY COUNCIL" in content
    title, committee, email = (
        content.index(">Title<"),
        content.index(">Committee or panel<"),
        content.index(">Email<"),
    )
    assert title < committee < email
    assert ">Telephone<" not in content


def test_another_councils_template_is_not_found(world):
    template = ReportTemplateFactory(organisation=world.other_organisation)
    section = TemplateSectionFactory(template=template)
    client = client_for(world.administrator)
    for name, pk in [
        ("papers:report_template", template.pk),
        ("papers:report_template_update", template.pk),
        ("papers:template_section_create", template.pk),
        ("papers:template_section_update", section.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404
    for name in ["papers:template_section_delete", "papers:template_section_move"]:
        response = client.post(reverse(name, args=[section.pk]), {"direction": "up"})
        assert response.status_code == 404
    assert TemplateSection.objects.filter(pk=section.pk).exists()


def test_only_an_administrator_edits_templates(world):
    template = ReportTemplateFactory(organisation=world.organisation)
    response = client_for(world.officer).post(
        reverse("papers:report_template_update", args=[template.pk]), template_data(name="X")
    )
    assert response.status_code == 403
    template.refresh_from_db()
    assert template.name != "X"


# Sections ------------------------------------------------------------------------------------


def test_sections_are_added_at_the_end_in_order(world):
    template = ReportTemplateFactory(organisation=world.organisation)
    client = client_for(world.administrator)
    for heading in ["Recommendation(s)", "Summary", "Conclusion"]:
        response = client.post(
            reverse("papers:template_section_create", args=[template.pk]),
            {"heading": heading, "guidance": f"What to write in {heading}.", "numbered": "on"},
        )
        assert response.status_code == 302
    assert headings(template) == ["Recommendation(s)", "Summary", "Conclusion"]
    page = client.get(reverse("papers:report_template", args=[template.pk])).content.decode()
    assert (
        page.index("1. Recommendation(s)") < page.index("2. Summary") < page.index("3. Conclusion")
    )
    assert "What to write in Summary." in page


def test_a_section_needs_a_heading_not_already_used_in_the_template(world):
    section = TemplateSectionFactory(
        template=ReportTemplateFactory(organisation=world.organisation), heading="Summary"
    )
    client = client_for(world.administrator)
    url = reverse("papers:template_section_create", args=[section.template_id])
    response = client.post(url, {"heading": "", "guidance": "Kept"})
    assert "Enter the section&#x27;s heading" in response.content.decode()
    assert "Kept" in response.content.decode()
    response = client.post(url, {"heading": "summary"})
    assert "already has a section with this heading" in response.content.decode()
    assert section.template.sections.count() == 1


def test_a_section_is_changed(world):
    section = TemplateSectionFactory(
        template=ReportTemplateFactory(organisation=world.organisation),
        heading="Recomendation",
        numbered=True,
    )
    response = save_edit(
        client_for(world.administrator),
        reverse("papers:template_section_update", args=[section.pk]),
        {"heading": "Recommendation(s)", "guidance": "What the board is asked to do."},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.heading == "Recommendation(s)"
    assert section.guidance == "What the board is asked to do."
    assert not section.numbered and not section.required


def test_starting_wording_is_sanitised_and_plain_text_becomes_paragraphs(world):
    template = ReportTemplateFactory(organisation=world.organisation)
    client = client_for(world.administrator)
    url = reverse("papers:template_section_create", args=[template.pk])
    client.post(
        url,
        {
            "heading": "Background documents",
            "default_text": '<p onclick="x()">The following documents<script>alert(1)</script>'
            '</p><a href="javascript:alert(1)">link</a><iframe src="https://x"></iframe>'
            '<p style="color:red">None</p>',
        },
    )
    client.post(url, {"heading": "Crime", "default_text": "No impact.\n\nNone <b>here</b>"})
    dirty, plain = headings(template), list(template.sections.order_by("position"))
    assert dirty == ["Background documents", "Crime"]
    html = plain[0].default_text
    for bad in ["onclick", "script", "alert", "javascript:", "iframe", "style"]:
        assert bad not in html
    assert "<p>The following documents</p>" in html and "<p>None</p>" in html
    assert plain[1].default_text == "<p>No impact.</p><p>None <b>here</b></p>"


def test_move_up_and_down_reorders_the_sections(world):
    template = ReportTemplateFactory(organisation=world.organisation)
    a, _b, c = (
        TemplateSectionFactory(template=template, heading=h, position=p)
        for p, h in enumerate(["Recommendation", "Summary", "Conclusion"])
    )
    client = client_for(world.administrator)
    response = client.post(
        reverse("papers:template_section_move", args=[c.pk]), {"direction": "up"}
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#section-{c.pk}")
    assert headings(template) == ["Recommendation", "Conclusion", "Summary"]
    client.post(reverse("papers:template_section_move", args=[a.pk]), {"direction": "down"})
    assert headings(template) == ["Conclusion", "Recommendation", "Summary"]


def test_moving_past_the_end_or_with_no_direction_changes_nothing(world):
    template = ReportTemplateFactory(organisation=world.organisation)
    a = TemplateSectionFactory(template=template, heading="First", position=0)
    TemplateSectionFactory(template=template, heading="Last", position=1)
    client = client_for(world.administrator)
    response = client.post(
        reverse("papers:template_section_move", args=[a.pk]), {"direction": "up"}, follow=True
    )
    assert "already the first section" in response.content.decode()
    client.post(reverse("papers:template_section_move", args=[a.pk]), {"direction": "left"})
    assert headings(template) == ["First", "Last"]


def test_moving_repairs_duplicate_positions(world):
    template = ReportTemplateFactory(organisation=world.organisation)
    a = TemplateSectionFactory(template=template, heading="A", position=0)
    b = TemplateSectionFactory(template=template, heading="B", position=0)
    client_for(world.administrator).post(
        reverse("papers:template_section_move", args=[b.pk]), {"direction": "up"}
    )
    assert headings(template) == ["B", "A"]
    a.refresh_from_db()
    b.refresh_from_db()
    assert (b.position, a.position) == (0, 1)


def test_move_buttons_are_real_buttons_named_for_their_section(world):
    template = ReportTemplateFactory(organisation=world.organisation)
    TemplateSectionFactory(template=template, heading="Summary", position=0)
    TemplateSectionFactory(template=template, heading="Conclusion", position=1)
    page = client_for(world.administrator).get(
        reverse("papers:report_template", args=[template.pk])
    )
    content = page.content.decode()
    assert 'name="direction" value="down"' in content
    assert 'Move down<span class="govuk-visually-hidden"> Summary</span>' in content
    assert 'Move up<span class="govuk-visually-hidden"> Conclusion</span>' in content
    assert 'Move up<span class="govuk-visually-hidden"> Summary</span>' not in content


def test_an_unused_section_is_deleted(world):
    section = TemplateSectionFactory(
        template=ReportTemplateFactory(organisation=world.organisation), heading="Finance"
    )
    response = client_for(world.administrator).post(
        reverse("papers:template_section_delete", args=[section.pk]), follow=True
    )
    assert "Finance is deleted." in response.content.decode()
    assert not TemplateSection.objects.filter(pk=section.pk).exists()


def test_a_section_a_report_uses_cannot_be_deleted(world):
    section = TemplateSectionFactory(
        template=ReportTemplateFactory(organisation=world.organisation), heading="Summary"
    )
    report = ReportFactory(template=section.template)
    ReportSection.objects.create(
        organisation=world.organisation, report=report, section=section, html="<p>Text</p>"
    )
    response = client_for(world.administrator).post(
        reverse("papers:template_section_delete", args=[section.pk]), follow=True
    )
    assert response.status_code == 200
    assert "Summary cannot be deleted: 1 report uses it." in response.content.decode()
    assert TemplateSection.objects.filter(pk=section.pk).exists()


def test_delete_and_move_need_a_post(world):
    section = TemplateSectionFactory(
        template=ReportTemplateFactory(organisation=world.organisation)
    )
    client = client_for(world.administrator)
    assert (
        client.get(reverse("papers:template_section_delete", args=[section.pk])).status_code == 405
    )
    assert client.get(reverse("papers:template_section_move", args=[section.pk])).status_code == 405


# The demo ------------------------------------------------------------------------------------


@pytest.fixture
def demo_templates(settings):
    settings.DEBUG = True
    call_command("load_demo")
    organisation = Organisation.objects.get(slug="hampshire-demo")
    return {t.name: t for t in ReportTemplate.objects.for_organisation(organisation)}


def test_the_demo_has_the_hampshire_template_of_seed_002(demo_templates):
    template = demo_templates["Hampshire County Council committee report"]
    assert template.header_fields == [
        "committee",
        "date",
        "title",
        "reference",
        "report_from",
        "contact_name",
        "telephone",
        "email",
    ]
    assert template.requires_young_people_summary
    assert headings(template) == [
        "Recommendation",
        "Summary",
        "Contextual information",
        "Performance",
        "Consultation and Equalities",
        "Conclusion",
        "Corporate or legal information: Links to the Strategic Plan",
        "Section 100 D - Local Government Act 1972 - background documents",
        "Impact assessments: Equality Duty",
        "Impact on Crime and Disorder",
        "Climate Change",
    ]
    section_100d = template.sections.get(heading__startswith="Section 100 D")
    assert not section_100d.numbered
    assert "relied upon to a material extent" in section_100d.default_text
    equality = template.sections.get(heading__endswith="Equality Duty")
    assert "Section 149 of the Equality Act 2010" in equality.default_text
    assert all(s.guidance for s in template.sections.all())


def test_the_demo_has_the_halton_template_of_seed_001(demo_templates):
    template = demo_templates["Halton Borough Council policy and performance board report"]
    assert template.header_fields == ["committee", "date", "report_from", "title"]
    assert not template.requires_young_people_summary
    assert headings(template) == [
        "Purpose of the report",
        "Recommendation",
        "Supporting information",
        "Policy implications",
        "Financial implications",
        "Implications for the Council's priorities",
        "Risk analysis",
        "Equality and diversity issues",
        "List of background papers under Section 100D of the Local Government Act 1972",
    ]
    assert all(s.guidance for s in template.sections.all())


def test_loading_the_demo_twice_adds_no_templates(demo_templates):
    organisation = next(iter(demo_templates.values())).organisation
    before = (
        ReportTemplate.objects.for_organisation(organisation).count(),
        TemplateSection.objects.for_organisation(organisation).count(),
    )
    call_command("load_demo")
    demo_reports.load(organisation)
    after = (
        ReportTemplate.objects.for_organisation(organisation).count(),
        TemplateSection.objects.for_organisation(organisation).count(),
    )
    assert before == after == (2, 20)


def test_the_demo_templates_page_renders(demo_templates):
    template = demo_templates["Hampshire County Council committee report"]
    from corporate_parenting.models import Membership

    admin = (
        Membership.objects.filter(organisation=template.organisation, role="administrator")
        .first()
        .user
    )
    response = client_for(admin).get(reverse("papers:report_template", args=[template.pk]))
    assert response.status_code == 200
    assert "Section 149 of the Equality Act 2010" in response.content.decode()
