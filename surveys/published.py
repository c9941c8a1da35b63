"""What an audience sees of the survey results: the one place counts meet the disclosure mask.

Two audiences (`Audience`):

- OFFICERS (administrators, officers, participation officers; Capability.VIEW_SURVEY_COUNTS):
  every count, and beside each that would be hidden when published, why.
- PUBLISHED (councillors, co-opted members, clerks, the public, and every report block, export
  and PDF that leaves the officers' hands): small numbers hidden, with everything they could be
  worked out from.

Other apps (report blocks in boards.papers, evidence on pledge progress) call only the
functions below; they never read counts off the models.
"""

from __future__ import annotations

import enum

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


class Audience(enum.Enum):
    OFFICERS = "officers"
    PUBLISHED = "published"


def indicator_block(indicator, *, audience: Audience = Audience.PUBLISHED) -> SafeString:
    """An indicator as a self-contained block of HTML (heading, chart, data table, note), for
    a board report and its PDF: PUBLISHED unless asked otherwise. The chart is an <img> with a
    data: URI (no request needed to print it)."""
    from . import selectors

    row, trend = selectors.indicator_row(indicator), selectors.trend(indicator)
    charts = selectors.indicator_charts(row, trend, indicator.organisation.name)
    return mark_safe(  # noqa: S308 - rendered by a template with autoescape on
        render_to_string(
            "surveys/_indicator_block.html",
            {"indicator": indicator, "row": row, "trend": trend, "charts": charts},
        )
    )
