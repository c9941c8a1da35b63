"""The pledge's words, in one place. Templates read them as `{{ words.promise }}` (the
context processor below); import headers, exports and PDFs read them from here too.

The council's words (shared/BRIEF.md, the seeds):
- the **pledge** is the whole: the council's promise to children in care, in versions;
- a **promise** is one "We will ..." line of it (the code calls it a Commitment: a name
  kept for the database; no page, header or PDF says "commitment");
- an **action** is what an officer or team does to keep a promise;
- a **progress update** says how a promise or an action is going, approved before it counts;
- a **theme** groups promises ("Your Voice"); a plan without themes has one untitled theme.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    one: str
    many: str
    meaning: str

    def __str__(self):
        return self.one

    @property
    def capital(self):  # {{ words.promise.capital }} at the start of a sentence
        return self.one[:1].upper() + self.one[1:]

    @property
    def capitals(self):
        return self.many[:1].upper() + self.many[1:]


WORDS = {
    "pledge": Word(
        "pledge", "pledges", "The council's whole promise to children in care and care leavers."
    ),
    "promise": Word("promise", "promises", 'One "We will ..." line of the pledge.'),
    "action": Word("action", "actions", "What an officer or team does to keep a promise."),
    "update": Word(
        "progress update",
        "progress updates",
        "How a promise or an action is going; it counts once someone else approves it.",
    ),
    "theme": Word("theme", "themes", 'A group of promises, like "Your Voice".'),
    "version": Word("version", "versions", "One edition of the pledge: draft, adopted or past."),
}

# Numbered plans: "Pledge 3", "Action 3.2" (PledgeVersion.numbered).
PROMISE_NUMBER_LABEL = "Pledge"
ACTION_NUMBER_LABEL = "Action"


def numbered(label: str, number: str) -> str:
    return f"{label} {number}" if number else ""


def words(request):
    """Context processor: the glossary for every template."""
    return {"words": WORDS}
