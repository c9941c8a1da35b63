import os
import shutil
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import HealthCheck, settings

# Property tests run beside browsers and a worker on a 2-core machine: how fast examples are
# generated says nothing about the code, so the speed checks are off and each example may
# take as long as it needs. What is checked (the properties) is unchanged.
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# in a thread with a running loop unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SERVICES_HELP = (
    "CI must run against real services: set DATABASE_URL (PostgreSQL) and REDIS_URL. "
    "`.ci/run` sets both."
)


def pytest_configure(config):
    from django.conf import settings

    # Tests serve static files from the source folders; the manifest storage would 404 them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Twelve personas per test: a deliberately weak, fast hasher (tests only).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
    if os.environ.get("CI") and not (
        os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")
    ):
        raise pytest.UsageError(SERVICES_HELP)


def pytest_collection_modifyitems(config, items):
    """Tests marked `services` need Redis, PostgreSQL and a worker. Outside CI, without both
    URLs, they are skipped with a reason; in CI pytest_configure has already refused to run
    without them, so there they can only pass or fail."""
    if os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="needs REDIS_URL and a PostgreSQL DATABASE_URL; CI runs it")
    for item in items:
        if "services" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def world(db):
    from .personas import build_world

    return build_world()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Uploads and rendered PDFs go to a throwaway folder, never the checkout's media/."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _fresh_cache_and_lockouts():
    """Each test starts with an empty cache: with REDIS_URL set, the cache outlives a test.
    (Lockouts are kept in the database, which each test rolls back.)"""
    from django.core.cache import cache

    cache.clear()
    yield


# Browser tests: Debian's Chromium, launched by path --------------------------------------

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(
            "Chromium is not installed. `make test` installs Debian's chromium package; "
            "or set CHROMIUM_PATH.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_FLAGS}


# A real Celery worker, for tests marked `services` ---------------------------------------


class WorkerProcess:
    def __init__(self, process, nodename, queue, media_root):
        self.process = process
        self.nodename = nodename
        self.queue = queue  # its own queue: tests in parallel never take each other's tasks
        self.media_root = media_root  # where the worker writes files (never the checkout)

    @property
    def pid(self):
        return self.process.pid


def _database_url_for_tests(settings):
    """DATABASE_URL pointing at the test database pytest-django created."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + settings.DATABASES["default"]["NAME"]))


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """Starts `celery worker` as a separate process on the real broker, and waits until it
    answers a ping. It uses the test database, so tasks see what transactional tests wrote."""
    from django.conf import settings

    from corporate_parenting.celery import app

    name = f"test-{uuid.uuid4().hex[:8]}"
    nodename, queue = f"{name}@localhost", name
    media_root = str(tmp_path_factory.mktemp("worker-media"))
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_for_tests(settings),
        "MEDIA_ROOT": media_root,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "corporate_parenting",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "-n",
            nodename,
            "-Q",
            queue,
            "-l",
            "warning",
        ],
        env=env,
    )
    deadline = time.monotonic() + 60
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"The Celery worker exited with {process.returncode}", pytrace=False)
            replies = app.control.ping(destination=[nodename], timeout=1.0)
            if replies:
                break
            if time.monotonic() > deadline:
                pytest.fail("The Celery worker did not answer within 60 s", pytrace=False)
        yield WorkerProcess(process, nodename, queue, media_root)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
