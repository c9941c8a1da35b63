"""Survey results as other apps print them: the one sentence a survey result makes as
evidence on a promise's progress.

Every figure here is read from surveys.published (the organisation's disclosure rule and the
wave's one mask), as PUBLISHED: a hidden figure is never printed, nor anything it could be
worked out from.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .published import Audience, Disclosure

NOT_PUBLISHED = "not published, to protect the privacy of the few children behind it"


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


def evidence_line(evidence, disclosure: Disclosure | None = None) -> EvidenceLine:
    """The published sentence of a SurveyEvidence (never a hidden figure). Pass one
    `disclosure` for many lines of one organisation: each wave's mask is computed once."""
    disclosure = disclosure or Disclosure(evidence.organisation, Audience.PUBLISHED)
    if evidence.indicator_id:
        indicator = evidence.indicator
        _count, _denominator, share = disclosure.indicator(indicator)
        figure = share.text() if share.shown else f"the figure is {NOT_PUBLISHED}"
        return EvidenceLine(
            kind="indicator",
            text=f"{indicator.question}: {figure}",
            source=_where(indicator),
            url=reverse("surveys:indicator", args=[indicator.pk]),
        )
    finding = evidence.finding
    text = f"{finding.get_kind_display()}: {finding.summary}"
    said_by = disclosure.finding(finding)
    if said_by.shown:
        text = f"{text} (said by {said_by.text()})"
    elif said_by.hidden:
        text = f"{text} (said by a few: the number is {NOT_PUBLISHED})"
    return EvidenceLine(
        kind="finding", text=text, source=_where(finding), url=finding.get_absolute_url()
    )


def evidence_queryset(queryset):
    """What `evidence_line` reads, in one query."""
    return queryset.select_related(
        "organisation",
        "indicator__wave",
        "finding__wave",
        "indicator__wave__instrument",
        "indicator__cohort",
        "finding__wave__instrument",
        "finding__cohort",
        "finding__organisation",
    )
