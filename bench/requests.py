"""Time the main pages in-process: median and 95th percentile, and queries per request.

    .venv/bin/python bench/requests.py [-n 200]

Builds a throwaway SQLite database in /tmp, migrates it, loads the demo data, signs in as the
demo administrator and GETs each page N times through django.test.Client. Figures are printed
for comparison between runs on the same machine; nothing here asserts a timing.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder is sys.path[0]; swap it for the project root so the project
# imports and this file does not shadow a `requests` package.
sys.path[0] = str(ROOT)

from bench import harness  # noqa: E402 - after the path is set

PATHS = ["/", "/members/", "/audit/", "/health/"]
ADMIN_EMAIL = "admin@example.org"


def run(iterations: int) -> None:

    import django

    django.setup()

    from django.core.management import call_command
    from django.test import Client

    from corporate_parenting import demo
    from corporate_parenting.models import User

    call_command("migrate", verbosity=0, interactive=False)
    demo.load()

    client = Client()
    # force_login skips authentication, so django-axes plays no part. The password is
    # demo.DEMO_PASSWORD, should anyone want to sign in through the form instead.
    client.force_login(User.objects.get(email=ADMIN_EMAIL))

    rows = [(path, *harness.measure(client, path, iterations)) for path in PATHS]

    print(f"{iterations} GETs per page as {ADMIN_EMAIL}, SQLite, DEBUG=false, in-process")
    header = ("path", "status", "median ms", "p95 ms", "queries", "max queries")
    print(
        f"{header[0]:<12} {header[1]:>6} {header[2]:>10} {header[3]:>8} {header[4]:>8} "
        f"{header[5]:>12}"
    )
    for path, status, median_ms, p95_ms, median_queries, max_queries in rows:
        print(
            f"{path:<12} {status:>6} {median_ms:>10.2f} {p95_ms:>8.2f} {median_queries:>8g} "
            f"{max_queries:>12}"
        )


def main() -> None:
    harness.main(run, description=__doc__.splitlines()[0], prefix="cp-bench-")


if __name__ == "__main__":
    main()
