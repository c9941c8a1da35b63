"""Live data blocks: current figures from the other apps, placed in a report's text.

An author inserts a placeholder into a section:

    <div data-live-block="pledge-progress" data-theme="all"></div>      the whole pledge
    <div data-live-block="pledge-progress" data-theme="12"></div>       one theme (its id)
    <div data-live-block="survey-indicator" data-indicator="7"></div>   a survey result (its id)

`render_live_blocks()` replaces each placeholder with today's figures whenever the report is
shown; `freeze_live_blocks()` does the same once and for all, with a "Figures as at" note,
for the published version (the placeholders are gone, so the numbers never change again).

Figures are always those of the report's own organisation: a theme or indicator id of
another organisation, or of nothing at all, shows "This data is no longer available".

A survey result is drawn only through `surveys.published.indicator_block` with the PUBLISHED
audience (its chart as an <img> with a data: URI, and its data table): a report leaves the
officers' hands, so it carries what the disclosure mask publishes, never the raw counts.
"""

import re

from django.utils import timezone
from django.utils.html import format_html, format_html_join

from pledges.glossary import PROMISE_NUMBER_LABEL, numbered
from pledges.models import Theme
from pledges.selectors import adopted_version, pledge_summary

PLEDGE_PROGRESS = "pledge-progress"
SURVEY_INDICATOR = "survey-indicator"
KINDS = {PLEDGE_PROGRESS: "Pledge progress table", SURVEY_INDICATOR: "Survey result"}

# The sanitiser writes placeholders in one form: <div data-live-block=".." data-theme=".."></div>
PLACEHOLDER = re.compile(r"<div\b(?P<attrs>[^>]*\bdata-live-block=\"[^\"]*\"[^>]*)>\s*</div>")
_ATTRIBUTE = re.compile(r'(?P<name>data-[a-z-]+)="(?P<value>[^"]*)"')

UNAVAILABLE = "This data is no longer available."


def placeholder(kind: str = PLEDGE_PROGRESS, theme: str = "all", *, indicator=None) -> str:
    """The placeholder the edit page inserts (plain, so the sanitiser keeps it as it is)."""
    if kind == SURVEY_INDICATOR:
        return format_html('<div data-live-block="{}" data-indicator="{}"></div>', kind, indicator)
    return format_html('<div data-live-block="{}" data-theme="{}"></div>', kind, theme)


def describe_indicator(indicator) -> str:
    """Words for authors: the survey result a placeholder will show."""
    where = f"{indicator.wave.instrument}, {indicator.wave.label}"
    if indicator.cohort_id:
        where = f"{where}, {indicator.cohort.label}"
    return f"{KINDS[SURVEY_INDICATOR]}: {indicator.question} ({where})"


def describe(kind: str, theme: str, *, organisation) -> str:
    """Words for authors: what a placeholder will show."""
    label = KINDS.get(kind, "Live data")
    if theme == "all":
        return f"{label}: the whole pledge"
    found = Theme.objects.for_organisation(organisation).filter(pk=_as_int(theme)).first()
    return f"{label}: {found.title}" if found else f"{label}: {UNAVAILABLE}"


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _unavailable():
    return format_html(
        '<div class="cp-live-block"><p class="govuk-inset-text">{}</p></div>', UNAVAILABLE
    )


def _as_at(frozen_on):
    """The note under a frozen block: "Figures as at 6 December 2026." (nothing when live)."""
    if not frozen_on:
        return ""
    return format_html(
        '<p class="govuk-body-s cp-live-block__note">Figures as at {}.</p>',
        frozen_on.strftime("%-d %B %Y"),
    )


def _promise(row) -> str:
    """ "Pledge 3: We will ..." when the version is numbered."""
    label = numbered(PROMISE_NUMBER_LABEL, row.number)
    return f"{label}: {row.commitment.wording}" if label else row.commitment.wording


def _status(row) -> str:
    """A promise's status; with its coverage when it is rolled up from its actions."""
    if row.is_withdrawn:
        return "Withdrawn"
    if row.coverage:
        return f"{row.status.label} ({row.coverage})"
    return row.status.label


class _Renderer:
    """Renders the placeholders of one organisation, reading the pledge once."""

    def __init__(self, organisation, *, today):
        self.organisation = organisation
        self.today = today
        self._summary = None
        self._loaded = False

    @property
    def summary(self):
        if not self._loaded:
            version = adopted_version(self.organisation)
            self._summary = pledge_summary(version, today=self.today) if version else None
            self._loaded = True
        return self._summary

    def themes_for(self, theme: str):
        summary = self.summary
        if summary is None:
            return None, None
        if theme == "all":
            return summary.themes, summary.version.title
        theme_id = _as_int(theme)
        if theme_id is None:
            return None, None
        for theme_summary in summary.themes:
            if theme_summary.theme.pk == theme_id:
                return [theme_summary], theme_summary.theme.title
        # A theme of an earlier version of this organisation's pledge: the same theme now.
        earlier = (
            Theme.objects.for_organisation(self.organisation)
            .filter(pk=theme_id)
            .values_list("lineage", flat=True)
            .first()
        )
        for theme_summary in summary.themes:
            if earlier is not None and theme_summary.theme.lineage == earlier:
                return [theme_summary], theme_summary.theme.title
        return None, None

    def pledge_progress(self, theme: str, *, frozen_on=None):
        themes, title = self.themes_for(theme)
        if themes is None:
            return _unavailable()
        rows = [
            (
                theme_summary.theme.title,
                _promise(row),
                _status(row),
                row.last_update.as_of.strftime("%-d %B %Y") if row.last_update else "No update yet",
            )
            for theme_summary in themes
            for row in theme_summary.rows
        ]
        caption = f"Pledge progress: {title}"
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            rows,
        ) or format_html('<tr><td colspan="4">{}</td></tr>', "No promises in this theme.")
        note = _as_at(frozen_on)
        return format_html(
            '<div class="cp-live-block" data-live-block-rendered="{}">'
            '<div class="cp-table-wrapper" tabindex="0" role="region" aria-label="{}">'
            '<table class="govuk-table"><caption class="govuk-table__caption '
            'govuk-table__caption--s">{}</caption>'
            '<thead class="govuk-table__head"><tr class="govuk-table__row">'
            '<th scope="col" class="govuk-table__header">Theme</th>'
            '<th scope="col" class="govuk-table__header">Promise</th>'
            '<th scope="col" class="govuk-table__header">Status</th>'
            '<th scope="col" class="govuk-table__header">Last approved update</th>'
            "</tr></thead><tbody>{}</tbody></table></div>{}</div>",
            PLEDGE_PROGRESS,
            caption,
            caption,
            body,
            note,
        )

    def survey_indicator(self, indicator_id: str, *, frozen_on=None):
        """The survey result as published (chart and table), through surveys.published only."""
        from surveys.models import Indicator
        from surveys.published import Audience, indicator_block

        pk = _as_int(indicator_id)
        indicator = (
            Indicator.objects.for_organisation(self.organisation)
            .select_related("wave__instrument", "cohort", "organisation")
            .filter(pk=pk)
            .first()
            if pk is not None
            else None
        )
        if indicator is None:
            return _unavailable()
        return format_html(
            '<div class="cp-live-block" data-live-block-rendered="{}">{}{}</div>',
            SURVEY_INDICATOR,
            indicator_block(indicator, audience=Audience.PUBLISHED),
            _as_at(frozen_on),
        )

    def replace(self, html: str, *, frozen_on=None) -> str:
        def one(match):
            attributes = dict(_ATTRIBUTE.findall(match.group("attrs")))
            kind = attributes.get("data-live-block")
            if kind == PLEDGE_PROGRESS:
                return str(
                    self.pledge_progress(attributes.get("data-theme", "all"), frozen_on=frozen_on)
                )
            if kind == SURVEY_INDICATOR:
                return str(
                    self.survey_indicator(attributes.get("data-indicator"), frozen_on=frozen_on)
                )
            return str(_unavailable())

        return PLACEHOLDER.sub(one, html)


def render_live_blocks(html: str, *, organisation, today=None) -> str:
    """`html` with each placeholder replaced by today's figures of `organisation`."""
    if not html or "data-live-block=" not in html:
        return html or ""
    today = today or timezone.localdate()
    return _Renderer(organisation, today=today).replace(html)


def freeze_live_blocks(html: str, *, organisation, today=None) -> str:
    """`html` with the figures fixed as they are today, noted "Figures as at <date>"."""
    if not html or "data-live-block=" not in html:
        return html or ""
    today = today or timezone.localdate()
    return _Renderer(organisation, today=today).replace(html, frozen_on=today)


def has_live_blocks(html: str) -> bool:
    return bool(html) and PLACEHOLDER.search(html) is not None
