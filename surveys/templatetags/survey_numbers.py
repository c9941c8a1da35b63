"""Counts as the council prints them: 1,304, not 1304."""

from django import template

register = template.Library()


@register.filter
def count(value):
    """A whole number with thousands separated by commas; anything else as it is."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return value
