"""How statuses are derived. The RULES text is shown to users beside every summary.

- A commitment's status is the status of its latest approved update (by the date it
  describes). With no approved update yet it counts as "Not started".
- A theme's (and the whole pledge's) status follows from its commitments, worst first:
  any "Off track" makes it Off track; else any "At risk" makes it At risk; else if every
  commitment is Achieved it is Achieved; else if none has started it is Not started;
  otherwise it is On track.
"""

from collections import Counter

from .models import Status

RULES = [
    "A promise's status is the one in its latest approved progress update.",
    'A promise with no approved update yet counts as "Not started".',
    "A theme, and the whole pledge, take the worst status among their promises: any "
    '"Off track" makes it Off track, then any "At risk" makes it At risk. It is '
    '"Achieved" only when every promise is, "Not started" when none has started, and '
    '"On track" otherwise.',
]

# Display order, worst first.
SEVERITY = [Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.NOT_STARTED, Status.ACHIEVED]


def combine(statuses) -> Status:
    """The status of a group (theme or pledge) from its commitments' statuses."""
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
    return Status.ON_TRACK


def counts_in_order(statuses):
    counts = Counter(Status(s) for s in statuses)
    return [(status, counts[status]) for status in SEVERITY]
