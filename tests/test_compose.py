"""docker-compose.yml describes the whole stack, and Debian's docker-compose 1.29.2 accepts it.

`docker-compose config` validates and resolves the file without a Docker engine, so these
tests run anywhere docker-compose is installed. They never skip: a missing docker-compose is a
failure, because then nothing checks that the deployment file still parses.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
COMPOSE_FILE = REPO / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "beat")
TEST_SECRET_KEY = "compose-test-only-" + "x" * 50


@pytest.fixture(scope="module")
def docker_compose() -> str:
    path = shutil.which("docker-compose")
    if path is None:
        pytest.fail(
            "docker-compose is not on PATH. Install Debian's docker-compose "
            "(`sudo apt-get install docker-compose`; `make test` installs it) so the "
            "deployment file is checked."
        )
    return path


def run_config(docker_compose: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    """`docker-compose config` with only the given variables set.

    An empty --env-file keeps a developer's .env out of the result; a minimal environment
    keeps their shell's ALLOWED_HOSTS, SECRET_KEY and COMPOSE_* out of it.
    """
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    base_env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [
            docker_compose,
            "--env-file",
            str(empty_env_file),
            "-f",
            str(COMPOSE_FILE),
            "config",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**base_env, **env},
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def config(docker_compose: str, tmp_path_factory: pytest.TempPathFactory) -> dict:
    result = run_config(
        docker_compose, tmp_path_factory.mktemp("compose"), SECRET_KEY=TEST_SECRET_KEY
    )
    assert result.returncode == 0, f"docker-compose config failed:\n{result.stderr}"
    return yaml.safe_load(result.stdout)


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def environment_of(service: dict) -> dict:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        return dict(item.split("=", 1) for item in environment)
    return environment


def volume_mounts(service: dict) -> list[tuple[str, str]]:
    """(source, target) for each volume, in either the short or the long syntax."""
    mounts = []
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            mounts.append((volume.get("source", ""), volume["target"]))
        elif ":" in volume:
            source, target = volume.split(":")[:2]
            mounts.append((source, target))
        else:
            mounts.append(("", volume))
    return mounts


def depends_on(service: dict) -> dict:
    dependencies = service.get("depends_on") or {}
    if isinstance(dependencies, list):
        return {name: {"condition": "service_started"} for name in dependencies}
    return dependencies


def test_compose_runs_the_whole_stack(config):
    assert {"web", "worker", "beat", "db", "redis"} <= set(config["services"])


def test_web_serves_the_app_with_gunicorn(config):
    command = command_of(config["services"]["web"])
    assert "gunicorn" in command
    assert "corporate_parenting.wsgi" in command
    assert "0.0.0.0:8000" in command


def test_worker_runs_a_celery_worker(config):
    command = command_of(config["services"]["worker"])
    assert command.startswith("celery ")
    assert "-A corporate_parenting" in command
    assert " worker" in command


def test_beat_runs_celery_beat(config):
    command = command_of(config["services"]["beat"])
    assert command.startswith("celery ")
    assert "-A corporate_parenting" in command
    assert " beat" in command


def test_web_starts_only_after_migrations_have_run(config):
    services = config["services"]
    migrating = [
        name
        for name, service in services.items()
        if "manage.py migrate" in command_of(service) or "migrate --noinput" in command_of(service)
    ]
    assert migrating, "no service runs `manage.py migrate`"
    web_dependencies = depends_on(services["web"])
    runs_migrations_first = any(
        web_dependencies.get(name, {}).get("condition") == "service_completed_successfully"
        for name in migrating
    )
    entry_command_migrates = "migrate" in command_of(services["web"])
    assert runs_migrations_first or entry_command_migrates


@pytest.mark.parametrize("name", ["db", "redis", "web", "worker"])
def test_services_report_their_health(config, name):
    healthcheck = config["services"][name].get("healthcheck")
    assert healthcheck, f"{name} has no healthcheck"
    assert not healthcheck.get("disable", False)
    assert healthcheck["test"] and healthcheck["test"] != ["NONE"]


def test_web_health_check_calls_the_health_endpoint(config):
    test = config["services"]["web"]["healthcheck"]["test"]
    assert "/health/" in " ".join(test)


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_processes_wait_for_healthy_database_and_redis(config, name):
    dependencies = depends_on(config["services"][name])
    assert dependencies.get("db", {}).get("condition") == "service_healthy"
    assert dependencies.get("redis", {}).get("condition") == "service_healthy"


def test_database_and_redis_data_live_in_named_volumes(config):
    named_volumes = set(config.get("volumes") or {})
    for name, data_dir in [("db", "/var/lib/postgresql/data"), ("redis", "/data")]:
        sources = [
            source
            for source, target in volume_mounts(config["services"][name])
            if target == data_dir
        ]
        assert sources, f"{name} does not keep {data_dir} in a volume"
        assert sources[0] in named_volumes, f"{name} data is not in a named volume"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_processes_reach_postgres_and_redis(config, name):
    environment = environment_of(config["services"][name])
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert "@db:5432/" in environment["DATABASE_URL"]
    assert environment["REDIS_URL"].startswith("redis://redis:6379/")


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_processes_run_in_production_mode(config, name):
    environment = environment_of(config["services"][name])
    assert environment["DEBUG"] == "false"
    assert environment["SECRET_KEY"] == TEST_SECRET_KEY


def test_compose_refuses_to_start_without_a_secret_key(docker_compose, tmp_path):
    result = run_config(docker_compose, tmp_path)
    assert result.returncode != 0
    assert "set SECRET_KEY" in result.stderr
