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
    "'broker': s.CELERY_BROKER_URL, 'email': s.EMAIL_BACKEND, 'debug': s.DEBUG}))"
)
REAL_KEY = "k" * 20 + "-a-real-secret-key-for-tests-only-0123456789"


def run(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CI")}
    clean.update(DJANGO_SETTINGS_MODULE="corporate_parenting.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
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
    }


def test_database_url_switches_to_postgresql():
    s = settings_with(DATABASE_URL="postgres://postgres@127.0.0.1:5432/example")
    assert s["engine"] == "django.db.backends.postgresql"


def test_redis_url_switches_celery_and_the_cache_to_redis():
    s = settings_with(REDIS_URL="redis://127.0.0.1:6379/5")
    assert s["eager"] is False
    assert s["broker"] == "redis://127.0.0.1:6379/5"
    assert s["cache"] == "django.core.cache.backends.redis.RedisCache"


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
