"""Hostile lens files through ``POST /api/v1/lenses/import``, the lens page and the PDFs.

Every file of the corpus (``hostile_lenses.py``) is either imported, with the warnings its
quirk calls for, or rejected with its error code and JSON Pointer; none answers 500, none
takes 2 s, and a rejected one writes nothing (every catalogue table keeps its row count,
also when the file was meant as the new draft of an existing lens). Markup in lens text is
shown as text on the lens page and in review and improvement-plan PDFs.
"""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from catalog import services
from catalog.choices import VersionStatus
from catalog.models import Lens
from reviews.models import ReportJob
from reviews.services.answers import answer_update
from reviews.services.reports import report_render
from tests.catalog.factories import catalog_rows, custom_lens
from tests.catalog.lensdocs import lens_doc
from tests.fixtures.reports import read_pdf, require_poppler
from tests.reviews.factories import WorkloadFactory
from tests.security.figures import record
from tests.security.hostile_lenses import MARKUP, Hostile, corpus, marked_up_doc
from tests.support import HOSTILE_REQUEST_BOUND_S

CORPUS = corpus()
IMPORT = "/api/v1/lenses/import"


def client_for(user) -> APIClient:
    """Signed in with a session: the same client reads the API and the pages."""
    client = APIClient()
    client.force_login(user)
    return client


def _import(client, hostile: Hostile, lens: str = ""):
    query = f"?mode={hostile.mode}" + (f"&lens={lens}" if lens else "")
    started = time.perf_counter()
    if hostile.multipart:
        upload = SimpleUploadedFile("lens.json", hostile.raw, "application/json")
        response = client.post(IMPORT + query, {"file": upload}, format="multipart")
    else:
        response = client.generic("POST", IMPORT + query, hostile.raw, "application/json")
    return response, time.perf_counter() - started


def test_it_has_a_corpus_of_at_least_forty_files_covering_every_error_code():
    rejected = {h.rejected[0] for h in CORPUS if h.rejected}
    warned = set().union(*(h.warnings for h in CORPUS))
    spec_codes = {
        "CANNOT_PARSE", "SCHEMA_VERSION", "MISSING_FIELD", "TYPE", "LENGTH", "CHARSET",
        "URL_SCHEME", "DUPLICATE_ID", "LIMIT", "RISK_RULE_DEFAULT_MISSING",
        "RISK_RULE_DUPLICATE_LEVEL", "RISK_RULE_UNREACHABLE", "RISK_RULE_SYNTAX",
        "RISK_RULE_UNKNOWN_CHOICE", "RISK_VALUE", "DISPLAYTEXT_REQUIRED",
        "ADDITIONAL_RESOURCE_TYPE", "UNKNOWN_KEY", "PILLAR_ID_CASE", "NO_NONE_CHOICE",
    }  # fmt: skip
    assert len(CORPUS) >= 40
    assert spec_codes <= rejected | warned, spec_codes - (rejected | warned)
    record("hostile_lenses", len(CORPUS))


@pytest.mark.parametrize("hostile", CORPUS, ids=[h.name for h in CORPUS])
def test_it_imports_or_rejects_each_hostile_file_precisely(hostile, alice):
    client = client_for(alice)
    before = catalog_rows()
    response, elapsed = _import(client, hostile)
    assert elapsed < HOSTILE_REQUEST_BOUND_S, f"{elapsed:.2f} s"
    assert response.status_code in (201, 400), response.content[:300]
    body = json.loads(response.content)
    if hostile.rejected:
        assert response.status_code == 400, body
        problems = [(p["code"], p["pointer"]) for p in body["errors"]]
        assert hostile.rejected in problems, problems[:5]
        assert body["code"] == body["errors"][0]["code"]
        assert catalog_rows() == before  # nothing written
        return
    assert response.status_code == 201, body["errors"][:5]
    assert hostile.warnings <= {w["code"] for w in body["warnings"]}
    slug = body["lens"]["slug"]
    # What was imported shows without error, as a page and through the API.
    page = client.get(f"/lenses/{slug}/?version=draft")
    assert page.status_code == 200
    tree = client.get(f"/api/v1/lenses/{slug}/versions/draft/")
    assert tree.status_code == 200


@pytest.mark.parametrize(
    "hostile", [h for h in CORPUS if h.rejected], ids=[h.name for h in CORPUS if h.rejected]
)
def test_it_keeps_the_existing_draft_when_a_new_draft_is_rejected(hostile, alice):
    lens = custom_lens(alice, lens_doc(name="Kept lens"), publish=("1.0",), draft=True)
    before = catalog_rows()
    response, elapsed = _import(client_for(alice), hostile, lens=lens.slug)
    assert response.status_code == 400
    assert elapsed < HOSTILE_REQUEST_BOUND_S, f"{elapsed:.2f} s"
    assert catalog_rows() == before
    assert lens.versions.filter(status=VersionStatus.DRAFT).exists()


class _LiveMarkup(HTMLParser):
    """Elements and attributes that ``MARKUP`` would create if it were not escaped."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"marquee", "img"} and any(name == "onerror" for name, _ in attrs):
            self.found.append(tag)
        if tag == "marquee":
            self.found.append(tag)
        if tag == "script" and not dict(attrs).get("src"):
            self.found.append("inline script")


@pytest.fixture
def marked_up_lens(alice):
    lens = services.lens_import(raw=json.dumps(marked_up_doc()), user=alice).lens
    services.lens_publish(lens=lens, version="1.0", is_major=False, user=alice)
    return Lens.objects.get(pk=lens.pk)


def test_it_shows_markup_as_text_on_the_lens_page(marked_up_lens, alice):
    page = client_for(alice).get(f"/lenses/{marked_up_lens.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    live = _LiveMarkup()
    live.feed(html)
    assert live.found == []
    assert "&lt;marquee&gt;M&lt;/marquee&gt;" in html
    assert 'href="https://example.com/&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in html


def test_it_never_shows_personal_data_from_lens_metadata(alice):
    doc = lens_doc(name="Team lens", _teams=[{"name": "Eve Example", "email": "eve@example.com"}])
    slug = services.lens_import(raw=json.dumps(doc), user=alice).lens.slug
    client = client_for(alice)
    for path in (
        f"/lenses/{slug}/?version=draft",
        f"/api/v1/lenses/{slug}/versions/draft/",
        f"/api/v1/lenses/{slug}/export?version=draft&format=full",
        f"/api/v1/lenses/{slug}/export?version=draft&format=aws",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"eve@example.com" not in response.content, path
        assert b"Eve Example" not in response.content, path


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("kind", ["review", "improvement_plan"])
def test_it_prints_markup_as_text_in_the_pdfs(kind, marked_up_lens, alice, settings, tmp_path):
    require_poppler()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    workload = WorkloadFactory(name="Markup check", owner=alice, lenses=[marked_up_lens])
    review = workload.lens_reviews.get()
    for key in ("p1q1", "p2q1"):  # HIGH risk: every practice goes into the plan
        answer_update(
            review=review,
            question_key=key,
            actor=alice,
            version=0,
            selected_choices=[f"{key}_no"],
            notes=f"Notes {MARKUP}",
        )
    job = ReportJob.objects.create(
        workload=workload, lens=marked_up_lens, kind=kind, requested_by=alice, request_key=kind
    )
    job = report_render(job_id=job.pk)
    assert job.status == "done", job.error
    with job.file.open("rb") as handle:
        pdf = read_pdf(handle.read(), tmp_path)
    shown = _flat(pdf.text)
    assert shown.count(_flat(MARKUP)) >= 3, pdf.text[:2000]
    assert "<marquee>M</marquee>" in shown
