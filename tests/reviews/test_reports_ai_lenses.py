"""PDF reports of Generative AI and Responsible AI reviews (issue 13 part 6): every question
and pillar (or focus area) is in them, and the improvement plan lists every missing practice
of a rated question, although neither lens places questions in phases."""

from __future__ import annotations

import pytest

from catalog.models import Lens
from catalog.services import shipped_lenses_load
from reviews.models import LensReview, ReportJob
from reviews.selectors.improvements import improvement_plan
from reviews.services.reports import report_render, report_request
from tests.fixtures.reports import (
    assert_pdf_describes,
    read_pdf,
    report_workload,
    require_poppler,
    shown_counts,
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _render(workload, lens, user, kind: str, tmp_path):
    job, _ = report_request(
        workload=workload,
        lens=lens,
        kind=kind,
        user=user,
        milestone=None,
        base=None,
        target="",
        options={"include_notes": True},
    )
    job = report_render(job_id=job.pk)
    assert job.status == "done", job.error
    job = ReportJob.objects.select_related("workload", "lens").get(pk=job.pk)
    with job.file.open("rb") as handle:
        content = handle.read()
    (tmp_path / f"{lens.slug}-{kind}.pdf").write_bytes(content)
    return job, read_pdf(content, tmp_path)


@pytest.mark.parametrize("slug", ["generative-ai", "responsible-ai"])
def test_it_renders_the_review_and_the_plan_of_a_new_lens(slug, alice, tmp_path):
    require_poppler()
    shipped_lenses_load()
    lens = Lens.objects.get(slug=slug)
    workload = report_workload(owner=alice, lens=lens, name="Support assistant")
    review = LensReview.objects.get(workload=workload, lens=lens)
    pillars = list(review.lens_version.pillars.all())

    job, pdf = _render(workload, lens, alice, "review", tmp_path)
    assert_pdf_describes(pdf, name="Support assistant", pillars=pillars, counts=shown_counts(job))
    for question in review.lens_version.questions.all():
        assert question.key in pdf.flat, question.key

    _, plan = _render(workload, lens, alice, "improvement_plan", tmp_path)
    for entry in improvement_plan(review):
        for item in entry["items"]:
            assert item["choice_key"].replace("_", "-") in plan.flat, item["choice_key"]
