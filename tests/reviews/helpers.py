"""URLs, answering and consistency checks shared by the reviews tests."""

from __future__ import annotations

import threading
from collections import Counter

from catalog.choices import RISK_TO_FORMAT, Risk
from catalog.riskrules import compile_rules
from reviews import risk
from reviews.models import Answer, LensReview, PillarRiskCounts, Workload

API = "/api/v1"


def url(workload, *parts: str) -> str:
    """``/api/v1/workloads/<id>/<parts>/``; ``parts`` may hold slashes."""
    pk = workload.pk if hasattr(workload, "pk") else workload
    tail = "".join(f"{part.strip('/')}/" for part in parts)
    return f"{API}/workloads/{pk}/{tail}"


def review_url(workload, slug: str, *parts: str) -> str:
    return url(workload, "reviews", slug, *parts)


def answer_url(workload, slug: str, question_key: str, *parts: str) -> str:
    return review_url(workload, slug, "answers", question_key, *parts)


def assert_error(
    response, status: int, code: str, *, field: str | None = None, query: bool = False
) -> dict:
    """The response is the one error shape with this status and code (and an error on ``field``)."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert body["code"] == code, body
    assert isinstance(body["message"], str)
    assert body["message"]
    assert isinstance(body["errors"], list)
    for error in body["errors"]:
        assert {"code", "message"} <= set(error), error
    if field is not None:
        fields = [error.get("field") for error in body["errors"]]
        assert field in fields, body
        error = body["errors"][fields.index(field)]
        if "pointer" in error or not query:  # query parameters have no JSON Pointer
            assert error["pointer"] == "/" + field.replace(".", "/"), error
    return body


def patch_answer(client, workload, slug: str, question_key: str, **changes):
    """PATCH an answer based on its current version (read first, as a browser would)."""
    target = answer_url(workload, slug, question_key)
    current = client.get(target)
    assert current.status_code == 200, current.content[:300]
    body = {"version": current.json()["version"], **changes}
    return client.patch(target, body, format="json")


def select(client, workload, slug: str, question_key: str, *choices: str) -> dict:
    """Select exactly ``choices`` (suffixes like ``"c1"`` or full keys); return the answer."""
    keys = [c if c.startswith(question_key) else f"{question_key}_{c}" for c in choices]
    response = patch_answer(client, workload, slug, question_key, selected_choices=keys)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def stored_risk_is_recomputed(answer: Answer) -> bool:
    """The answer's stored risk equals the lens rules applied to its stored selection."""
    rules = [(r.condition, RISK_TO_FORMAT[Risk(r.risk)]) for r in answer.question.risk_rules.all()]
    expected = risk.answer_risk(
        rules=compile_rules(rules),
        selected=answer.selected_choices,
        is_applicable=answer.is_applicable,
    )
    return answer.risk == expected


def assert_counts_match_answers(workload: Workload) -> None:
    """Every stored count (review counts, summary, pillar rows, workload counts) equals a
    recomputation."""
    workload = Workload.objects.get(pk=workload.pk)
    total: Counter[str] = Counter()
    for review in LensReview.objects.filter(workload=workload):
        answers = Answer.objects.filter(lens_review=review).select_related("question")
        rows = list(answers.values("pillar_key", "phase_key", "risk"))
        counts = Counter(row["risk"] for row in rows)
        assert review.risk_counts == {level: counts[level] for level in risk.RISKS}, review
        assert review.risk_summary == risk.summarize(rows), review
        pillar_rows = list(PillarRiskCounts.objects.filter(lens_review=review))
        pillars = {row.pillar_key: row.risk_counts for row in pillar_rows}
        assert pillars == review.risk_summary["pillars"], review
        copied = {(r.workload_id, r.lens_id, r.lens_version_id) for r in pillar_rows}
        assert copied == {(review.workload_id, review.lens_id, review.lens_version_id)}, review
        for answer in answers.prefetch_related("question__risk_rules"):
            assert stored_risk_is_recomputed(answer), answer
        total.update(counts)
    assert workload.risk_counts == {level: total[level] for level in risk.RISKS}


def together(count: int, call) -> list:
    """Run ``call()`` in ``count`` threads released at once; their results."""
    results: list = []
    start = threading.Barrier(count)

    def run() -> None:
        start.wait(timeout=30)
        results.append(call())

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert len(results) == count
    return results


def listed(client, path: str, **headers) -> list:
    """Every item of a paginated list, following ``next`` page after page."""
    items, target = [], path
    while target:
        response = client.get(target, headers=headers)
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        assert set(body) == {"count", "next", "previous", "results"}, body
        items.extend(body["results"])
        target = body["next"]
    return items
