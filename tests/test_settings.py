"""Configuration from the environment: good values work, bad ones stop start-up clearly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mllens.env import ConfigError, database_from_url, env_bool, env_list, env_path

ROOT = Path(__file__).resolve().parents[1]


def run_check(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    clean.update({"SECRET_KEY": "x" * 50, **env})
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "nonsense"),
        ("DATABASE_URL", "mysql://root@localhost/db"),
        ("DATABASE_URL", "postgres://user@host:notaport/db"),
        ("DEBUG", "maybe"),
        ("REDIS_URL", "localhost:6379"),
        ("CELERY_TASK_TIME_LIMIT", "soon"),
        ("MEDIA_ROOT", "relative/media"),
        ("TRUSTED_PROXIES", "proxy.example"),
        ("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto: https"),
        ("REDIS_URL", "redis://127.0.0.1:6379/14"),
        ("EMAIL_URL", "mail.example.org:587"),
        ("EMAIL_URL", "smtp://mail.example.org:notaport"),
        ("EMAIL_URL", "smtp://mail.example.org:587?tls=true&ssl=true"),
        ("SIGNUP", "sometimes"),
        ("SIGNUP_DOMAINS", ""),  # with SIGNUP=domain (below)
        ("SITE_URL", "mllens.example.org"),
    ],
)
def test_it_stops_startup_with_one_line_naming_the_bad_variable(variable, value):
    extra = {"SIGNUP": "domain"} if variable == "SIGNUP_DOMAINS" else {}
    result = run_check(**{variable: value}, **extra)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"mllens: configuration error: {variable}:")
    assert "Traceback" not in result.stderr


def test_it_requires_a_secret_key_when_debug_is_off():
    result = run_check(SECRET_KEY="", DEBUG="false")
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def test_it_starts_in_debug_without_a_secret_key():
    result = run_check(SECRET_KEY="", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_it_parses_postgres_urls():
    db = database_from_url("DATABASE_URL", "postgres://u%40x:p%2Fw@db.example:6543/mllens")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "u@x",
        "p/w",
        "db.example",
        "6543",
        "mllens",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", 5), ("?prepare_threshold=20", 20), ("?prepare_threshold=none", None)],
)
def test_it_lets_psycopg_prepare_statements_unless_told_not_to(query, expected):
    """Django's default (None) turns even explicitly prepared statements off (mllens.prepared)."""
    db = database_from_url("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/mllens{query}")
    assert db["OPTIONS"]["prepare_threshold"] == expected


def test_it_rejects_a_prepare_threshold_that_is_not_a_number():
    with pytest.raises(ConfigError, match="DATABASE_URL: prepare_threshold is a number or none"):
        database_from_url(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/m?prepare_threshold=x"
        )


def test_it_parses_sqlite_urls():
    db = database_from_url("DATABASE_URL", "sqlite:////var/lib/mllens/db.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == "/var/lib/mllens/db.sqlite3"
    assert db["TEST"]["NAME"] == "/var/lib/mllens/db.sqlite3.test"


def test_it_rejects_a_postgres_url_without_a_database_name():
    with pytest.raises(ConfigError, match="DATABASE_URL: the URL names no database"):
        database_from_url("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), ("off", False)])
def test_it_reads_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG") is expected


def test_it_reads_lists_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("X_HOSTS", " a.example , ,b.example,")
    assert env_list("X_HOSTS", []) == ["a.example", "b.example"]


def test_it_uses_the_default_path_when_unset(monkeypatch):
    monkeypatch.delenv("X_PATH", raising=False)
    assert env_path("X_PATH", Path("/srv")) == Path("/srv")
