"""Access cases for the report templates (boards/papers/views/report_templates.py)."""

from django.urls import reverse

from corporate_parenting.roles import Capability

from ..access import AccessCase
from ..factories import ReportTemplateFactory, TemplateSectionFactory

MANAGE = Capability.MANAGE_REPORT_TEMPLATES


def _template(w):
    return ReportTemplateFactory(organisation=w.organisation)


def _section(w):
    return TemplateSectionFactory(template=_template(w))


def _second_section(w):
    first = _section(w)
    return TemplateSectionFactory(template=first.template, position=first.position + 1)


def url(name, make=None):
    if make is None:
        return lambda w: reverse(f"papers:{name}")
    return lambda w: reverse(f"papers:{name}", args=[make(w).pk])


TEMPLATE = {
    "name": "Committee report",
    "header_fields": ["committee", "date", "title"],
    "number_paragraphs": "on",
    "active": "on",
}
SECTION = {"heading": "Recommendation(s)", "required": "on", "numbered": "on"}

CASES = [
    AccessCase("papers:report_templates", url("report_templates"), MANAGE),
    AccessCase("papers:report_template_create", url("report_template_create"), MANAGE),
    AccessCase(
        "papers:report_template_create (save)",
        url("report_template_create"),
        MANAGE,
        method="post",
        data=TEMPLATE,
    ),
    AccessCase(
        "papers:report_template", url("report_template", _template), MANAGE, object_view=True
    ),
    AccessCase(
        "papers:report_template_update",
        url("report_template_update", _template),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "papers:report_template_update (save)",
        url("report_template_update", _template),
        MANAGE,
        method="post",
        data=TEMPLATE,
        object_view=True,
    ),
    AccessCase(
        "papers:template_section_create",
        url("template_section_create", _template),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "papers:template_section_create (save)",
        url("template_section_create", _template),
        MANAGE,
        method="post",
        data=SECTION,
        object_view=True,
    ),
    AccessCase(
        "papers:template_section_update",
        url("template_section_update", _section),
        MANAGE,
        object_view=True,
    ),
    AccessCase(
        "papers:template_section_update (save)",
        url("template_section_update", _section),
        MANAGE,
        method="post",
        data=SECTION,
        object_view=True,
    ),
    AccessCase(
        "papers:template_section_delete",
        url("template_section_delete", _section),
        MANAGE,
        method="post",
        object_view=True,
    ),
    AccessCase(
        "papers:template_section_move",
        url("template_section_move", _second_section),
        MANAGE,
        method="post",
        data={"direction": "up"},
        object_view=True,
    ),
]
