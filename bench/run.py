"""Run the benchmark suite and print one table: ``python -m bench.run`` (``make bench``).

It creates its own database (the name must contain "bench": it is dropped at the end), migrates
it, runs every area, prints the table and writes it as JSON to ``bench/results/latest.json``.
``--quick`` runs every piece on tiny sizes (the smoke test does the same in-process).
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

if __package__ in (None, ""):  # `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import RESULTS, Bench, log
from bench.figures import Figure, Sizes, Target, figure
from bench.output import metadata, table, write_json

AREAS = ("answer_save", "review_read", "dashboard", "milestones", "reports", "lens_import")
DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/mllens_bench",
    "REDIS_URL": "redis://127.0.0.1:6379/8",
    "SECRET_KEY": "mllens-bench-only-secret-key-for-a-throwaway-database",
}


def run_areas(bench: Bench, areas=AREAS, *, keep_going: bool = False) -> list[Figure]:
    """Run ``areas`` in order; with ``keep_going`` a crashing area becomes a MISS line."""
    figures = []
    for area in areas:
        log(f"{area}...")
        began = time.perf_counter()
        try:
            figures += importlib.import_module(f"bench.{area}").run(bench)
        except Exception as error:
            if not keep_going:
                raise
            traceback.print_exc()
            figures.append(
                figure(
                    area.replace("_", " "),
                    "failed",
                    f"crashed: {error!r}"[:70],
                    [1],
                    "",
                    Target("runs", lambda f: False),
                )
            )
        bench.seconds[area] = time.perf_counter() - began
        log(f"{area}: {bench.seconds[area]:.0f} s")
    return figures


# --- The database -------------------------------------------------------------------------


def _refuse_unless_bench(name: str) -> None:
    if "bench" not in name:
        raise SystemExit(
            f"bench: refusing to use the database {name!r}: the benchmark creates and drops "
            "its database, so its name must contain 'bench' "
            "(DATABASE_URL=postgres://postgres@127.0.0.1:5432/mllens_bench)"
        )


@contextmanager
def scratch_database(url: str, *, keep: bool = False):
    """Create the (PostgreSQL or SQLite) database of ``url`` afresh; drop it afterwards."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = Path(unquote(parts.path))
        _refuse_unless_bench(path.name)
        path.unlink(missing_ok=True)
        try:
            yield
        finally:
            if not keep:
                path.unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    name = unquote(parts.path.lstrip("/"))
    _refuse_unless_bench(name)
    admin = parts._replace(path="/postgres").geturl()

    def recreate(create: bool) -> None:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            if create:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    recreate(True)
    try:
        yield
    finally:
        if not keep:
            from django.db import connections

            connections.close_all()
            recreate(False)


def parse_args(argv) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="the smoke test's tiny sizes and loads"
    )
    parser.add_argument("--only", default="", help=f"comma-separated areas of {', '.join(AREAS)}")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    parser.add_argument("--keep-db", action="store_true", help="leave the database for a look")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile one request of each in-process figure into var/bench-profiles/",
    )
    args = parser.parse_args(argv)
    unknown = set(filter(None, args.only.split(","))) - set(AREAS)
    if unknown:
        parser.error(f"unknown areas: {', '.join(sorted(unknown))}")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ["DEBUG"] = "false"  # DEBUG records every query: never measure with it on
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    try:
        duration = float(os.environ.get("BENCH_DURATION") or 8)
    except ValueError:
        raise SystemExit("bench: BENCH_DURATION: expected seconds, such as 20") from None
    sizes = Sizes.smoke() if args.quick else Sizes.full(duration)
    areas = [a for a in AREAS if not args.only or a in args.only.split(",")]
    media = tempfile.mkdtemp(prefix="mllens-bench-media-")
    os.environ["MEDIA_ROOT"] = media
    url = os.environ["DATABASE_URL"]
    began = time.perf_counter()
    try:
        with scratch_database(url, keep=args.keep_db):
            import django
            from django.core.management import call_command

            django.setup()
            call_command("migrate", verbosity=0)
            bench = Bench(sizes=sizes, database_url=url, profile=args.profile)
            figures = run_areas(bench, areas, keep_going=True)
            meta = metadata(bench, time.perf_counter() - began)
    finally:
        shutil.rmtree(media, ignore_errors=True)
    meta["run_s"] = time.perf_counter() - began
    print(table(figures, meta))
    write_json(args.output, figures, meta)
    log(f"written to {args.output}")
    return 1 if any(f.key == "failed" for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
