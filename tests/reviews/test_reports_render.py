"""Rendering the PDF reports: what they say, that they match their job, and that they are safe.

The ML Lens reports are rendered once for the module (``ml_reports``), from a fully answered
workload with two milestones, inside one transaction that is rolled back at the end.
"""

from __future__ import annotations

import http.server
import re
import shutil
import subprocess
import threading
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import override_settings

from reviews.models import ReportJob
from reviews.reports.render import STATIC_PREFIX, RefusedURL, StaticOnlyFetcher, html_to_pdf
from reviews.selectors.answers import answers_for_review
from reviews.selectors.lens_reviews import lens_review_get
from reviews.selectors.snapshots import milestone_review_get
from reviews.services.reports import report_render, report_request
from tests.fixtures.reports import (
    PDF,
    REQUESTS,
    assert_pdf_describes,
    assert_pdf_matches_job,
    cover_count,
    pillars_read,
    read_pdf,
    report_workload,
    require_poppler,
    results_dir,
    shown_counts,
)
from tests.support import require

# Every test here is a database test, so that pytest-django sets the test database up for
# the module fixtures below (they hold one transaction, rolled back at the end).
pytestmark = pytest.mark.django_db

ORGANISATION = "Acme Analytics GmbH"
NOTE = "Reviewed with the team"
CHOSEN = ["security", "reliability"]
# The options of each report in ``ml_reports`` (the "now" ones keep the defaults).
OPTIONS = {
    "review-m2": {"pillars": CHOSEN, "include_notes": False, "organisation": ORGANISATION},
    "improvement_plan-m2": {"include_notes": False},
    "comparison-m2": {"pillars": CHOSEN, "organisation": ORGANISATION},
}


@dataclass
class Rendered:
    job: ReportJob
    pdf: PDF
    pillars: list  # the pillars it shows
    others: list  # the pillars it leaves out
    counts: dict  # the risk counts of the state it reads (all pillars)
    summary: dict  # ... and its risk summary


@contextmanager
def module_data(django_db_blocker, tmp_path_factory):
    """Database access for a module fixture, rolled back at the end; PDFs in a temp dir."""
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(
            MEDIA_ROOT=str(media),
            CELERY_TASK_ALWAYS_EAGER=True,
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield media
        transaction.set_rollback(True)


def render(workload, lens, user, key: str, tmp_dir) -> Rendered:
    """Request the report ``REQUESTS[key]`` through the service and render it right here."""

    kind, milestone, base, target = REQUESTS[key]
    job, created = report_request(
        workload=workload,
        lens=lens,
        kind=kind,
        user=user,
        milestone=milestone,
        base=base,
        target=target,
        options={"include_notes": True, **OPTIONS.get(key, {})},
    )
    assert created
    job = report_render(job_id=job.pk)
    assert job.status == "done", job.error
    job = ReportJob.objects.select_related("workload", "lens").get(pk=job.pk)
    with job.file.open("rb") as handle:
        pdf = read_pdf(handle.read(), tmp_dir)
    pillars = pillars_read(job)
    chosen = job.options.get("pillars") or [p.key for p in pillars]
    at = milestone or (None if target in ("", "current") else target)
    if at:
        summary = milestone_review_get(workload, at, lens.slug).risk_summary
    else:
        summary = workload.lens_reviews.get(lens=lens).risk_summary
    return Rendered(
        job=job,
        pdf=pdf,
        pillars=[p for p in pillars if p.key in chosen],
        others=[p for p in pillars if p.key not in chosen],
        counts=shown_counts(job),
        summary=summary,
    )


@pytest.fixture(scope="module")
def ml_reports(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every kind, now and at a milestone (with ``OPTIONS``), of one ML Lens workload."""
    require_poppler()
    from catalog.models import Lens
    from catalog.services import shipped_lenses_load
    from reviews.choices import Role
    from tests.fixtures.users import UserFactory

    tmp_dir = tmp_path_factory.mktemp("pdf")
    with module_data(django_db_blocker, tmp_path_factory):
        shipped_lenses_load()
        lens = Lens.objects.get(slug="machine-learning")
        alice = UserFactory(username="alice")
        bob = UserFactory(username="bob")
        workload = report_workload(
            owner=alice, lens=lens, members=[(bob, Role.CONTRIBUTOR)], note=NOTE
        )
        yield {key: render(workload, lens, bob, key, tmp_dir) for key in REQUESTS}


# --- Every kind, now and at a milestone ------------------------------------------------------


@pytest.mark.parametrize("key", list(REQUESTS))
def test_it_renders_a_pdf_naming_the_workload_every_pillar_and_the_risk_counts(ml_reports, key):
    report = ml_reports[key]
    assert report.pdf.content.startswith(b"%PDF-")
    counts = None if report.others else report.counts
    assert_pdf_describes(
        report.pdf, name=report.job.workload.name, pillars=report.pillars, counts=counts
    )
    assert report.job.filename.startswith("churn-prediction-platform-")


@pytest.mark.parametrize("key", list(REQUESTS))
def test_it_stores_the_pdf_with_its_page_count_size_and_hash(ml_reports, key):
    report = ml_reports[key]
    assert_pdf_matches_job(report.pdf, report.job)
    assert report.job.progress == 100
    assert report.job.render_ms > 0
    assert report.job.peak_memory_kb > 10_000


@pytest.mark.parametrize("key", list(REQUESTS))
def test_it_writes_a_tagged_pdf_with_a_title_and_a_language(ml_reports, key, tmp_path):
    """Issue 17: reports are tagged PDFs with their document language and title."""
    path = tmp_path / "report.pdf"
    path.write_bytes(ml_reports[key].pdf.content)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.MULTILINE), info.stdout
    title = re.search(r"^Title:\s+(.+)$", info.stdout, re.MULTILINE)
    assert title, info.stdout
    assert ml_reports[key].job.workload.name in title.group(1)
    assert re.search(rb"/Lang\s*\(en\)", pdf_objects(ml_reports[key].pdf.content))


def pdf_objects(content: bytes) -> bytes:
    """The PDF with its compressed (object) streams inflated, to look for catalog entries."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n", content):
        try:
            parts.append(zlib.decompressobj().decompress(content[match.end() :]))
        except zlib.error:
            continue
    return b"".join(parts)


def test_it_numbers_pages_and_repeats_workload_and_lens_on_each(ml_reports):
    pdf = ml_reports["review-now"].pdf
    pages = pdf.text.split("\f")[: pdf.pages]
    assert len(pages) == pdf.pages
    for number, page in enumerate(pages[1:], start=2):  # the cover has no header or footer
        assert f"Page {number} of {pdf.pages}" in page
        assert "Churn prediction platform" in page
        assert "Machine Learning Lens" in page


def test_it_puts_a_table_of_contents_with_page_numbers_after_the_cover(ml_reports):
    pdf = ml_reports["review-now"].pdf
    contents = pdf.text.split("\f")[1]
    assert "Contents" in contents
    for report in (ml_reports["review-now"],):
        for pillar in report.pillars:
            match = re.search(rf"{re.escape(pillar.name)}\s*\.+\s*(\d+)", contents)
            assert match, pillar.name
            page = int(match.group(1))
            # The pillar's chapter starts on that page.
            assert pillar.name in pdf.text.split("\f")[page - 1]


def test_it_shows_milestone_and_comparison_labels(ml_reports):
    assert "Milestone 2: After hardening sprint" in ml_reports["review-m2"].pdf.flat
    assert "Milestone 2: After hardening sprint" in ml_reports["improvement_plan-m2"].pdf.flat
    assert "From milestone 1 (Baseline) to now" in ml_reports["comparison-now"].pdf.flat
    assert (
        "From milestone 1 (Baseline) to milestone 2 (After hardening sprint)"
        in ml_reports["comparison-m2"].pdf.flat
    )


def test_it_puts_a_not_applicable_column_in_the_comparison_pdf(ml_reports):
    """Issue 12 finding 17: the comparison's pillar table has a column per risk level, Not
    applicable included, headed by the vocabulary's labels."""
    layout = ml_reports["comparison-now"].pdf.layout.upper()
    # The pillar table's header on one line, in the vocabulary's order.
    header = r"HIGH RISK\s+MEDIUM RISK\s+NO RISK\s+NOT APPLICABLE\s+UNANSWERED"
    assert re.search(header, layout)


def test_it_includes_notes_and_tracked_items_by_default(ml_reports):
    review = ml_reports["review-now"].pdf.flat
    for note in (
        f"{NOTE} (all practices)",  # answer notes
        f"{NOTE} (choice)",  # a not-applicable choice's notes
        f"{NOTE} (pillar)",
        "The review covered the training and serving stacks.",  # lens notes
        "Owned by the data platform team.",  # workload notes
    ):
        assert note in review, note
    plan = ml_reports["improvement_plan-now"].pdf.flat
    assert f"{NOTE} (item)" in plan
    assert "March 1, 2027" in plan
    assert "In progress" in plan


# --- Options ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["review-m2", "comparison-m2"])
def test_it_limits_the_report_to_the_chosen_pillars(ml_reports, key):
    report = ml_reports[key]
    assert [p.key for p in report.pillars] == CHOSEN
    flat = report.pdf.flat
    for pillar in report.pillars:
        assert pillar.name in flat
    for pillar in report.others:
        assert pillar.name not in flat, pillar.name
    assert "Pillars: Security, Reliability" in flat


def test_it_has_fewer_pages_with_fewer_pillars(ml_reports):
    assert ml_reports["review-m2"].pdf.pages < ml_reports["review-now"].pdf.pages - 5


def test_it_counts_only_the_chosen_pillars_on_the_cover(ml_reports):
    report = ml_reports["review-m2"]
    summary = report.summary["pillars"]
    cover = report.pdf.layout.split("\f")[0]
    for risk, label in (("HIGH", "High risk"), ("MEDIUM", "Medium risk")):
        assert cover_count(cover, label) == sum(summary[key][risk] for key in CHOSEN)
        assert cover_count(cover, label) < report.counts[risk]


def test_it_leaves_notes_out_when_asked(ml_reports):
    review = ml_reports["review-m2"].pdf.flat
    plan = ml_reports["improvement_plan-m2"].pdf.flat
    for text in (review, plan):
        assert NOTE not in text
        assert "Owned by the data platform team." not in text
        assert "The review covered the training and serving stacks." not in text
    # The same items, with their notes, when notes are wanted.
    assert f"{NOTE} (item)" in ml_reports["improvement_plan-now"].pdf.flat
    assert "March 1, 2027" in plan


def test_it_puts_the_organisation_on_the_cover(ml_reports):
    for key in ("review-m2", "comparison-m2"):
        cover = ml_reports[key].pdf.text.split("\f")[0]
        assert ORGANISATION in cover
    assert ORGANISATION not in ml_reports["review-now"].pdf.text


# --- Page images for people ------------------------------------------------------------------


@pytest.mark.parametrize("key", ["review-now", "improvement_plan-now", "comparison-now"])
def test_it_writes_the_first_pages_as_images_to_look_at(ml_reports, key, tmp_path):
    require(bool(shutil.which("pdftoppm")), "pdftoppm (poppler-utils)")
    source = tmp_path / f"{key}.pdf"
    source.write_bytes(ml_reports[key].pdf.content)
    target = results_dir() / "reports"
    target.mkdir(exist_ok=True)
    for old in target.glob(f"{key}-*.png"):
        old.unlink()
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "6", str(source), str(target / key)],
        check=True,
    )
    images = sorted(target.glob(f"{key}-*.png"))
    assert len(images) == min(6, ml_reports[key].pdf.pages)
    for image in images:
        assert image.read_bytes().startswith(b"\x89PNG")


# --- Safe rendering --------------------------------------------------------------------------


class CountingServer:
    """A local HTTP server that counts every request it gets."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/css")
                self.end_headers()
                self.wfile.write(b"body { background: red; }")

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def hostile(port: int, where: str) -> str:
    """Markup that would fetch from the test server (and read a local file) if it ran."""
    return (
        f'<img src="http://127.0.0.1:{port}/{where}.png"> '
        f'<link rel=stylesheet href="http://127.0.0.1:{port}/{where}.css"> '
        f"file:///etc/passwd <script>alert(1)</script>"
    )


def hostile_lens_doc(port: int) -> dict:
    from tests.catalog.lensdocs import choice, lens_doc, question

    doc = lens_doc(
        name="Hostile lens",
        mllens={"phases": [{"id": "build", "name": f'<img src="http://127.0.0.1:{port}/ph.png">'}]},
    )
    doc["pillars"][0]["name"] = f'<img src="http://127.0.0.1:{port}/pillar.png">'
    for p in range(2):
        for q in range(2):
            question(doc, p, q)["mllens"] = {"phase": "build"}
    question(doc)["title"] = hostile(port, "question")
    choice(doc)["title"] = hostile(port, "choice")
    choice(doc, 0, 0, 1)["title"] = f'<img src="file:///etc/passwd"> {port}'
    choice(doc, 0, 0, 2)["improvementPlan"]["displayText"] = hostile(port, "plan")
    return doc


@pytest.fixture(scope="module")
def hostile_reports(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every kind rendered from a workload whose texts all carry markup aimed at a server."""
    require_poppler()
    from catalog import services
    from reviews.services.answers import answer_update
    from reviews.services.lens_reviews import lens_review_update_notes
    from reviews.services.milestones import milestone_create
    from reviews.services.workloads import workload_create, workload_update
    from tests.fixtures.users import UserFactory

    server = CountingServer()
    port = server.port
    tmp_dir = tmp_path_factory.mktemp("hostile")
    try:
        with module_data(django_db_blocker, tmp_path_factory):
            owner = UserFactory(username="mallory")
            lens = services.lens_import(raw=_json(hostile_lens_doc(port)), user=owner).lens
            services.lens_publish(lens=lens, version="1.0", is_major=True, user=owner)
            workload = workload_create(
                user=owner,
                lenses=[lens],
                name=f'<img src="http://127.0.0.1:{port}/name.png"> <script>x</script>',
                notes=hostile(port, "workload-notes"),
            )
            review = lens_review_get(workload, lens.slug)
            milestone_create(
                workload=workload, name=f'<img src="http://127.0.0.1:{port}/m.png">', actor=owner
            )
            for answer in answers_for_review(review):
                keys = [c.key for c in answer.question.choices.all() if not c.is_none]
                answer_update(
                    review=review,
                    question_key=answer.question_key,
                    actor=owner,
                    version=answer.version,
                    selected_choices=keys[1:2],
                    notes=hostile(port, "answer-notes"),
                )
            lens_review_update_notes(
                review=review,
                actor=owner,
                notes=hostile(port, "lens-notes"),
                pillar_notes={"pillar1": hostile(port, "pillar-notes")},
            )
            workload_update(workload=workload, user=owner, description=hostile(port, "desc"))
            milestone_create(workload=workload, name="Second", actor=owner)
            requests = {
                "review": ("review", None, None, ""),
                "review-m1": ("review", 1, None, ""),
                "improvement_plan": ("improvement_plan", None, None, ""),
                "comparison": ("comparison", None, 1, "current"),
            }
            reports = {}
            for key, (kind, milestone, base, target) in requests.items():
                job, _ = report_request(
                    workload=workload,
                    lens=lens,
                    kind=kind,
                    user=owner,
                    milestone=milestone,
                    base=base,
                    target=target,
                    options={
                        "include_notes": True,
                        "organisation": hostile(port, "organisation")[:100],
                    },
                )
                job = report_render(job_id=job.pk)
                assert job.status == "done", job.error
                with job.file.open("rb") as handle:
                    reports[key] = read_pdf(handle.read(), tmp_dir)
            yield {"port": port, "hits": list(server.hits), "reports": reports}
    finally:
        server.close()


def _json(doc: dict) -> str:
    import json

    return json.dumps(doc)


def test_it_fetches_nothing_that_lens_text_or_notes_point_at(hostile_reports):
    assert len(hostile_reports["reports"]) == 4
    assert hostile_reports["hits"] == []


@pytest.mark.parametrize("kind", ["review", "review-m1", "improvement_plan", "comparison"])
def test_it_shows_markup_from_lenses_and_notes_as_literal_text(hostile_reports, kind):
    port = hostile_reports["port"]
    pdf = hostile_reports["reports"][kind]
    assert pdf.shows(f'<img src="http://127.0.0.1:{port}/name.png"> <script>x</script>')
    assert pdf.shows(f'<img src="http://127.0.0.1:{port}/pillar.png">')
    assert pdf.shows("<script>alert(1)</script>")
    assert pdf.shows("file:///etc/passwd")
    assert "root:x:0:0" not in pdf.text
    assert "&lt;" not in pdf.text  # escaped once, not twice


def test_it_shows_every_hostile_text_of_the_review_literally(hostile_reports):
    port = hostile_reports["port"]
    review = hostile_reports["reports"]["review"]
    for where in ("question", "choice", "answer-notes", "lens-notes", "pillar-notes", "desc"):
        assert review.shows(f'<img src="http://127.0.0.1:{port}/{where}.png">'), where
        assert review.shows(f'<link rel=stylesheet href="http://127.0.0.1:{port}/{where}.css">')
    assert review.shows(f'<img src="http://127.0.0.1:{port}/workload-notes.png">')
    assert review.shows(f'<img src="http://127.0.0.1:{port}/ph.png">')  # the phase, in a chart
    plan = hostile_reports["reports"]["improvement_plan"]
    assert plan.shows(f'<img src="http://127.0.0.1:{port}/plan.png">')
    comparison = hostile_reports["reports"]["comparison"]
    assert comparison.shows(f'<img src="http://127.0.0.1:{port}/m.png">')  # a milestone name
    assert comparison.shows(f'<img src="http://127.0.0.1:{port}/organisation.png">')


@pytest.fixture
def counting_server():
    server = CountingServer()
    yield server
    server.close()


def test_it_never_fetches_urls_from_real_markup_either(counting_server):
    port = counting_server.port
    html = (
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/real.css">'
        f'<style>@import url("http://127.0.0.1:{port}/import.css");'
        f'body {{ background: url("http://127.0.0.1:{port}/bg.png"); }}</style>'
        f'<p>text<img src="http://127.0.0.1:{port}/real.png"><img src="file:///etc/passwd">'
        f'<img src="data:image/svg+xml,%3Csvg%2F%3E"></p>'
    )
    pdf = html_to_pdf(html)
    assert pdf.content.startswith(b"%PDF-")
    assert counting_server.hits == []
    # The control: WeasyPrint's own fetcher would have gone to the server.
    from weasyprint import HTML

    HTML(string=html).render()
    assert counting_server.hits


def test_it_serves_our_report_stylesheet():
    from django.conf import settings

    response = StaticOnlyFetcher()(STATIC_PREFIX + "css/report.css")
    expected = (settings.BASE_DIR / "static" / "css" / "report.css").read_bytes()
    assert response.read() == expected
    assert response.headers.get_content_type() == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/x.png",
        "https://example.com/static/css/report.css",
        "file:///etc/passwd",
        "file:///work/main/static/css/report.css",
        "data:text/css,body{}",
        STATIC_PREFIX + "../../etc/passwd",
        STATIC_PREFIX + "%2e%2e/%2e%2e/etc/passwd",
        STATIC_PREFIX + "css/../../mllens/settings.py",
        STATIC_PREFIX + "/etc/passwd",
        STATIC_PREFIX + "%2Fetc%2Fpasswd",
        STATIC_PREFIX + "css/",
        STATIC_PREFIX + "css/nothing-here.css",
        STATIC_PREFIX + "css/report.css%00.png",
        "https://mllens.invalid.example.com/static/css/report.css",
        "https://mllens.invalid/media/reports/x.pdf",
    ],
)
def test_it_refuses_every_other_url_without_connecting(url, counting_server):
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher()(url.replace("{port}", str(counting_server.port)))
    assert counting_server.hits == []
