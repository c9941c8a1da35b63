"""Time the pledge pages on a large pledge: median and 95th percentile, and queries per request.

    .venv/bin/python bench/pledges.py [-n 200]

Builds a throwaway SQLite database in /tmp and migrates it, then builds two councils: one with
a one-promise pledge, one with 55 promises in 6 themes and ten years of quarterly approved
progress (2,200 updates, plus a few waiting for approval). GETs the councillors' view
(/pledge/, signed in as a councillor) and the young people's page (/p/<slug>/pledge/, signed
out) N times each through django.test.Client. Figures are printed for comparison between runs
on the same machine; nothing here asserts a timing.
"""

import argparse
import math
import os
import secrets
import statistics
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder is sys.path[0]; swap it for the project root so the project
# imports.
sys.path[0] = str(ROOT)

SHAPES = {
    "1 promise": {"themes": 1, "commitments": 1, "years": 1, "pending": 0},
    "55 promises, 10 years": {"themes": 6, "commitments": 55, "years": 10, "pending": 5},
}


def configure_environment(database: Path) -> None:
    """Production-like settings on a throwaway database, set before Django reads them."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "corporate_parenting.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["DEBUG"] = "false"
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(64)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    # No collectstatic here, so no manifest: serve static names unhashed.
    os.environ["PLAIN_STATIC_STORAGE"] = "true"
    # Celery in-process and mail to the console: the benchmark needs no services.
    os.environ["REDIS_URL"] = ""
    os.environ["EMAIL_URL"] = ""
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.pop("DJANGO_READ_DOT_ENV_FILE", None)


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def build_council(slug, name, *, themes, commitments, years, pending):
    """A council with a councillor, a lead officer and an adopted pledge of this shape, its
    updates bulk-created (quarterly, the latest a month ago). Returns (organisation,
    councillor)."""
    from django.utils import timezone

    from corporate_parenting.models import Membership, Organisation, User
    from corporate_parenting.roles import Role
    from pledges.models import Commitment, PledgeVersion, ProgressUpdate, Status, Theme

    cycle = [Status.ON_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.OFF_TRACK, Status.ACHIEVED]
    organisation = Organisation.objects.create(name=name, slug=slug)
    councillor = User.objects.create_user(f"councillor@{slug}.example.org", full_name="Cllr Bench")
    lead = User.objects.create_user(f"lead@{slug}.example.org", full_name="Lead Officer")
    Membership.objects.create(user=councillor, organisation=organisation, role=Role.COUNCILLOR)
    Membership.objects.create(user=lead, organisation=organisation, role=Role.OFFICER)

    today = timezone.localdate()
    version = PledgeVersion.objects.create(
        organisation=organisation,
        title="Our Pledge to children in care and care leavers",
        label="2016 revision",
        state=PledgeVersion.State.ADOPTED,
        adopted_on=today - timedelta(days=365 * years + 30),
        adopted_by="Full Council",
        introduction="We are your corporate parents. These are our promises to you.",
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
            wording=f"We will keep promise {c + 1}, as the board reads it.",
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
                    status=cycle[(i + quarter) % len(cycle)],
                    narrative=f"Quarter {quarter}: what happened, with figures. " * 5,
                    public_summary=f"What we did in quarter {quarter}, in plain words.",
                    state=ProgressUpdate.State.APPROVED,
                    submitted_at=timezone.make_aware(datetime.combine(as_of, clock(9))),
                    approved_at=timezone.make_aware(datetime.combine(as_of, clock(15))),
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
    return organisation, councillor


def measure(client, path, iterations):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm up: template compilation, first-read setup (pledge settings)
    timings_ms: list[float] = []
    queries: list[int] = []
    statuses: set[int] = set()
    for _ in range(iterations):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(path)
            timings_ms.append((time.perf_counter() - start) * 1000)
        queries.append(len(captured))
        statuses.add(response.status_code)
    return (
        ",".join(str(status) for status in sorted(statuses)),
        statistics.median(timings_ms),
        percentile(timings_ms, 0.95),
        statistics.median(queries),
        max(queries),
    )


def run(iterations: int) -> None:
    # WhiteNoise notes that STATIC_ROOT was never collected; irrelevant to these pages.
    warnings.filterwarnings("ignore", message="No directory at: ")

    import django

    django.setup()

    from django.core.management import call_command
    from django.test import Client

    from pledges.models import ProgressUpdate

    call_command("migrate", verbosity=0, interactive=False)

    rows = []
    for n, (shape_name, shape) in enumerate(SHAPES.items()):
        start = time.perf_counter()
        organisation, councillor = build_council(f"bench-{n}", f"Bench Council {n}", **shape)
        built_s = time.perf_counter() - start
        approved = ProgressUpdate.objects.for_organisation(organisation).approved().count()
        print(
            f"{shape_name}: {shape['themes']} theme(s), "
            f"{approved} approved updates, built in {built_s:.1f} s"
        )
        signed_in = Client()
        # force_login skips authentication, so django-axes plays no part.
        signed_in.force_login(councillor)
        pages = [
            ("councillors' view", signed_in, "/pledge/"),
            ("public page", Client(), f"/p/{organisation.slug}/pledge/"),
        ]
        for page_name, client, path in pages:
            rows.append((shape_name, page_name, *measure(client, path, iterations)))

    print()
    print(f"{iterations} GETs per page, SQLite, DEBUG=false, in-process")
    header = ("pledge", "page", "status", "median ms", "p95 ms", "queries", "max queries")
    print(
        f"{header[0]:<22} {header[1]:<18} {header[2]:>6} {header[3]:>10} {header[4]:>8} "
        f"{header[5]:>8} {header[6]:>12}"
    )
    for shape_name, page_name, status, median_ms, p95_ms, median_queries, max_queries in rows:
        print(
            f"{shape_name:<22} {page_name:<18} {status:>6} {median_ms:>10.2f} {p95_ms:>8.2f} "
            f"{median_queries:>8g} {max_queries:>12}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--iterations", type=int, default=200, help="GETs per page")
    args = parser.parse_args()

    handle, name = tempfile.mkstemp(prefix="cp-bench-pledges-", suffix=".sqlite3")
    os.close(handle)
    database = Path(name)
    configure_environment(database)
    try:
        run(args.iterations)
    finally:
        from django.db import connections

        connections.close_all()
        database.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
