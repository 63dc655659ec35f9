"""The run's output: one table for people, the same figures as JSON, and what ran where."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.common import Bench
from bench.figures import Figure


def show(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "":
        return f"{value:g}" if value == int(value) else f"{value:.1f}"
    digits = 2 if abs(value) < 10 else 1 if abs(value) < 1000 else 0
    return f"{value:,.{digits}f} {unit}"


def table(figures: list[Figure], meta: dict) -> str:
    rows = [("area", "figure", "median", "min", "max", "target", "result", "note")]
    for f in figures:
        rows.append(
            (
                f.area,
                f.name,
                show(f.median, f.unit),
                show(f.low, f.unit),
                show(f.high, f.unit),
                f.target.text if f.target else "—",
                f.status or "—",
                f.note,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        f"mllens benchmark, {meta['date']} — {meta['machine']['summary']}",
        f"answer save: {meta['duration_s']:g} s of load per level and endpoint "
        f"(issue: 20 s; set BENCH_DURATION), {meta['sizes']['rounds']} rounds"
        + (" — QUICK (smoke sizes, figures meaningless)" if meta["sizes"]["quick"] else ""),
        "",
    ]
    for index, row in enumerate(rows):
        cells = [
            cell.rjust(w) if 2 <= i <= 4 else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    passed = sum(f.status == "PASS" for f in figures)
    missed = [f for f in figures if f.status == "MISS"]
    lines += ["", f"{passed} PASS, {len(missed)} MISS, run time {meta['run_s']:.0f} s"]
    return "\n".join(lines)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        memory_kb = 0
    from django.db import connection

    database = connection.vendor
    if database == "postgresql":
        version = connection.pg_version
        database = f"PostgreSQL {version // 10000}.{version % 10000}"
    info = {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "database": database,
        "os": platform.platform(terse=True),
    }
    info["summary"] = (
        f"{info['cpus']} CPUs ({cpu or 'unknown CPU'}), {info['memory_gb']} GB, "
        f"Python {info['python']}, {database}"
    )
    return info


def write_json(path: Path, figures: list[Figure], meta: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"meta": meta, "figures": [f.as_dict() for f in figures]}
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n")


def metadata(bench: Bench, run_s: float) -> dict:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "duration_s": bench.sizes.duration,
        "sizes": asdict(bench.sizes),
        "area_seconds": {k: round(v, 1) for k, v in bench.seconds.items()},
        "run_s": run_s,
    }
