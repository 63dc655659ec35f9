"""The product's WSGI server for the answer-save figure: gunicorn on the bench's database."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.common import Bench, environ_for_children, log

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
# The production command (Dockerfile) with 2 workers; --preload only makes start-up faster.
COMMAND = "gunicorn mllens.wsgi -w {workers} --preload -b 127.0.0.1:{port} --log-level warning"


@dataclass(frozen=True)
class Served:
    port: int
    pid: int  # gunicorn's master: its tree is the web side's CPU time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(bench: Bench):
    """``gunicorn mllens.wsgi -w 2`` on a free port, with the bench settings (floor routes)."""
    port = free_port()
    with tempfile.NamedTemporaryFile("w+", prefix="bench-gunicorn-", suffix=".log") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", *COMMAND.format(workers=WORKERS, port=port).split()],
            cwd=ROOT,
            env=environ_for_children(bench),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(port, process, output)
            yield Served(port=port, pid=process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
            output.seek(0)
            errors = output.read().strip()
            if errors:
                log("gunicorn said:\n" + errors[-3000:])


def _wait_until_up(port: int, process: subprocess.Popen, output, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output.seek(0)
            raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{output.read()}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status in (200, 503):
                return
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")
