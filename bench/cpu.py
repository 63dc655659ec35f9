"""CPU time of the processes serving the answer-save load, read from ``/proc`` (Linux).

The web side is gunicorn: its master and workers (all ours). The database side is the
PostgreSQL backends connected to the bench's own database (gunicorn's connections; not the
runner's), read at both ends of a round: on a machine whose PostgreSQL server also serves
other databases (test suites running beside the bench), their work is not counted. The
server's shared background processes (WAL writer, checkpointer, autovacuum) are not counted
for either side; a backend that closes within a round loses that round's time (gunicorn's
connections live for ``CONN_MAX_AGE``, 60 s, so rarely).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # gone, or not Linux
        return None
    # The command name (field 2) may hold spaces; fields after its closing ")" are plain.
    return text[text.rindex(")") + 2 :].split()


def _seconds(pid: int, *, reaped: bool) -> float:
    fields = _stat(pid)
    if fields is None:
        return 0.0
    # After the ")" field 3 (state) is index 0: utime 14, stime 15, cutime 16, cstime 17.
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def tree_seconds(root: int) -> float:
    """CPU seconds of ``root`` and its living children, plus the children it has reaped."""
    return _seconds(root, reaped=True) + sum(
        _seconds(child, reaped=False) for child in _children(root)
    )


def database_backends() -> list[int]:
    """The PostgreSQL backends connected to this run's database, but for the runner's own."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return [row[0] for row in cursor.fetchall()]


@dataclass(frozen=True)
class Reading:
    web: float
    backends: dict[int, float]


class Meter:
    """CPU seconds (web, database) consumed between two readings."""

    def __init__(self, web_pid: int) -> None:
        self.web_pid = web_pid

    def read(self) -> Reading:
        backends = {pid: _seconds(pid, reaped=False) for pid in database_backends()}
        return Reading(tree_seconds(self.web_pid), backends)

    def since(self, before: Reading) -> tuple[float, float]:
        after = self.read()
        db = sum(t - before.backends.get(pid, 0.0) for pid, t in after.backends.items())
        return after.web - before.web, db
