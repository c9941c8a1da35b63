from django import template

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
