"""Counts as the council prints them: 1,304, not 1304."""

from django import template
from django.utils.html import format_html

from surveys.published import HIDDEN, Cell

register = template.Library()


@register.filter
def count(value):
    """A whole number with thousands separated by commas; anything else as it is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return value


@register.filter
def cell(value):
    """A `surveys.published.Cell` in a table: the number; "c" where it is not published (with
    words for screen readers); for officers, the number with a flag saying it is hidden when
    published, and why; "—" where there is nothing to show."""
    if not isinstance(value, Cell):
        return count(value)
    if value.value is None:
        if value.hidden:
            return format_html(
                '<span class="cp-suppressed" data-suppressed>{}<span class="govuk-visually-hidden">'
                " (not published)</span></span>",
                HIDDEN,
            )
        return "—"
    text = value.text()
    if value.hidden:
        return format_html(
            '{} <strong class="govuk-tag govuk-tag--grey cp-hidden-flag" data-hidden-reason="{}">'
            'Hidden when published<span class="govuk-visually-hidden">: {}</span></strong>',
            text,
            value.reason,
            value.reason,
        )
    if value.rounded:
        return format_html('{}<span class="govuk-visually-hidden"> (rounded)</span>', text)
    return text
