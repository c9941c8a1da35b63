"""Report templates as data: each council's header block and ordered sections, edited by an
administrator. Reports are drafted from them (boards/papers/views/reports.py)."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from boards.models import Board
from boards.papers.forms.report_templates import (
    ReportTemplateForm,
    TemplateSectionForm,
    clean_default_text,
)
from boards.papers.models import ReportSection, ReportTemplate, TemplateSection
from boards.papers.services import report_templates as services
from corporate_parenting.access import capability_required, get_for_organisation
from corporate_parenting.concurrency import save_or_conflict
from corporate_parenting.roles import Capability
from corporate_parenting.views_helpers import FAILED, call_service

MANAGE = Capability.MANAGE_REPORT_TEMPLATES
FORM = "form_page.html"


def _template_url(template_id, section_id=None):
    url = reverse("papers:report_template", args=[template_id])
    return f"{url}#section-{section_id}" if section_id else url


def header_lines(template, values: dict) -> list[tuple[str, str]]:
    """The template's header block as (label, value) pairs in its order; `values` maps a
    header key (ReportTemplate.HEADER_FIELDS) to what the report prints for it."""
    labels = dict(ReportTemplate.HEADER_FIELDS)
    return [
        (template.header_label(key), values.get(key, ""))
        for key in template.header_fields
        if key in labels
    ]


def _sample_values(organisation):
    board = Board.objects.for_organisation(organisation).order_by("name").first()
    return {
        "committee": board.name if board else "Corporate Parenting Board",
        "date": f"{timezone.localdate():%-d %B %Y}",
        "title": "The report's title",
        "reference": "1234",
        "report_from": "Director of Children's Services",
        "contact_name": "The contact officer's name",
        "telephone": "01234 567890",
        "email": "contact.officer@example.org",
    }


def numbered_sections(sections):
    """(number or None, section) in order: numbered sections count 1, 2, 3; others do not."""
    number = 0
    result = []
    for section in sections:
        if section.numbered:
            number += 1
            result.append((number, section))
        else:
            result.append((None, section))
    return result


# Templates -----------------------------------------------------------------------------------


@capability_required(MANAGE)
def report_templates(request):
    templates = (
        ReportTemplate.objects.for_organisation(request.membership.organisation)
        .annotate(
            section_count=Count("sections", distinct=True),
            report_count=Count("reports", distinct=True),
        )
        .order_by("-active", "name")
    )
    return render(request, "papers/report_template_list.html", {"templates": templates})


@capability_required(MANAGE)
def report_template_create(request):
    form = ReportTemplateForm(request.POST or None, organisation=request.membership.organisation)
    if request.method == "POST" and form.is_valid():
        template = form.save()
        messages.success(request, f"{template.name} is created. Now add its sections.")
        return redirect(_template_url(template.pk))
    return render(
        request,
        FORM,
        {"form": form, "title": "Add a report template", "caption": "Report templates"},
    )


def report_template(request, pk):
    template = get_for_organisation(request, ReportTemplate, MANAGE, pk=pk)
    sections = list(template.sections.order_by("position", "pk"))
    for section in sections:  # sanitised on save; again here, for rows written elsewhere
        section.default_html = clean_default_text(section.default_text)
    used = set(
        ReportSection.objects.filter(section__in=sections)
        .values_list("section_id", flat=True)
        .distinct()
    )
    return render(
        request,
        "papers/report_template_detail.html",
        {
            "template": template,
            "sections": numbered_sections(sections),
            "used": used,
            "header_lines": header_lines(template, _sample_values(template.organisation)),
            "organisation_name": template.organisation.name,
            "heading_block": template.heading_block(template.organisation.name),
            "document_kind": template.document_kind,
            "report_count": template.reports.count(),
        },
    )


def report_template_update(request, pk):
    template = get_for_organisation(request, ReportTemplate, MANAGE, pk=pk)
    form = ReportTemplateForm(
        request.POST or None, instance=template, organisation=template.organisation
    )
    context = {"form": form, "title": f"Change {template.name}", "caption": "Report templates"}
    if request.method == "POST" and form.is_valid():
        if refused := save_or_conflict(request, form, template, template=FORM, context=context):
            return refused
        messages.success(request, f"{template.name} is saved.")
        return redirect(_template_url(template.pk))
    return render(request, FORM, context)


# Sections ------------------------------------------------------------------------------------


def template_section_create(request, pk):
    template = get_for_organisation(request, ReportTemplate, MANAGE, pk=pk)
    form = TemplateSectionForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        section = services.section_create(form=form)
        messages.success(request, f"{section.heading} is added at the end of {template.name}.")
        return redirect(_template_url(template.pk, section.pk))
    return render(request, FORM, {"form": form, "title": "Add a section", "caption": template.name})


def template_section_update(request, pk):
    section = get_for_organisation(
        request, TemplateSection.objects.select_related("template"), MANAGE, pk=pk
    )
    form = TemplateSectionForm(request.POST or None, instance=section, template=section.template)
    context = {
        "form": form,
        "title": f"Change {section.heading}",
        "caption": section.template.name,
    }
    if request.method == "POST" and form.is_valid():
        if refused := save_or_conflict(request, form, section, template=FORM, context=context):
            return refused
        messages.success(request, f"{section.heading} is saved.")
        return redirect(_template_url(section.template_id, section.pk))
    return render(request, FORM, context)


@require_POST
def template_section_delete(request, pk):
    section = get_for_organisation(request, TemplateSection, MANAGE, pk=pk)
    template_id, heading = section.template_id, section.heading
    if call_service(request, None, services.template_section_delete, section=section) is FAILED:
        return redirect(_template_url(section.template_id, section.pk))
    messages.success(request, f"{heading} is deleted.")
    return redirect(_template_url(template_id))


@require_POST
def template_section_move(request, pk):
    section = get_for_organisation(request, TemplateSection, MANAGE, pk=pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, "Choose whether to move the section up or down.")
    elif services.section_move(section=section, direction=direction):
        messages.success(request, f"{section.heading} is moved {direction}.")
    else:
        where = "first" if direction == "up" else "last"
        messages.info(request, f"{section.heading} is already the {where} section.")
    return redirect(_template_url(section.template_id, section.pk))
