"""Builds a large pledge fast (bulk inserts), for the query-bound tests and bench/pledges.py.

Only for tests and benchmarks: bulk_create skips the audit trail's signals on purpose.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from pledges.models import Commitment, PledgeVersion, ProgressUpdate, Status, Theme

STATUS_CYCLE = [Status.ON_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.OFF_TRACK, Status.ACHIEVED]


def build_pledge(organisation, *, themes, commitments, years, pending=0, lead=None):
    """An adopted pledge with quarterly approved updates going back `years` (the latest a
    month ago, so each page has something changed since its default date), and `pending`
    updates waiting for approval."""
    today = timezone.localdate()
    version = PledgeVersion.objects.create(
        organisation=organisation,
        title="Our Pledge to children in care",
        label="2016 revision",
        state=PledgeVersion.State.ADOPTED,
        adopted_on=today - timedelta(days=365 * years + 30),
        adopted_by="Full Council",
        introduction="Our promises to you.",
    )
    theme_rows = Theme.objects.bulk_create(
        Theme(
            organisation=organisation,
            version=version,
            title=f"Theme {t + 1}",
            lead_in="We will support you to",
            position=t,
        )
        for t in range(themes)
    )
    created = timezone.now() - timedelta(days=365 * years + 30)
    commitment_rows = Commitment.objects.bulk_create(
        Commitment(
            organisation=organisation,
            theme=theme_rows[c % themes],
            position=c,
            wording=f"We will keep promise {c + 1}",
            young_people_wording=f"promise {c + 1} in plain words",
            lead=lead,
            created=created,
        )
        for c in range(commitments)
    )
    updates = []
    for i, commitment in enumerate(commitment_rows):
        for quarter in range(4 * years):
            as_of = today - timedelta(days=30 + 91 * quarter)
            updates.append(
                ProgressUpdate(
                    organisation=organisation,
                    commitment=commitment,
                    as_of=as_of,
                    status=STATUS_CYCLE[(i + quarter) % len(STATUS_CYCLE)],
                    narrative=f"Quarter {quarter}: what happened, with figures.",
                    public_summary=f"What we did in quarter {quarter}.",
                    state=ProgressUpdate.State.APPROVED,
                    submitted_at=timezone.make_aware(datetime.combine(as_of, time(9))),
                    approved_at=timezone.make_aware(datetime.combine(as_of, time(15))),
                    author=lead,
                    reviewed_by=lead,
                )
            )
    for i in range(pending):
        updates.append(
            ProgressUpdate(
                organisation=organisation,
                commitment=commitment_rows[i % len(commitment_rows)],
                as_of=today,
                status=Status.ACHIEVED,
                narrative="Waiting for approval.",
                state=ProgressUpdate.State.SUBMITTED,
                submitted_at=timezone.now(),
                author=lead,
            )
        )
    ProgressUpdate.objects.bulk_create(updates, batch_size=500)
    return version
