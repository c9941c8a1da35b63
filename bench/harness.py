"""What the benchmarks share: a throwaway production-like environment, timing and printing.

Each benchmark is a script: `.venv/bin/python bench/<name>.py [-n 200]`. It calls `main()`
with its own `run(iterations)`, which builds data and calls `measure()` per page.
"""

import argparse
import math
import os
import secrets
import statistics
import tempfile
import time
import warnings
from pathlib import Path


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
    os.environ["CACHE_URL"] = ""  # each process its own memory
    os.environ["EMAIL_URL"] = ""
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.pop("DJANGO_READ_DOT_ENV_FILE", None)


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(client, path, iterations):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

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
    return (
        ",".join(str(status) for status in sorted(statuses)),
        statistics.median(timings_ms),
        percentile(timings_ms, 0.95),
        statistics.median(queries),
        max(queries),
    )


def main(run, *, description: str, prefix: str) -> None:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-n", "--iterations", type=int, default=200, help="GETs per page")
    args = parser.parse_args()

    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".sqlite3")
    os.close(handle)
    database = Path(name)
    configure_environment(database)
    # WhiteNoise notes that STATIC_ROOT was never collected; irrelevant to these pages.
    warnings.filterwarnings("ignore", message="No directory at: ")
    try:
        run(args.iterations)
    finally:
        from django.db import connections

        connections.close_all()
        database.unlink(missing_ok=True)
