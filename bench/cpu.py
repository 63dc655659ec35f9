"""CPU time of the processes serving the answer-save load, read from ``/proc`` (Linux).

The web side is gunicorn: its master and workers (all ours). The database side is the
PostgreSQL server: the postmaster with the backends it has reaped (``cutime``/``cstime``)
plus the backends alive now. PostgreSQL is shared with whatever else runs on the machine,
so its figure includes their work in the same window; on a quiet machine it is the bench's.
"""

from __future__ import annotations

import os
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


def postmaster_pid() -> int | None:
    """The PostgreSQL server's main process, seen from this process's own connection."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    fields = _stat(backend)
    return int(fields[1]) if fields else None  # the backend's parent


class Meter:
    """CPU seconds (web, database) consumed between two readings."""

    def __init__(self, web_pid: int, db_pid: int | None) -> None:
        self.web_pid, self.db_pid = web_pid, db_pid

    def read(self) -> tuple[float, float]:
        db = tree_seconds(self.db_pid) if self.db_pid else 0.0
        return tree_seconds(self.web_pid), db
