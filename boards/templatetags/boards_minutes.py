"""Template filters of the minutes as the council prints them."""

from django import template

register = template.Library()


@register.filter
def resolution_letter(number) -> str:
    """1 -> "a", 2 -> "b" ... 27 -> "aa": the letters of resolutions (a), (b) on one minute."""
    number = int(number)
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
