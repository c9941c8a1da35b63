"""Services of the report templates: a template's sections, added, moved and deleted. Several
rows at once, one object saved at a time for the audit trail."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from boards.papers.models import ReportSection, TemplateSection


@transaction.atomic
def section_move(*, section, direction: str) -> bool:
    """Swap `section` with its neighbour above or below. Positions are renumbered 0, 1, 2 ...
    on the way, so duplicates left by older data cannot stick. False if it cannot move."""
    sections = list(
        TemplateSection.objects.select_for_update()
        .filter(template_id=section.template_id)
        .order_by("position", "pk")
    )
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(sections):
        return False
    sections[index], sections[other] = sections[other], sections[index]
    for position, item in enumerate(sections):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    return True


def section_create(*, form) -> TemplateSection:
    """A new section goes to the end of its template."""
    last = form.template.sections.aggregate(last=Max("position"))["last"]
    form.instance.position = 0 if last is None else last + 1
    return form.save()


def template_section_delete(*, section: TemplateSection) -> None:
    """Delete a section no report uses yet; refused (ValidationError) once one does."""
    in_use = ReportSection.objects.filter(section=section).values("report").distinct().count()
    if in_use:
        raise ValidationError(
            f"{section.heading} cannot be deleted: {in_use} "
            f"{'report uses' if in_use == 1 else 'reports use'} it. Change its heading or "
            "guidance instead, or make a new template without it."
        )
    section.delete()
