"""``make run`` and ``make test``: what they install and what they print (issue 12 finding 23)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


def _plan(target: str, tmp_path: Path, **variables: str) -> list[str]:
    """The commands ``make`` would run for ``target`` in a fresh venv (dry run: nothing runs)."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    assignments = [f"{k}={v}" for k, v in {"VENV": str(tmp_path / "venv"), **variables}.items()]
    result = subprocess.run(
        ["make", "-n", target, *assignments], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _installs(lines: list[str]) -> list[str]:
    return [line for line in lines if re.search(r"pip install .*-e ", line)]


def test_it_prints_the_sign_in_link_with_the_port_make_run_serves(tmp_path, db, capsys):
    """Issue 12 finding 23: the printed link followed 8000 whatever PORT said."""
    lines = _plan("run", tmp_path, PORT="9123")
    assert any("demo_user --url http://127.0.0.1:9123" in line for line in lines), lines
    assert any("runserver 127.0.0.1:9123" in line for line in lines), lines
    call_command("demo_user", url="http://127.0.0.1:9123", username="demo-port")
    assert "sign in at http://127.0.0.1:9123/login/" in capsys.readouterr().out


def test_it_installs_only_what_running_needs_for_make_run(tmp_path):
    """Issue 12 finding 23: make run installed pytest, Playwright and schemathesis too."""
    run = _installs(_plan("run", tmp_path))
    assert len(run) == 1
    assert run[0].rstrip().endswith("-e ."), run
    test = _installs(_plan("test", tmp_path))
    assert len(test) == 1
    assert "'.[dev]'" in test[0], test


def test_it_declares_the_license_without_the_deprecated_table():
    """Issue 12 finding 23: `license = {text = ...}` made setuptools warn twice per install;
    the SPDX string needs setuptools 77 or later in the build environment."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["license"] == "Apache-2.0"
    assert pyproject["build-system"]["requires"] == ["setuptools>=77"]
