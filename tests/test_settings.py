"""Settings come from the environment; production refuses to start without real secrets."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'cache': s.CACHES['default']['BACKEND'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': s.CELERY_BROKER_URL, 'email': s.EMAIL_BACKEND, 'debug': s.DEBUG, "
    "'sessions': s.SESSION_ENGINE}))"
)
REAL_KEY = "k" * 20 + "-a-real-secret-key-for-tests-only-0123456789"


def run(probe=PROBE, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "CACHE_URL", "CI")
    }
    clean.update(DJANGO_SETTINGS_MODULE="corporate_parenting.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**env):
    result = run(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_nothing_set_it_runs_embedded():
    s = settings_with()
    assert s == {
        "engine": "django.db.backends.sqlite3",
        "cache": "django.core.cache.backends.locmem.LocMemCache",
        "eager": True,
        "broker": "memory://",
        "email": "django.core.mail.backends.console.EmailBackend",
        "debug": True,
        # One cache per process: sessions must stay in the database (settings.py says why).
        "sessions": "django.contrib.sessions.backends.db",
    }


def test_database_url_switches_to_postgresql():
    s = settings_with(DATABASE_URL="postgres://postgres@127.0.0.1:5432/example")
    assert s["engine"] == "django.db.backends.postgresql"


def test_redis_url_switches_celery_and_the_cache_to_redis():
    s = settings_with(REDIS_URL="redis://127.0.0.1:6379/5")
    assert s["eager"] is False
    assert s["broker"] == "redis://127.0.0.1:6379/5"
    assert s["cache"] == "corporate_parenting.cache.RedisCache"
    assert s["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_cache_url_moves_only_the_cache_to_redis():
    s = settings_with(CACHE_URL="redis://127.0.0.1:6379/9")
    assert s["cache"] == "corporate_parenting.cache.RedisCache"
    assert s["sessions"] == "django.contrib.sessions.backends.cached_db"
    assert s["eager"] is True
    assert s["broker"] == "memory://"


def test_production_refuses_to_start_without_a_secret_key():
    result = run(DEBUG="false", ALLOWED_HOSTS="cp.example.org")
    assert result.returncode != 0
    assert "needs a real SECRET_KEY" in result.stderr


def test_production_refuses_a_short_or_development_key():
    for key in ("short", "django-insecure-" + "x" * 60):
        result = run(DEBUG="false", ALLOWED_HOSTS="cp.example.org", SECRET_KEY=key)
        assert "needs a real SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run(DEBUG="false", SECRET_KEY=REAL_KEY)
    assert result.returncode != 0
    assert "needs ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_a_real_key_and_hosts():
    s = settings_with(DEBUG="false", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="cp.example.org")
    assert s["debug"] is False


def _embedded_database_options():
    result = run(
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_two_writers_on_the_embedded_database_wait_for_each_other(tmp_path, django_db_blocker):
    """Two clicks on Publish under `make run` once answered 500 ("database is locked"): both
    requests read inside a transaction, then both tried to write. With the settings' options
    the second waits for the first at the start of its transaction instead."""
    import threading

    from django.db.utils import ConnectionHandler

    path = tmp_path / "embedded.sqlite3"
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": _embedded_database_options(),
            }
        }
    )
    first_read, second_began = threading.Event(), threading.Event()
    errors = []

    def writer(name, before, after):
        connection = handler["default"]
        try:
            if before:
                before.wait(timeout=10)
            connection.ensure_connection()
            connection._start_transaction_under_autocommit()  # what atomic() does on SQLite
            if after is second_began:
                after.set()
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pack")
                if after is first_read:
                    after.set()
                    second_began.wait(timeout=1)  # under IMMEDIATE the second is still waiting
                cursor.execute("INSERT INTO pack (who) VALUES (%s)", [name])
            connection.commit()
        except Exception as error:  # reported below, whatever it is
            errors.append(f"{name}: {error}")
        finally:
            connection.close()

    with django_db_blocker.unblock():
        setup = handler["default"]
        with setup.cursor() as cursor:
            cursor.execute("CREATE TABLE pack (who text)")
        setup.close()
        threads = [
            threading.Thread(target=writer, args=("first", None, first_read)),
            threading.Thread(target=writer, args=("second", first_read, second_began)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        check = handler["default"]
        with check.cursor() as cursor:
            cursor.execute("SELECT who FROM pack ORDER BY who")
            assert [row[0] for row in cursor.fetchall()] == ["first", "second"]
        check.close()
