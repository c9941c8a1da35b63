"""What the guard reports: a Flag per likely piece of personal data, and what replaces it."""

from dataclasses import dataclass

# Each kind with the words an officer reads and the text that replaces a redacted span.
KINDS = {
    "first_name": ("a first name", "[name removed]"),
    "titled_name": ("a person's name", "[name removed]"),
    "real_name_cue": ("words saying a real name is given", "[removed]"),
    "date_of_birth": ("a date of birth", "[date of birth removed]"),
    "phone": ("a phone number", "[phone number removed]"),
    "email": ("an email address", "[email removed]"),
    "username": ("a social media username", "[username removed]"),
    "postcode": ("a postcode", "[postcode removed]"),
    "address": ("a home address", "[address removed]"),
    "school": ("a school's name", "[school removed]"),
    "nhs_number": ("an NHS number", "[NHS number removed]"),
    "ni_number": ("a National Insurance number", "[NI number removed]"),
}


@dataclass(frozen=True, order=True)
class Flag:
    """One span of the text that may be personal data.

    start and end are offsets into the text scanned (text[start:end] == self.text); reason
    is a short sentence for the officer, e.g. "looks like a first name: Emma".
    """

    start: int
    end: int
    kind: str
    text: str
    reason: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def label(self) -> str:
        """What the flag is, in the officer's words: "a first name"."""
        return KINDS[self.kind][0]

    @property
    def replacement(self) -> str:
        return KINDS[self.kind][1]
