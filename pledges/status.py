"""How statuses are derived. The RULES text is shown to users beside every summary, so the
code and the words are kept side by side here.

- An action's status is the status of its latest approved update (by the date it describes).
- A promise takes its status from its actions, by the roll-up rule below, once any of them
  has an approved update; until then (and when it has no actions) it has the status of its
  own latest approved update.
- With no approved update yet, an action or a promise counts as "Not started".
- A roll-up (a promise from its actions, a theme, the whole pledge) is honest about what it
  does not know: anything not started counts against it. Any "Off track" makes it Off track;
  then any "At risk" makes it At risk; it is "Achieved" only when every part is; "Not started"
  when no part has started; if only some parts have started it is "At risk", because nobody
  can yet say the rest is on track; only when every part has progress is it "On track".
- Every roll-up says its coverage: how many of its parts have progress.
- Withdrawn promises are listed as withdrawn and left out of every roll-up.
"""

from collections import Counter
from dataclasses import dataclass

from .models import Status

RULES = [
    "An action's status is the one in its latest approved progress update.",
    "Once any of a promise's actions has approved progress, the promise takes its status "
    "from its actions; until then it takes the status in its own latest approved update.",
    'Anything with no approved update yet counts as "Not started".',
    "A promise, a theme and the whole pledge take the worst status among their parts: any "
    '"Off track" makes it Off track, then any "At risk" makes it At risk.',
    'It is "Achieved" only when every part is, and "Not started" when no part has started.',
    "While some parts have no progress, it is at best At risk: nobody can yet say those are "
    'on track. It is "On track" only when every part has progress.',
    "Every summary says how many of its parts have progress. Withdrawn promises are shown "
    "as withdrawn and are not counted.",
]

# Display order, worst first.
SEVERITY = [Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.NOT_STARTED, Status.ACHIEVED]


def combine(statuses) -> Status:
    """The status of a roll-up (a promise from its actions, a theme, the whole pledge) from
    the statuses of its parts."""
    counts = Counter(Status(s) for s in statuses)
    total = sum(counts.values())
    if total == 0:
        return Status.NOT_STARTED
    if counts[Status.OFF_TRACK]:
        return Status.OFF_TRACK
    if counts[Status.AT_RISK]:
        return Status.AT_RISK
    if counts[Status.ACHIEVED] == total:
        return Status.ACHIEVED
    if counts[Status.NOT_STARTED] == total:
        return Status.NOT_STARTED
    if counts[Status.NOT_STARTED]:
        return Status.AT_RISK
    return Status.ON_TRACK


def counts_in_order(statuses):
    counts = Counter(Status(s) for s in statuses)
    return [(status, counts[status]) for status in SEVERITY]


@dataclass(frozen=True)
class Coverage:
    """How many parts of a roll-up have progress: "2 of 10 promises have progress"."""

    with_progress: int
    total: int
    noun: str = "promise"  # singular; "action" for a promise's actions

    @property
    def complete(self) -> bool:
        return self.with_progress == self.total

    def __str__(self):
        if self.total == 0:
            return f"No {self.noun}s yet"
        if self.total == 1:
            has = "has" if self.with_progress else "has no"
            return f"The {self.noun} {has} progress"
        if self.with_progress == self.total:
            return f"All {self.total} {self.noun}s have progress"
        return f"{self.with_progress} of {self.total} {self.noun}s have progress"


def coverage(statuses, noun="promise") -> Coverage:
    statuses = [Status(s) for s in statuses]
    return Coverage(
        with_progress=sum(1 for s in statuses if s != Status.NOT_STARTED),
        total=len(statuses),
        noun=noun,
    )
