"""Template tags of the action log: matters arising on a meeting's page, status tags."""

from django import template
from django.utils import timezone

from ..models import Action
from ..selectors import can_view_exempt
from ..selectors import matters_arising as arising_for

register = template.Library()

# Colour only reinforces the words, which are always shown.
STATUS_CLASSES = {
    Action.Status.OPEN: "govuk-tag--blue",
    Action.Status.IN_PROGRESS: "govuk-tag--yellow",
    Action.Status.DONE: "govuk-tag--green",
    Action.Status.DROPPED: "govuk-tag--grey",
}


@register.inclusion_tag("boards/_action_matters_arising.html", takes_context=True)
def matters_arising(context, meeting):
    """Open actions carried forward from the board's earlier meetings. Actions arising from
    exempt items only for those who may read them."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    actions = list(arising_for(meeting, can_view_exempt=can_view_exempt(membership, meeting.board)))
    return {"meeting": meeting, "actions": actions, "today": timezone.localdate()}


@register.inclusion_tag("boards/_action_status_tag.html")
def action_status(status):
    status = Action.Status(status)
    return {"label": status.label, "css": STATUS_CLASSES[status], "value": status.value}


OPEN = {Action.Status.OPEN, Action.Status.IN_PROGRESS}


@register.filter
def overdue(action, today):
    """Past its due date and still open or in progress."""
    return bool(action.due_date and action.due_date < today and action.status in OPEN)


@register.filter
def due_today(action, today):
    return bool(action.due_date == today and action.status in OPEN)
