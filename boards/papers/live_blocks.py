"""Live data blocks: current figures from the other apps, placed in a report's text.

An author inserts a placeholder into a section:

    <div data-live-block="pledge-progress" data-theme="all"></div>      the whole pledge
    <div data-live-block="pledge-progress" data-theme="12"></div>       one theme (its id)
    <div data-live-block="survey-indicator" data-indicator="7"></div>   a survey result (its id)
    <div data-live-block="participation-events" data-from="2026-04-01" data-to="2026-06-30">
                                         participation events and young people reached, by district
    <div data-live-block="you-said-we-did" data-theme-id="3"></div>    "You said, We did" for a
                                         participation theme (its id)

`render_live_blocks()` replaces each placeholder with today's figures whenever the report is
shown; `freeze_live_blocks()` does the same once and for all, with a "Figures as at" note,
for the published version (the placeholders are gone, so the numbers never change again).

Figures are always those of the report's own organisation: a theme or indicator id of
another organisation, or of nothing at all, shows "This data is no longer available".

A survey result is drawn only through `surveys.published.indicator_block` with the PUBLISHED
audience (its chart as an <img> with a data: URI, and its data table): a report leaves the
officers' hands, so it carries what the disclosure mask publishes, never the raw counts.

Participation blocks read through `participation.outputs` only: events and reach summed from
the attendance rows, and approved feedback in its checked words (`public_text`, never `text`)
with what was done, naming nobody.
"""

import re
from datetime import date

from django.utils import timezone
from django.utils.html import format_html, format_html_join

from pledges.glossary import PROMISE_NUMBER_LABEL, numbered
from pledges.models import Theme
from pledges.selectors import adopted_version, pledge_summary

PLEDGE_PROGRESS = "pledge-progress"
SURVEY_INDICATOR = "survey-indicator"
PARTICIPATION_EVENTS = "participation-events"
YOU_SAID_WE_DID = "you-said-we-did"
KINDS = {
    PLEDGE_PROGRESS: "Pledge progress table",
    SURVEY_INDICATOR: "Survey result",
    PARTICIPATION_EVENTS: "Participation events and reach",
    YOU_SAID_WE_DID: "You said, We did",
}
# How many items a "You said, We did" block lists (the newest answered first), then "and N more".
YOU_SAID_WE_DID_ITEMS = 25

# The sanitiser writes placeholders in one form: <div data-live-block=".." data-theme=".."></div>
PLACEHOLDER = re.compile(r"<div\b(?P<attrs>[^>]*\bdata-live-block=\"[^\"]*\"[^>]*)>\s*</div>")
_ATTRIBUTE = re.compile(r'(?P<name>data-[a-z-]+)="(?P<value>[^"]*)"')

UNAVAILABLE = "This data is no longer available."


def placeholder(
    kind: str = PLEDGE_PROGRESS,
    theme: str = "all",
    *,
    indicator=None,
    start=None,
    end=None,
    theme_id=None,
) -> str:
    """The placeholder the edit page inserts (plain, so the sanitiser keeps it as it is)."""
    if kind == SURVEY_INDICATOR:
        return format_html('<div data-live-block="{}" data-indicator="{}"></div>', kind, indicator)
    if kind == PARTICIPATION_EVENTS:
        return format_html(
            '<div data-live-block="{}" data-from="{}" data-to="{}"></div>', kind, start, end
        )
    if kind == YOU_SAID_WE_DID:
        return format_html('<div data-live-block="{}" data-theme-id="{}"></div>', kind, theme_id)
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


def _as_date(value):
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _long_date(day) -> str:
    return day.strftime("%-d %B %Y")


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

    def participation_events(self, start: str, end: str, *, frozen_on=None):
        """Events held and young people reached in a period, by district (from the rows)."""
        from participation.outputs import events_reach

        first, last = _as_date(start), _as_date(end)
        if first is None or last is None or first > last:
            return _unavailable()
        reach = events_reach(self.organisation, start=first, end=last)
        caption = f"Participation events and reach, {_long_date(first)} to {_long_date(last)}"
        body = format_html_join(
            "",
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>'
            '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
            '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td></tr>',
            ((row.name, row.events, row.young_people) for row in reach.rows),
        ) or format_html('<tr><td colspan="3">{}</td></tr>', "No events in this period.")
        return format_html(
            '<div class="cp-live-block" data-live-block-rendered="{}">'
            '<div class="cp-table-wrapper" tabindex="0" role="region" aria-label="{}">'
            '<table class="govuk-table"><caption class="govuk-table__caption '
            'govuk-table__caption--s">{}</caption>'
            '<thead class="govuk-table__head"><tr class="govuk-table__row">'
            '<th scope="col" class="govuk-table__header">District</th>'
            '<th scope="col" class="govuk-table__header govuk-table__header--numeric">'
            "Events held</th>"
            '<th scope="col" class="govuk-table__header govuk-table__header--numeric">'
            "Young people reached</th></tr></thead><tbody>{}</tbody>"
            '<tfoot><tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            "In all (an event in two districts counts once)</th>"
            '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
            '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td></tr></tfoot>'
            "</table></div>{}</div>",
            PARTICIPATION_EVENTS,
            caption,
            caption,
            body,
            reach.events,
            reach.young_people,
            _as_at(frozen_on),
        )

    def you_said_we_did(self, theme_id: str, *, frozen_on=None):
        """Approved items of a participation theme, in their checked words, with what was
        done (participation.outputs: never the words as written down, never a name)."""
        from participation.models import Theme as ParticipationTheme
        from participation.outputs import you_said_we_did

        pk = _as_int(theme_id)
        theme = (
            ParticipationTheme.objects.for_organisation(self.organisation).filter(pk=pk).first()
            if pk is not None
            else None
        )
        if theme is None:
            return _unavailable()
        loop = you_said_we_did(self.organisation, theme=theme)
        items = [item for group in loop.themes if group.name == theme.name for item in group.items]
        shown, more = items[:YOU_SAID_WE_DID_ITEMS], max(len(items) - YOU_SAID_WE_DID_ITEMS, 0)

        def we_did(item):
            if not item.responses:
                return format_html("{}", "Not answered yet.")
            return format_html_join(
                "",
                "<p>{}: {}{}</p>",
                (
                    (
                        done.status_label,
                        done.text,
                        format_html(" Why: {}", done.reason) if done.reason else "",
                    )
                    for done in item.responses
                ),
            )

        caption = f"You said, We did: {theme.name}"
        body = format_html_join(
            "",
            '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td>'
            '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td></tr>',
            ((item.words, we_did(item), item.said_on.strftime("%B %Y")) for item in shown),
        ) or format_html('<tr><td colspan="3">{}</td></tr>', "Nothing approved in this theme yet.")
        note = format_html('<p class="govuk-body-s">And {} more.</p>', more) if more else ""
        return format_html(
            '<div class="cp-live-block" data-live-block-rendered="{}">'
            '<div class="cp-table-wrapper" tabindex="0" role="region" aria-label="{}">'
            '<table class="govuk-table"><caption class="govuk-table__caption '
            'govuk-table__caption--s">{}</caption>'
            '<thead class="govuk-table__head"><tr class="govuk-table__row">'
            '<th scope="col" class="govuk-table__header">You said</th>'
            '<th scope="col" class="govuk-table__header">We did</th>'
            '<th scope="col" class="govuk-table__header">Said</th>'
            "</tr></thead><tbody>{}</tbody></table></div>{}"
            '<p class="govuk-body-s">{} item{} approved for publication, {} answered.</p>{}</div>',
            YOU_SAID_WE_DID,
            caption,
            caption,
            body,
            note,
            len(items),
            "" if len(items) == 1 else "s",
            sum(1 for item in items if item.answered),
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
            if kind == PARTICIPATION_EVENTS:
                return str(
                    self.participation_events(
                        attributes.get("data-from"), attributes.get("data-to"), frozen_on=frozen_on
                    )
                )
            if kind == YOU_SAID_WE_DID:
                return str(
                    self.you_said_we_did(attributes.get("data-theme-id"), frozen_on=frozen_on)
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
