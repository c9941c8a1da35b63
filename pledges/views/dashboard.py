"""The councillors' view before a meeting: the adopted pledge at a glance, what changed since
a date (progress approved, and changes to the pledge itself on its record), what is off
track or at risk, and what has gone stale.

Every figure comes from the bounded selectors (pledges/selectors.py): the page runs the same
number of queries for one commitment or for fifty-five with ten years of history
(tests/pledges/test_query_bounds.py). What they derive is rendered once per version
generation and kept in the cache (pledges/cache.py, decision 0016): a request for the same
page by a member who would see the same thing reads it back, and an approval changes the key.

Members without VIEW_PLEDGE_NARRATIVES (the co-opted young member) read the pledge as young
people do: each promise's plain wording and the public summaries of approved updates, never
the officers' narratives or the leads' names. The view decides what text each line carries,
so the template cannot show what the member may not read.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.shortcuts import render
from django.utils import timezone

from corporate_parenting.access import capability_required
from corporate_parenting.roles import Capability

from .. import cache as pledge_cache
from ..models import Status, VersionChange
from ..selectors import changed_since, changes_on_record_since
from ..status import RULES, SEVERITY

DEFAULT_SINCE_DAYS = 90
EARLIEST_SINCE = date(2000, 1, 1)


class SinceForm(forms.Form):
    since = forms.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": "Enter a date, for example 2026-01-31",
            "invalid": "Enter the date as year-month-day, for example 2026-01-31",
        },
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_since(self):
        since = self.cleaned_data["since"]
        if since > self.today:
            raise forms.ValidationError("The date must be today or in the past")
        if since < EARLIEST_SINCE:
            raise forms.ValidationError("The date must be on or after 1 January 2000")
        return since


def default_since(organisation, today: date) -> date:
    # TODO(boards): once the boards app exists, default to the date of the board's last
    # meeting (the councillors' question is "what changed since we last met?").
    return today - timedelta(days=DEFAULT_SINCE_DAYS)


@dataclass(frozen=True)
class Line:
    """One commitment as this member may read it."""

    url: str
    theme: str
    number: str  # "3" in a numbered version, else ""
    wording: str
    status: Status
    coverage: str  # "2 of 5 actions have progress", for a promise with actions; else ""
    text: str  # the narrative, or the public summary for members who read plain words
    lead: str  # "" for members who may not see leads
    last_update: date | None


def _line(row, theme_title, *, narratives: bool) -> Line:
    commitment, update = row.commitment, row.last_update
    if narratives:
        text = update.narrative if update else ""
        lead = str(commitment.lead) if commitment.lead else ""
    else:
        text = update.public_summary if update else ""
        lead = ""
    return Line(
        url=commitment.get_absolute_url(),
        theme=theme_title,
        number=row.number,
        wording=commitment.wording if narratives else commitment.plain_wording,
        status=row.status,
        coverage=str(row.coverage) if row.coverage else "",
        text=text,
        lead=lead,
        last_update=update.as_of if update else None,
    )


@dataclass(frozen=True)
class ChangeLine:
    line: Line
    before: Status
    after: Status
    approved_at: object

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class RecordLine:
    """A change to the adopted version on its record (services write them), as this member
    may read it."""

    url: str
    number: str
    wording: str  # the promise it is on
    kind: str  # "Action added", "Action changed", "Action removed", "Promise withdrawn"
    what: str  # what changed; "" when the promise line says it all, or may not be shown
    reason: str
    by: str  # "" for members who may not see officers' names
    at: object


def _record_line(change, row, *, narratives: bool) -> RecordLine:
    commitment = row.commitment
    what = change.summary
    if change.kind == VersionChange.Kind.PROMISE_WITHDRAWN:
        what = ""  # the summary is the promise's wording, already the line's
    elif change.kind == VersionChange.Kind.ACTION_CHANGED and not narratives:
        # The field-by-field change may name the responsible officer: plain words only.
        what = ""
    return RecordLine(
        url=commitment.get_absolute_url(),
        number=row.number,
        wording=commitment.wording if narratives else commitment.plain_wording,
        kind=change.get_kind_display(),
        what=what,
        reason=change.reason,
        by=str(change.by) if narratives and change.by else "",
        at=change.at,
    )


@capability_required(Capability.VIEW_PLEDGE)
def index(request):
    membership = request.membership
    organisation = request.organisation
    narratives = membership.can(Capability.VIEW_PLEDGE_NARRATIVES)
    today = timezone.localdate()
    links = {
        "can_manage": membership.can(Capability.MANAGE_PLEDGE),
        "can_approve": membership.can(Capability.APPROVE_PROGRESS),
        "can_record": membership.can(Capability.RECORD_PROGRESS),
        "can_report": narratives,
    }

    version = pledge_cache.adopted_version(organisation)
    if version is None:
        return render(request, "pledges/dashboard.html", {"version": None, **links})
    version.organisation = organisation  # already loaded: saves a query

    if "since" in request.GET:
        form = SinceForm(request.GET, today=today)
        since = (
            form.cleaned_data["since"] if form.is_valid() else default_since(organisation, today)
        )
    else:
        since = default_since(organisation, today)
        form = SinceForm(initial={"since": since}, today=today)
    since_value = request.GET["since"] if form.errors else since.isoformat()
    # What the page shows besides the version's derived state: all of it is in the key, so
    # members who would see the same page share one rendering (pledges/cache.py).
    key = pledge_cache.page_key(
        "dashboard",
        "pledges/dashboard.html",
        version,
        today=today,
        organisation=organisation,
        narratives=narratives,
        since=since,
        since_value=since_value,
        errors=form.errors.get("since", ""),
        **links,
    )
    context = {
        "version": version,
        "form": form,
        "since": since,
        "since_value": since_value,
        "narratives": narratives,
        **links,
    }
    return pledge_cache.render_page(
        request,
        "pledges/dashboard.html",
        key,
        context,
        lambda: _derived(version, since, today, narratives=narratives),
    )


def _derived(version, since, today, *, narratives):
    """What the page derives from the version's approved history: only built when the
    content is not in the cache."""
    summary = pledge_cache.summary(version, today=today)
    lines = {}
    themes = []
    for theme in summary.themes:
        for row in theme.counted:
            lines[row.commitment.pk] = _line(row, theme.theme.title, narratives=narratives)
        themes.append(
            {
                "title": theme.theme.title,
                "total": len(theme.counted),
                "counts": [count for _status, count in theme.counts],
                "status": theme.status,
                "coverage": theme.coverage,
            }
        )
    changes = [
        ChangeLine(
            # The summary's line: it carries the lead without another query per commitment.
            line=lines[change.commitment.pk],
            before=change.before,
            after=change.after,
            approved_at=change.approved_at,
        )
        for change in changed_since(version, since)
        if change.commitment.pk in lines  # (a commitment added between the two reads)
    ]
    rows = {row.commitment.pk: row for row in summary.rows}  # withdrawn ones too
    record = [
        _record_line(change, rows[change.commitment_id], narratives=narratives)
        for change in changes_on_record_since(version, since)
        if change.commitment_id in rows  # (a promise added between the two reads)
    ]
    return {
        "summary_status": summary.status,
        "coverage": summary.coverage,
        "untitled": summary.untitled,
        "severity": SEVERITY,
        "themes": themes,
        "totals": [count for _status, count in summary.counts],
        "total": len(summary.counted),
        "rules": RULES,
        "default_days": DEFAULT_SINCE_DAYS,
        "changes": changes,
        "record": record,
        "attention": sorted(
            (lines[row.commitment.pk] for row in summary.off_track),
            key=lambda line: SEVERITY.index(line.status),
        ),
        "stale": [lines[row.commitment.pk] for row in summary.stale],
        "interval_weeks": summary.interval_weeks,
    }
