"""scan() runs every recogniser and keeps one flag per span; redact() applies flags."""

from collections.abc import Iterable

from . import names, patterns
from .flags import Flag

# When two flags overlap, the one of the kind earlier here wins ("emma@example.org" is an
# email, not a first name; "St Mary's Primary" is a school).
PRIORITY = [
    "email", "nhs_number", "ni_number", "phone", "postcode", "address", "school",
    "date_of_birth", "username", "titled_name", "real_name_cue", "first_name",
]  # fmt: skip
RECOGNISERS = patterns.RECOGNISERS + names.RECOGNISERS


def scan(text: str) -> list[Flag]:
    """The likely personal data in text, in the order it appears, overlaps resolved."""
    if not text:
        return []
    found = [flag for recogniser in RECOGNISERS for flag in recogniser(text)]
    found.sort(key=lambda f: (PRIORITY.index(f.kind), -(f.end - f.start), f.start))
    kept: list[Flag] = []
    taken = bytearray(len(text))  # 1 where a kept flag already covers the character
    for flag in found:
        if not any(taken[flag.start : flag.end]):
            kept.append(flag)
            taken[flag.start : flag.end] = b"\x01" * (flag.end - flag.start)
    return sorted(kept)


def redact(text: str, flags: Iterable[Flag]) -> str:
    """text with each flagged span replaced by its kind's words ("[name removed]").

    Flags must come from scanning this text; overlapping ones are applied once (the first).
    """
    out = []
    position = 0
    for flag in sorted(flags):
        if flag.start < position:
            continue
        if text[flag.start : flag.end] != flag.text:
            raise ValueError(f"the flag {flag.text!r} does not match the text at {flag.start}")
        out.append(text[position : flag.start])
        out.append(flag.replacement)
        position = flag.end
    out.append(text[position:])
    return "".join(out)
