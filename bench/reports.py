"""Area 5: PDF reports of a fully answered ML Lens workload, rendered as the worker does.

Each render runs in a process of its own (``python -m bench.reports <job id>``), so its peak
memory (VmHWM, see ``peak_rss_kb``) is that of one render. Like a Celery worker that has
rendered before, the process lays out a one-line document first (fonts and WeasyPrint's
caches load once per worker; that cost is reported on its own line). Then it calls
``report_render`` (the worker time), and lays out a minimal document of the same page count
(the floor): the ratio of the two is what our templates and data cost over WeasyPrint's own
per-page work.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from bench.common import Bench, environ_for_children, log
from bench.figures import Figure, Target, figure

AREA = "reports"
ROOT = Path(__file__).resolve().parent.parent
KINDS = ("review", "improvement_plan", "comparison")


def minimal_document(pages: int) -> str:
    """The floor: ``pages`` pages of one short paragraph each, no stylesheet."""
    body = (
        "".join(f'<p style="break-after: page">Page {i}</p>' for i in range(1, pages))
        + f"<p>Page {pages}</p>"
    )
    return f"<!doctype html><html><body>{body}</body></html>"


def peak_rss_kb() -> int:
    """This process's peak resident memory in KB.

    Linux's ``ru_maxrss`` starts from the parent's resident size at fork (kept across exec),
    so a child of a big runner would report the runner's size; the memory map's own high-water
    mark (VmHWM) starts afresh at exec. ``ru_maxrss`` elsewhere.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def render_here(job_ids: list[int]) -> list[dict]:
    """Render jobs in this process and measure each (the child's side)."""
    import django

    django.setup()
    from reviews.reports import render
    from reviews.services import reports as service

    began = time.perf_counter()
    render.html_to_pdf("<p>warm</p>")
    first = time.perf_counter() - began
    spent = {}
    real = service.html_to_pdf

    def timed(html, **kwargs):
        began = time.perf_counter()
        result = real(html, **kwargs)
        spent["pdf"] = time.perf_counter() - began
        return result

    service.html_to_pdf = timed
    results = []
    for job_id in job_ids:
        began = time.perf_counter()
        job = service.report_render(job_id=job_id)
        worker = time.perf_counter() - began
        peak_kb = peak_rss_kb()
        began = time.perf_counter()
        floor = render.html_to_pdf(minimal_document(job.page_count))
        floor_s = time.perf_counter() - began
        if floor.page_count != job.page_count:
            raise RuntimeError(f"floor has {floor.page_count} pages, report {job.page_count}")
        results.append(
            {
                "status": job.status,
                "worker_s": worker,
                "weasyprint_s": spent["pdf"],
                "first_render_s": first,
                "pages": job.page_count,
                "bytes": job.size,
                "peak_mb": peak_kb / 1024,
                "floor_s": floor_s,
            }
        )
    return results


def _job(bench: Bench, review, kind: str):
    from reviews.models import ReportJob

    comparison = kind == "comparison"
    return ReportJob.objects.create(
        workload=review.workload,
        lens=review.lens,
        kind=kind,
        base=1 if comparison else None,
        target="current" if comparison else "",
        request_key=uuid.uuid4().hex,
        requested_by=bench.owner,
    )


def _render_in_child(bench: Bench, job_ids: list[int]) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "bench.reports", *map(str, job_ids)],
        cwd=ROOT,
        env=environ_for_children(bench),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"render of jobs {job_ids} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _renders(bench: Bench) -> dict[str, list[dict]]:
    """Every kind ``report_repeats`` times, a process per render (in the smoke run, one
    process for all: memory figures are then not per render, and mean nothing anyway)."""
    if bench.sizes.ml_reports:
        _, review = bench.ml_reviewed
    else:
        _, review = bench.reviewed(bench.synthetic_lens, "Report workload")
    jobs = [
        (kind, _job(bench, review, kind).pk)
        for _ in range(bench.sizes.report_repeats)
        for kind in KINDS
    ]
    if bench.sizes.quick:
        results = _render_in_child(bench, [pk for _, pk in jobs])
    else:
        results = [_render_in_child(bench, [pk])[0] for _, pk in jobs]
    runs = {kind: [] for kind in KINDS}
    for (kind, _), result in zip(jobs, results, strict=True):
        if result["status"] != "done":
            raise RuntimeError(f"{kind} report ended {result['status']}")
        runs[kind].append(result)
    return runs


def run(bench: Bench) -> list[Figure]:
    figures, first = [], []
    for kind, runs in _renders(bench).items():
        first += [r["first_render_s"] for r in runs]
        pages = runs[0]["pages"]
        worker = [r["worker_s"] for r in runs]
        share = sum(r["weasyprint_s"] for r in runs) / sum(worker)
        overhead = [r["worker_s"] / r["floor_s"] for r in runs]
        product_pps = statistics.median(r["pages"] / r["worker_s"] for r in runs)
        floor_pps = statistics.median(r["pages"] / r["floor_s"] for r in runs)
        log(f"{AREA}: {kind}, {pages} pages, {statistics.median(worker):.2f} s")
        figures += [
            figure(
                AREA,
                f"{kind}_s",
                f"{kind}: worker time",
                worker,
                "s",
                Target.below(3, "s"),
                note=f"{pages} pages, {runs[0]['bytes'] // 1024} KB; WeasyPrint {share:.0%} of it",
            ),
            figure(
                AREA,
                f"{kind}_mb",
                f"{kind}: peak memory",
                [r["peak_mb"] for r in runs],
                "MB",
                Target.below(200, "MB"),
            ),
            figure(
                AREA,
                f"{kind}_overhead",
                f"{kind}: overhead over floor (pages/s)",
                overhead,
                "x",
                Target.below(1.5, "x"),
                note=f"{product_pps:.1f} pages/s vs floor {floor_pps:.1f} pages/s",
            ),
        ]
    figures.append(
        figure(
            AREA,
            "first_render_s",
            "first layout in a fresh worker (fonts, caches)",
            first,
            "s",
            note="paid once per worker process, not per report",
        )
    )
    return figures


if __name__ == "__main__":
    print(json.dumps(render_here([int(arg) for arg in sys.argv[1:]])))
