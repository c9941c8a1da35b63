"""Time the main pages in-process: median and 95th percentile, and queries per request.

    .venv/bin/python bench/requests.py [-n 200]

Builds a throwaway SQLite database in /tmp, migrates it, loads the demo data, signs in as the
demo administrator and GETs each page N times through django.test.Client. Figures are printed
for comparison between runs on the same machine; nothing here asserts a timing.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder is sys.path[0]; swap it for the project root so the project
# imports and this file does not shadow a `requests` package.
sys.path[0] = str(ROOT)

PATHS = ["/", "/members/", "/audit/", "/health/"]
ADMIN_EMAIL = "admin@example.org"


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


def run(iterations: int) -> None:
    # WhiteNoise notes that STATIC_ROOT was never collected; irrelevant to these pages.
    warnings.filterwarnings("ignore", message="No directory at: ")

    import django

    django.setup()

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from corporate_parenting import demo
    from corporate_parenting.models import User

    call_command("migrate", verbosity=0, interactive=False)
    demo.load()

    client = Client()
    # force_login skips authentication, so django-axes plays no part. The password is
    # demo.DEMO_PASSWORD, should anyone want to sign in through the form instead.
    client.force_login(User.objects.get(email=ADMIN_EMAIL))

    rows = []
    for path in PATHS:
        client.get(path)  # warm up: template compilation, first-query caches
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
        rows.append(
            (
                path,
                ",".join(str(status) for status in sorted(statuses)),
                statistics.median(timings_ms),
                percentile(timings_ms, 0.95),
                statistics.median(queries),
                max(queries),
            )
        )

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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--iterations", type=int, default=200, help="GETs per page")
    args = parser.parse_args()

    handle, name = tempfile.mkstemp(prefix="cp-bench-", suffix=".sqlite3")
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
