from django import template

from pledges.glossary import ACTION_NUMBER_LABEL, PROMISE_NUMBER_LABEL, numbered
from pledges.models import Status

register = template.Library()

# Colour only reinforces the words, which are always shown.
TAG_CLASSES = {
    Status.NOT_STARTED: "govuk-tag--grey",
    Status.ON_TRACK: "govuk-tag--blue",
    Status.AT_RISK: "govuk-tag--yellow",
    Status.OFF_TRACK: "govuk-tag--red",
    Status.ACHIEVED: "govuk-tag--green",
}


@register.inclusion_tag("pledges/_status_tag.html")
def status_tag(status):
    status = Status(status)
    return {"label": status.label, "css": TAG_CLASSES[status], "value": status.value}


@register.filter
def pledge_label(number):
    """ "3" -> "Pledge 3"; "" (an unnumbered version) -> ""."""
    return numbered(PROMISE_NUMBER_LABEL, number)


@register.filter
def action_label(number):
    """ "3.2" -> "Action 3.2"; "" -> ""."""
    return numbered(ACTION_NUMBER_LABEL, number)
