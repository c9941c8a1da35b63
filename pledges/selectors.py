"""Read-side queries for the pledge. Each runs a fixed number of queries, whatever the size
of the pledge or the length of its history (tests/pledges/test_query_bounds.py proves it)."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Max, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from .models import (
    Commitment,
    CommitmentAction,
    PledgeSettings,
    PledgeVersion,
    ProgressUpdate,
    Status,
    VersionChange,
    stale_before,
)
from .status import Coverage, combine, counts_in_order, coverage


@dataclass
class ActionRow:
    action: CommitmentAction
    latest: ProgressUpdate | None
    number: str = ""  # "3.2" when the version is numbered

    @property
    def status(self) -> Status:
        return Status(self.latest.status) if self.latest else Status.NOT_STARTED


@dataclass
class CommitmentRow:
    commitment: Commitment
    latest: ProgressUpdate | None  # its own latest approved update (not its actions')
    is_stale: bool
    actions: list = field(default_factory=list)  # ActionRow, in order
    number: str = ""  # "3" when the version is numbered

    @property
    def is_withdrawn(self) -> bool:
        return self.commitment.withdrawn_at is not None

    @property
    def status(self) -> Status:
        """From its actions when it has them, else its own latest approved update
        (status.RULES)."""
        if self.by_actions:
            return combine(a.status for a in self.actions)
        return Status(self.latest.status) if self.latest else Status.NOT_STARTED

    @property
    def by_actions(self) -> bool:
        """Its actions decide its status once any of them has approved progress."""
        return any(a.latest for a in self.actions)

    @property
    def coverage(self) -> Coverage | None:
        """For a promise with actions: how many of them have progress."""
        if not self.actions:
            return None
        return coverage((a.status for a in self.actions), noun="action")

    @property
    def last_update(self) -> ProgressUpdate | None:
        """The newest approved update on the promise or any of its actions."""
        updates = [u for u in [self.latest, *(a.latest for a in self.actions)] if u]
        return max(updates, key=lambda u: (u.as_of, u.approved_at or u.created), default=None)


def _counted(rows):
    return [row for row in rows if not row.is_withdrawn]


@dataclass
class ThemeSummary:
    theme: object
    rows: list = field(default_factory=list)

    @property
    def counted(self):
        return _counted(self.rows)

    @property
    def status(self) -> Status:
        return combine(row.status for row in self.counted)

    @property
    def counts(self):
        return counts_in_order(row.status for row in self.counted)

    @property
    def coverage(self) -> Coverage:
        return coverage(row.status for row in self.counted)


@dataclass
class PledgeSummary:
    version: PledgeVersion
    themes: list
    interval_weeks: int  # a commitment is stale after this long without an approved update

    @property
    def rows(self):
        return [row for theme in self.themes for row in theme.rows]

    @property
    def counted(self):
        return _counted(self.rows)

    @property
    def status(self) -> Status:
        return combine(row.status for row in self.counted)

    @property
    def counts(self):
        return counts_in_order(row.status for row in self.counted)

    @property
    def coverage(self) -> Coverage:
        return coverage(row.status for row in self.counted)

    @property
    def untitled(self) -> bool:
        """One theme with no title: a plan of numbered pledges shows no theme heading."""
        return is_untitled(self.version, [t.theme for t in self.themes])

    @property
    def off_track(self):
        return [r for r in self.counted if r.status in (Status.OFF_TRACK, Status.AT_RISK)]

    @property
    def stale(self):
        return [r for r in self.counted if r.is_stale]


def is_untitled(version, themes) -> bool:
    """A version with a single theme that has no title shows no theme heading."""
    return len(themes) == 1 and not themes[0].title.strip()


def promise_number(version, position_index: int) -> str:
    return str(position_index) if version.numbered else ""


def action_number(promise_number_: str, index: int) -> str:
    return f"{promise_number_}.{index}" if promise_number_ else ""


def promise_numbers(version) -> dict[int, str]:
    """{commitment pk: "3"} for a numbered version (withdrawn promises keep their number);
    {} when the version is not numbered. One query."""
    if not version.numbered:
        return {}
    ids = (
        Commitment.objects.in_version(version).order_by(*PROMISE_ORDER).values_list("pk", flat=True)
    )
    return {pk: str(n) for n, pk in enumerate(ids, start=1)}


PROMISE_ORDER = ("theme__position", "theme_id", "position", "pk")


def _latest_approved(before=None, *, field_name="commitment"):
    updates = ProgressUpdate.objects.approved().filter(**{field_name: OuterRef("pk")})
    if field_name == "commitment":
        updates = updates.filter(action__isnull=True)
    if before is not None:
        updates = updates.filter(approved_at__lt=before)
    return Subquery(updates.order_by("-as_of", "-approved_at", "-pk").values("pk")[:1])


def pledge_summary(version: PledgeVersion, *, today: date | None = None) -> PledgeSummary:
    """Themes, promises, their actions, and each one's latest approved update: five queries
    (settings, themes, promises, actions, updates), whatever the size or the history."""
    weeks = PledgeSettings.for_organisation(version.organisation).update_interval_weeks
    threshold = stale_before(version.organisation, today, weeks=weeks)
    actions = CommitmentAction.objects.annotate(
        latest_id=_latest_approved(field_name="action")
    ).order_by("position", "pk")
    commitments = (
        Commitment.objects.in_version(version)
        .select_related("lead")
        .annotate(latest_id=_latest_approved())
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by(*PROMISE_ORDER)
    )
    themes = list(version.themes.prefetch_related(Prefetch("commitments", queryset=commitments)))
    all_commitments = [c for theme in themes for c in theme.commitments.all()]
    ids = [c.latest_id for c in all_commitments if c.latest_id]
    ids += [a.latest_id for c in all_commitments for a in c.actions.all() if a.latest_id]
    latest = ProgressUpdate.objects.in_bulk(ids)
    summaries = []
    n = 0
    for theme in themes:
        summary = ThemeSummary(theme=theme)
        for commitment in theme.commitments.all():
            n += 1
            number = promise_number(version, n)
            row = CommitmentRow(
                commitment,
                latest.get(commitment.latest_id),
                is_stale=False,
                number=number,
                actions=[
                    ActionRow(action, latest.get(action.latest_id), action_number(number, i))
                    for i, action in enumerate(commitment.actions.all(), start=1)
                ],
            )
            newest = row.last_update
            last = newest.as_of if newest else commitment.created.date()
            row.is_stale = last <= threshold
            summary.rows.append(row)
        summaries.append(summary)
    return PledgeSummary(version=version, themes=summaries, interval_weeks=weeks)


@dataclass
class Change:
    commitment: Commitment
    before: Status
    after: Status
    approved_at: datetime  # the newest approval on the promise or its actions since the date

    @property
    def changed_status(self):
        return self.before != self.after


def changed_since(version: PledgeVersion, since: date) -> list[Change]:
    """Promises with an update (on the promise or one of its actions) approved on or after
    `since`: their status then and now, each derived by status.RULES. Four queries."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    approved_since = Q(
        updates__state=ProgressUpdate.State.APPROVED, updates__approved_at__gte=start
    )
    actions = CommitmentAction.objects.annotate(
        latest_id=_latest_approved(field_name="action"),
        before_id=_latest_approved(before=start, field_name="action"),
    ).order_by("position", "pk")
    commitments = list(
        Commitment.objects.in_version(version)
        .annotate(last_approved=Max("updates__approved_at", filter=approved_since))
        .filter(last_approved__isnull=False)
        .select_related("theme")
        .annotate(latest_id=_latest_approved(), before_id=_latest_approved(before=start))
        .prefetch_related(Prefetch("actions", queryset=actions))
        .order_by(*PROMISE_ORDER)
    )
    ids = [c.latest_id for c in commitments] + [c.before_id for c in commitments]
    ids += [i for c in commitments for a in c.actions.all() for i in (a.latest_id, a.before_id)]
    updates = ProgressUpdate.objects.in_bulk([i for i in ids if i])

    def status(update_id):
        update = updates.get(update_id)
        return Status(update.status) if update else Status.NOT_STARTED

    def derived(commitment, key):
        """By status.RULES: from the actions once any has progress, else its own."""
        acts = commitment.actions.all()
        if any(getattr(a, key) for a in acts):
            return combine(status(getattr(a, key)) for a in acts)
        return status(getattr(commitment, key))

    changes = []
    for commitment in commitments:
        before, after = derived(commitment, "before_id"), derived(commitment, "latest_id")
        changes.append(Change(commitment, before, after, commitment.last_approved))
    return changes


def changes_on_record_since(version: PledgeVersion, since: date) -> list[VersionChange]:
    """The changes to an adopted version on its record (actions added, changed or removed,
    promises withdrawn) made on or after `since`, newest first, with who made them. One
    query; the promise is the caller's to find (the summary already holds it)."""
    start = timezone.make_aware(datetime.combine(since, time.min))
    return list(
        VersionChange.objects.filter(version=version, at__gte=start)
        .select_related("by")
        .order_by("-at", "-pk")
    )


def adopted_version(organisation) -> PledgeVersion | None:
    return PledgeVersion.objects.for_organisation(organisation).adopted().first()
