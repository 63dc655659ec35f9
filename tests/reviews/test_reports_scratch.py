import time
from pathlib import Path
import subprocess
from catalog.services import shipped_lenses_load
from catalog.models import Lens
from reviews.models import ReportJob
from reviews.services.reports import report_render
from tests.fixtures.reports import REQUESTS, report_workload
from tests.fixtures.users import UserFactory


def test_scratch(db, settings):
    settings.MEDIA_ROOT = "/tmp/h6/media"
    t = time.monotonic()
    shipped_lenses_load()
    lens = Lens.objects.get(slug="machine-learning")
    alice = UserFactory(username="alice")
    w = report_workload(owner=alice, lens=lens)
    print("build", time.monotonic() - t, w.risk_counts)
    for key, (kind, m, b, tg) in REQUESTS.items():
        job = ReportJob.objects.create(workload=w, lens=lens, kind=kind, milestone=m, base=b, target=tg, request_key=key)
        t = time.monotonic()
        job = report_render(job_id=job.pk)
        print(key, job.status, job.error, time.monotonic() - t, job.render_ms, job.page_count, job.size, job.peak_memory_kb)
        path = Path(job.file.path)
        out = Path("/tmp/h6") / f"{key}.pdf"
        out.write_bytes(path.read_bytes())
