"""Survey results as other apps print them, beside surveys.published (which this module calls
and never changes): a finding as a short block, and the one sentence a survey result makes as
evidence on a promise's progress.

Counts here are published counts: `published_count()` hides any below the threshold. Until
the disclosure mask reaches findings and sentences (surveys.published), the threshold is the
default one, 5, for every organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .rates import percent

# TODO(surveys.published): take the organisation's own threshold and the mask's decisions
# from surveys.published once it serves findings and sentences; until then, 5 for everyone.
SMALL_NUMBER_THRESHOLD = 5
FEWER_THAN = f"fewer than {SMALL_NUMBER_THRESHOLD}"
NOT_PUBLISHED = "not published, to protect the privacy of the few children behind it"


def published_count(n: int | None, organisation=None) -> str:
    """A count as it may be published: "fewer than 5" below the threshold, else 1,304.
    `organisation` is taken so the per-organisation threshold can replace the default
    (TODO: surveys.published)."""
    if n is None:
        return ""
    if n < SMALL_NUMBER_THRESHOLD:
        return FEWER_THAN
    return f"{n:,}"


def published_percentage(indicator) -> str | None:
    """An indicator's percentage as it may be published: None when the count or what is left
    of the denominator is below the threshold (either would let the count be worked out).
    TODO(surveys.published): read the mask's decision instead."""
    if indicator.count < SMALL_NUMBER_THRESHOLD:
        return None
    if indicator.denominator - indicator.count < SMALL_NUMBER_THRESHOLD:
        return None
    return f"{percent(indicator.count, indicator.denominator)}%"


def _where(thing) -> str:
    wave = thing.wave
    where = f"{wave.instrument}, {wave.label}"
    if thing.cohort_id:
        where = f"{where}, {thing.cohort.label}"
    return where


@dataclass(frozen=True)
class EvidenceLine:
    """One survey result as evidence: the words anyone may read, where it comes from, and
    (for signed-in readers of survey results) the page it is on."""

    kind: str  # "indicator" or "finding"
    text: str
    source: str
    url: str


def evidence_line(evidence) -> EvidenceLine:
    """The published sentence of a SurveyEvidence (never a count under the threshold)."""
    if evidence.indicator_id:
        indicator = evidence.indicator
        shown = published_percentage(indicator)
        figure = f"{shown}" if shown else f"the figure is {NOT_PUBLISHED}"
        return EvidenceLine(
            kind="indicator",
            text=f"{indicator.question}: {figure}",
            source=_where(indicator),
            url=reverse("surveys:indicator", args=[indicator.pk]),
        )
    finding = evidence.finding
    text = f"{finding.get_kind_display()}: {finding.summary}"
    if finding.count is not None:
        text = f"{text} (said by {published_count(finding.count, finding.organisation)})"
    return EvidenceLine(
        kind="finding", text=text, source=_where(finding), url=finding.get_absolute_url()
    )


def evidence_queryset(queryset):
    """What `evidence_line` reads, in one query."""
    return queryset.select_related(
        "indicator__wave__instrument",
        "indicator__cohort",
        "finding__wave__instrument",
        "finding__cohort",
        "finding__organisation",
    )
