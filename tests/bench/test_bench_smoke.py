"""The benchmark suite (``make bench``) keeps working: every piece runs on tiny sizes here.

The figures of such a run mean nothing; what matters is that each area still runs against
the current code and that the JSON still has every figure, so the suite never rots between
two real runs. The areas use this test's database; gunicorn and the report renders are
started on it as in a real run.
"""

from __future__ import annotations

import json

import pytest

from bench.common import Bench
from bench.figures import Sizes
from bench.output import metadata, table, write_json
from bench.run import AREAS, run_areas
from tests.fixtures.worker import _database_url

# The figures with a target, per area: a line that disappears from the table fails here.
TARGETS = {
    "answer save": {
        "errors",
        "statements",
        # issue 14: against the shaped floor, at 8 and 32 clients, and flat from 8 to 32
        "ratio_shaped_p50_8",
        "ratio_shaped_cpu_8",
        "ratio_shaped_p50_32",
        "ratio_shaped_cpu_32",
        "ratio_shaped_p50_flat",
        "ratio_shaped_cpu_flat",
    },
    "review read": {"review_ml_ms", "answers_ml_ms", "review_queries", "answers_queries"},
    "dashboard": {"page_p95", "api_p95"},
    "milestones": {"create_ms", "compare_ms", "compare_repeated", "context_repeated", "trend_ms"},
    "reports": {
        f"{kind}_{what}"
        for kind in ("review", "improvement_plan", "comparison")
        for what in ("s", "mb", "overhead")
    },
    "lens import": {"load_strict_s", "load_lenient_s", "import_strict_s", "import_lenient_s"},
}


@pytest.mark.django_db(transaction=True)
def test_it_runs_every_area_and_writes_every_figure(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    bench = Bench(sizes=Sizes.smoke(), database_url=_database_url())

    figures = run_areas(bench, AREAS)
    path = tmp_path / "latest.json"
    write_json(path, figures, metadata(bench, run_s=0.0))

    body = json.loads(path.read_text())
    with_target = {}
    for line in body["figures"]:
        assert isinstance(line["median"], (int, float)), line
        assert line["min"] <= line["median"] <= line["max"], line
        if line["target"]:
            assert line["status"] in ("PASS", "MISS"), line
            with_target.setdefault(line["area"], set()).add(line["key"])
    assert with_target == TARGETS
    assert body["meta"]["sizes"]["quick"] is True
    printed = table(figures, body["meta"])
    assert all(f.name in printed for f in figures)
