"""Time the pledge pages on a large pledge: median and 95th percentile, and queries per request.

    .venv/bin/python bench/pledges.py [-n 200]

Builds a throwaway SQLite database in /tmp and migrates it, then builds two councils: one with
a one-promise pledge, one with 55 promises in 6 themes and ten years of quarterly approved
progress (2,200 updates, plus a few waiting for approval). GETs the councillors' view
(/pledge/, signed in as a councillor) and the young people's page (/p/<slug>/pledge/, signed
out) N times each through django.test.Client. Figures are printed for comparison between runs
on the same machine; nothing here asserts a timing.
"""

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder is sys.path[0]; swap it for the project root so the project
# imports.
sys.path[0] = str(ROOT)

from bench import harness  # noqa: E402 - after the path is set

SHAPES = {
    "1 promise": {"themes": 1, "commitments": 1, "years": 1, "pending": 0},
    "55 promises, 10 years": {"themes": 6, "commitments": 55, "years": 10, "pending": 5},
}


def build_council(slug, name, *, themes, commitments, years, pending):
    """A council with a councillor, a lead officer and an adopted pledge of this shape, its
    updates bulk-created (quarterly, the latest a month ago). Returns (organisation,
    councillor)."""
    from corporate_parenting.models import Membership, Organisation, User
    from corporate_parenting.roles import Role
    from tests.pledges.builders import build_pledge

    organisation = Organisation.objects.create(name=name, slug=slug)
    councillor = User.objects.create_user(f"councillor@{slug}.example.org", full_name="Cllr Bench")
    lead = User.objects.create_user(f"lead@{slug}.example.org", full_name="Lead Officer")
    Membership.objects.create(user=councillor, organisation=organisation, role=Role.COUNCILLOR)
    Membership.objects.create(user=lead, organisation=organisation, role=Role.OFFICER)

    build_pledge(
        organisation,
        themes=themes,
        commitments=commitments,
        years=years,
        pending=pending,
        lead=lead,
    )
    return organisation, councillor


def run(iterations: int) -> None:

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
            rows.append((shape_name, page_name, *harness.measure(client, path, iterations)))

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
    harness.main(run, description=__doc__.splitlines()[0], prefix="cp-bench-pledges-")


if __name__ == "__main__":
    main()
