"""Closing the loop with young people: what every "You said, We did" output shows.

One reading of the data serves every output (the public page, the district and group pages
and their one-page sheets, the quarterly newsletter, the report blocks in boards.papers):

- `you_said_we_did()`: approved items only (`Feedback.objects.public()`), in their checked
  words (`public_text`, never `text`), grouped by theme, each with what was done (the
  response's words, its status in plain words, the latest public reason, its date). No
  person is named: not the officer who wrote it down, not who approved it, not `by_whom`.
- `events_reach()`: events held and young people reached, by district, summed from the
  attendance rows (never typed totals).

Both return plain dataclasses, never model objects, so a template cannot reach `text` or a
name by a slip. The PDFs go through the one PDF pipeline (corporate_parenting.pdf):
`loop_sheet_request()` asks for one (the request views call it), and `render_loop_sheet()`,
run by the Celery task `participation.tasks.render_loop_sheet`, claims and renders it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from corporate_parenting import pdf
from corporate_parenting.models import District
from corporate_parenting.pdf.jobs import render_job_request, render_job_run

from .models import Attendance, Event, Feedback, LoopSheet, Response, Theme, YouthGroup

logger = logging.getLogger(__name__)

NO_THEME = "Other things you said"
# A sheet is one A4 page in large print: at most this many items, then "and N more at ...".
SHEET_ITEMS = 6
# The newsletter is a few pages: at most this many items per theme, then "and N more".
NEWSLETTER_ITEMS_PER_THEME = 8
DEFAULT_MONTHS = 12


# What is shown ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeDid:
    """One response to an item, in public words."""

    text: str
    status: str
    status_label: str
    responded_on: date
    reason: str  # the latest public reason for its status, or ""
    reason_on: date | None


@dataclass(frozen=True)
class YouSaid:
    """One approved item, in its checked words, with what was done about it."""

    reference: str
    words: str
    kind_label: str
    said_on: date
    district: str
    responses: tuple[WeDid, ...]

    @property
    def answered(self) -> bool:
        return bool(self.responses)


@dataclass
class ThemeItems:
    name: str
    items: list[YouSaid] = field(default_factory=list)

    @property
    def answered_count(self) -> int:
        return sum(1 for item in self.items if item.answered)


@dataclass(frozen=True)
class Loop:
    """What a "You said, We did" output shows: items by theme, and the counts."""

    themes: list[ThemeItems]
    item_count: int  # distinct items (an item in two themes is listed under both)
    answered_count: int

    def capped(self, limit: int) -> tuple[list[ThemeItems], int]:
        """The themes holding at most `limit` items in all (answered ones first, newest
        first), and how many distinct items were left out."""
        shown, seen, kept = [], set(), 0
        for theme in self.themes:
            items = []
            for item in theme.items:
                if item.reference in seen:
                    items.append(item)  # already counted under another theme
                    continue
                if kept >= limit:
                    continue
                seen.add(item.reference)
                kept += 1
                items.append(item)
            if items:
                shown.append(ThemeItems(theme.name, items))
        return shown, self.item_count - kept


def _we_did(response: Response) -> WeDid:
    history = list(response.history.all())  # ordered by changed_on, pk
    latest = history[-1] if history else None
    return WeDid(
        text=response.text,
        status=response.status,
        status_label=response.get_status_display(),
        responded_on=response.responded_on,
        reason=latest.reason if latest else "",
        reason_on=latest.changed_on if latest else None,
    )


def public_feedback(
    organisation,
    *,
    district=None,
    group=None,
    theme=None,
    start: date | None = None,
    end: date | None = None,
):
    """The approved items of `organisation` (the one door: Feedback.objects.public()), of a
    district, of a youth group's events, of a theme, said in [start, end]."""
    items = Feedback.objects.for_organisation(organisation).public()
    if district is not None:
        items = items.filter(
            Q(district=district) | Q(district__isnull=True, event__districts=district)
        )
    if group is not None:
        items = items.filter(event__group=group)
    if theme is not None:
        items = items.filter(themes=theme)
    if start is not None:
        items = items.filter(said_on__gte=start)
    if end is not None:
        items = items.filter(said_on__lte=end)
    return items.distinct()


def you_said_we_did(organisation, **filters) -> Loop:
    """Approved items by theme (the organisation's order; items with no theme last), each
    with its responses, answered items first and the newest first within a theme. Four
    queries, whatever the number of items."""
    responses = Response.objects.prefetch_related("history").order_by("responded_on", "pk")
    items = (
        public_feedback(organisation, **filters)
        .select_related("district")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("position", "name")),
            Prefetch("responses", queryset=responses),
        )
        .order_by("-said_on", "-pk")
    )
    by_theme: dict = defaultdict(list)
    order: dict = {}
    count = answered = 0
    for feedback in items:
        shown = YouSaid(
            reference=str(feedback.reference),
            words=feedback.public_text,
            kind_label=feedback.get_kind_display(),
            said_on=feedback.said_on,
            district=feedback.district.name if feedback.district_id else "",
            responses=tuple(_we_did(r) for r in feedback.responses.all()),
        )
        count += 1
        answered += shown.answered
        themes = list(feedback.themes.all()) or [None]
        for theme in themes:
            key = (0, theme.position, theme.name) if theme else (1, 0, NO_THEME)
            order[key] = theme.name if theme else NO_THEME
            by_theme[key].append(shown)
    themes = []
    for key in sorted(order):
        listed = sorted(by_theme[key], key=lambda item: not item.answered)  # stable: keeps dates
        themes.append(ThemeItems(order[key], listed))
    return Loop(themes=themes, item_count=count, answered_count=answered)


# Events and reach ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictReach:
    name: str
    events: int
    young_people: int


@dataclass(frozen=True)
class Reach:
    start: date
    end: date
    rows: list[DistrictReach]  # each district of the organisation, then "Not recorded"
    events: int  # distinct events in the period (an event of two districts counts once)
    young_people: int  # summed from every attendance row of the period's events


NOT_RECORDED = "District not recorded"


def events_reach(organisation, *, start: date, end: date) -> Reach:
    """Events held and young people reached in [start, end], by district, from the rows."""
    events = Event.objects.for_organisation(organisation).filter(date__gte=start, date__lte=end)
    held: dict = defaultdict(int)
    for district_id in events.values_list("districts", flat=True):
        if district_id is not None:
            held[district_id] += 1
    reached: dict = defaultdict(int)
    rows = Attendance.objects.filter(
        event__in=events, group__in=Attendance.YOUNG_PEOPLE
    ).values_list("district", "count")
    for district_id, count in rows:
        reached[district_id] += count
    districts = District.objects.for_organisation(organisation).order_by("position", "name")
    table = [
        DistrictReach(d.name, held.get(d.pk, 0), reached.get(d.pk, 0))
        for d in districts
        if held.get(d.pk) or reached.get(d.pk)
    ]
    if reached.get(None):
        table.append(DistrictReach(NOT_RECORDED, 0, reached[None]))
    return Reach(
        start=start,
        end=end,
        rows=table,
        events=events.count(),
        young_people=sum(reached.values()),
    )


# Periods ---------------------------------------------------------------------------------------


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months, to today."""
    today = today or timezone.localdate()
    try:
        start = today.replace(year=today.year - 1) + timedelta(days=1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28) + timedelta(days=1)
    return start, today


def quarter_of(day: date) -> tuple[date, date]:
    """The calendar quarter holding `day`: (its first day, its last day)."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    following = date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    return start, following - timedelta(days=1)


def quarter_label(start: date) -> str:
    _start, end = quarter_of(start)
    return f"{start:%B} to {end:%B %Y}"


def recent_quarters(count: int = 8, today: date | None = None) -> list[tuple[date, date]]:
    """The quarter holding today and the `count - 1` before it, newest first."""
    today = today or timezone.localdate()
    quarters, day = [], today
    for _ in range(count):
        start, end = quarter_of(day)
        quarters.append((start, end))
        day = start - timedelta(days=1)
    return quarters


# Where young people read the rest --------------------------------------------------------------


def public_url(organisation, *, district=None, group=None) -> str:
    """The public page's full address (SITE_URL), filtered to a district or group."""
    url = reverse("participation_public:you_said_we_did", args=[organisation.slug])
    if district is not None:
        url = f"{url}?district={district.pk}"
    elif group is not None:
        url = f"{url}?group={group.pk}"
    return f"{settings.SITE_URL.rstrip('/')}{url}"


# The PDFs --------------------------------------------------------------------------------------


def sheet_context(sheet: LoopSheet, *, limit: int = SHEET_ITEMS) -> dict:
    """What a sheet (at most `limit` items) or the newsletter prints."""
    organisation = sheet.organisation
    filters = {"start": sheet.period_start, "end": sheet.period_end}
    if sheet.kind == LoopSheet.Kind.NEWSLETTER:
        loop = you_said_we_did(organisation, **filters)
        themes, more = loop.capped(NEWSLETTER_ITEMS_PER_THEME * max(len(loop.themes), 1))
        return {
            "organisation": organisation,
            "sheet": sheet,
            "title": f"You said, We did: {quarter_label(sheet.period_start)}",
            "loop": loop,
            "themes": themes,
            "more": more,
            "more_url": public_url(organisation),
            "reach": events_reach(organisation, start=sheet.period_start, end=sheet.period_end),
            "words_limit": 500,
            "done_limit": 1200,
            "font_size": "12pt",
        }
    subject = {"district": sheet.district} if sheet.district_id else {"group": sheet.group}
    loop = you_said_we_did(organisation, **subject, **filters)
    themes, more = loop.capped(limit)
    return {
        "organisation": organisation,
        "sheet": sheet,
        "title": f"You said, We did: {sheet.subject_name}",
        "loop": loop,
        "themes": themes,
        "more": more,
        "more_url": public_url(organisation, **subject),
        # Long words are cut on the sheet (the whole text is online): one item always fits.
        "words_limit": 220,
        "done_limit": 260,
    }


SHEET_TEMPLATES = {
    LoopSheet.Kind.DISTRICT: "participation/outputs/pdf/sheet.html",
    LoopSheet.Kind.GROUP: "participation/outputs/pdf/sheet.html",
    LoopSheet.Kind.NEWSLETTER: "participation/outputs/pdf/newsletter.html",
}


def render_sheet_pdf(sheet: LoopSheet) -> bytes:
    """The sheet or newsletter as a tagged PDF, through the one PDF pipeline. A sheet is one
    page: while it runs over, it is laid out again with one item fewer (the rest are counted
    in "and N more at <the public page>")."""
    template = SHEET_TEMPLATES[sheet.kind]
    if sheet.kind == LoopSheet.Kind.NEWSLETTER:
        return pdf.render_pdf(render_to_string(template, sheet_context(sheet)))
    limit = SHEET_ITEMS
    while True:
        document = pdf.render_document(
            render_to_string(template, sheet_context(sheet, limit=limit))
        )
        if len(document.pages) == 1 or limit == 0:
            return pdf.write_pdf(document)
        limit -= 1


def _render(sheet: LoopSheet) -> tuple[bytes, str]:
    return render_sheet_pdf(sheet), sheet.download_filename()


def render_loop_sheet(sheet_id: int) -> LoopSheet | None:
    """Render a queued sheet to PDF; claims it first, so running twice does nothing."""
    return render_job_run(
        LoopSheet,
        sheet_id,
        render=_render,
        queryset=LoopSheet.objects.select_related("organisation", "district", "group"),
    )


def loop_sheet_request(
    *,
    organisation,
    kind: str,
    start: date,
    end: date,
    by,
    district: District | None = None,
    group: YouthGroup | None = None,
) -> LoopSheet:
    """The PDF for this subject and period: the one already on its way, or a new one queued
    for `render_loop_sheet`. The subject row (the district, the group, or the organisation
    for a newsletter) is locked, so two clicks queue one render."""
    from corporate_parenting.models import Organisation

    from .tasks import render_loop_sheet as task

    if kind == LoopSheet.Kind.DISTRICT:
        subject = District.objects.filter(pk=district.pk)
    elif kind == LoopSheet.Kind.GROUP:
        subject = YouthGroup.objects.filter(pk=group.pk)
    else:
        subject = Organisation.objects.filter(pk=organisation.pk)
    return render_job_request(
        subject=subject,
        jobs=LoopSheet.objects.for_organisation(organisation).filter(
            kind=kind, district=district, group=group, period_start=start, period_end=end
        ),
        new=lambda: LoopSheet(
            organisation=organisation,
            kind=kind,
            district=district,
            group=group,
            period_start=start,
            period_end=end,
            requested_by=by,
        ),
        task=task,
    )
