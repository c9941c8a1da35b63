"""Read-side queries for the pledge. Each runs a fixed number of queries, whatever the size
of the pledge or the length of its history (tests/pledges/test_query_bounds.py proves it)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils import timezone

from .models import (
    Commitment,
    PledgeSettings,
    PledgeVersion,
    ProgressUpdate,
    Status,
    stale_before,
)
from .status import combine, counts_in_order


@dataclass
class CommitmentRow:
    commitment: Commitment
    latest: ProgressUpdate | None
    is_stale: bool

    @property
    def status(self) -> Status:
        return Status(self.latest.status) if self.latest else Status.NOT_STARTED


@dataclass
class ThemeSummary:
    theme: object
    rows: list = field(default_factory=list)

    @property
    def status(self) -> Status:
        return combine(row.status for row in self.rows)

    @property
    def counts(self):
        return counts_in_order(row.status for row in self.rows)


@dataclass
class PledgeSummary:
    version: PledgeVersion
    themes: list
    interval_weeks: int  # a commitment is stale after this long without an approved update

    @property
    def rows(self):
        return [row for theme in self.themes for row in theme.rows]

    @property
    def status(self) -> Status:
        return combine(row.status for row in self.rows)

    @property
    def counts(self):
        return counts_in_order(row.status for row in self.rows)

    @property
    def off_track(self):
        return [r for r in self.rows if r.status in (Status.OFF_TRACK, Status.AT_RISK)]

    @property
    def stale(self):
        return [r for r in self.rows if r.is_stale]


def _latest_approved(before=None):
    updates = ProgressUpdate.objects.approved().filter(commitment=OuterRef("pk"))
    if before is not None:
        updates = updates.filter(approved_at__lt=before)
    return Subquery(updates.order_by("-as_of", "-approved_at", "-pk").values("pk")[:1])


def pledge_summary(version: PledgeVersion, *, today: date | None = None) -> PledgeSummary:
    """Themes, commitments and each commitment's latest approved update: three queries."""
    weeks = PledgeSettings.for_organisation(version.organisation).update_interval_weeks
    threshold = stale_before(version.organisation, today, weeks=weeks)
    commitments = (
        Commitment.objects.in_version(version)
        .select_related("lead")
        .annotate(latest_id=_latest_approved())
        .order_by("theme__position", "theme_id", "position", "pk")
    )
    themes = list(version.themes.prefetch_related(Prefetch("commitments", queryset=commitments)))
    all_commitments = [c for theme in themes for c in theme.commitments.all()]
    latest = ProgressUpdate.objects.in_bulk([c.latest_id for c in all_commitments if c.latest_id])
    summaries = []
    for theme in themes:
        summary = ThemeSummary(theme=theme)
        for commitment in theme.commitments.all():
            update = latest.get(commitment.latest_id)
            last = update.as_of if update else commitment.created.date()
            summary.rows.append(CommitmentRow(commitment, update, is_stale=last <= threshold))
        summaries.append(summary)
    return PledgeSummary(version=version, themes=summaries, interval_weeks=weeks)


@dataclass
class Change:
    commitment: Commitment
    before: Status
    after: Status
    update: ProgressUpdate

    @property
    def changed_status(self):
        return self.before != self.after


def changed_since(version: PledgeVersion, since: date) -> list[Change]:
    """Commitments with an update approved on or after `since`: status then and now."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    commitments = list(
        Commitment.objects.in_version(version)
        .select_related("theme")
        .annotate(latest_id=_latest_approved(), before_id=_latest_approved(before=start))
        .filter(updates__state=ProgressUpdate.State.APPROVED, updates__approved_at__gte=start)
        .distinct()
        .order_by("theme__position", "position", "pk")
    )
    ids = [c.latest_id for c in commitments] + [c.before_id for c in commitments if c.before_id]
    updates = ProgressUpdate.objects.in_bulk(ids)
    changes = []
    for commitment in commitments:
        before = updates.get(commitment.before_id)
        changes.append(
            Change(
                commitment=commitment,
                before=Status(before.status) if before else Status.NOT_STARTED,
                after=Status(updates[commitment.latest_id].status),
                update=updates[commitment.latest_id],
            )
        )
    return changes


def adopted_version(organisation) -> PledgeVersion | None:
    return PledgeVersion.objects.for_organisation(organisation).adopted().first()
