"""A tiny, valid custom lens for tests, written by us, plus helpers to reach into it."""

from __future__ import annotations

import json
from typing import Any

from catalog.lensformat import LensFormatError, validate


def lens_doc(
    *, n_pillars: int = 2, n_questions: int = 2, n_choices: int = 3, **overrides: Any
) -> dict:
    """Return a fresh valid lens: pillars x questions x (choices + a ``_no`` choice), 2 x 2 x 3.

    Keys are in canonical order, so ``validate(lens_doc()).document == lens_doc()``. Keyword
    overrides replace (or, with the value ``...``, remove) top-level keys.
    """
    doc = {
        "schemaVersion": "2021-11-01",
        "name": "Test lens",
        "description": "A small lens for tests.",
        "pillars": [_pillar(p, n_questions, n_choices) for p in range(1, n_pillars + 1)],
    }
    for key, value in overrides.items():
        if value is ...:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


def _pillar(p: int, questions: int, choices: int) -> dict:
    return {
        "id": f"pillar{p}",
        "name": f"Pillar {p}",
        "questions": [_question(f"p{p}q{q}", choices) for q in range(1, questions + 1)],
    }


def _question(qid: str, choices: int) -> dict:
    ids = [f"{qid}_c{c}" for c in range(1, choices + 1)]
    return {
        "id": qid,
        "title": f"How do you handle {qid}?",
        "description": f"Context for {qid}.",
        "helpfulResource": {"displayText": "Read this.", "url": f"https://example.com/{qid}"},
        "choices": [*(_choice(cid) for cid in ids), {"id": f"{qid}_no", "title": "None of these"}],
        "riskRules": [
            {"condition": " && ".join(ids), "risk": "NO_RISK"},
            {"condition": " || ".join(ids[:2]), "risk": "MEDIUM_RISK"},
            {"condition": "default", "risk": "HIGH_RISK"},
        ],
    }


def _choice(cid: str) -> dict:
    return {
        "id": cid,
        "title": f"Practice {cid}",
        "helpfulResource": {"displayText": "Why it matters.", "url": f"https://example.com/{cid}"},
        "improvementPlan": {"displayText": f"Start doing {cid}."},
    }


def question(doc: dict, p: int = 0, q: int = 0) -> dict:
    """Return question ``q`` of pillar ``p`` (0-based) of ``doc``, for editing in place."""
    return doc["pillars"][p]["questions"][q]


def choice(doc: dict, p: int = 0, q: int = 0, c: int = 0) -> dict:
    """Return choice ``c`` of question ``q`` of pillar ``p`` (0-based) of ``doc``."""
    return question(doc, p, q)["choices"][c]


def q_ptr(p: int = 0, q: int = 0, *rest: str | int) -> str:
    """Return the JSON Pointer of a question, or of something under it."""
    return "/".join([f"/pillars/{p}/questions/{q}", *map(str, rest)])


def c_ptr(p: int = 0, q: int = 0, c: int = 0, *rest: str | int) -> str:
    """Return the JSON Pointer of a choice, or of something under it."""
    return q_ptr(p, q, "choices", c, *rest)


def large_lens(target_bytes: int) -> dict:
    """Return a valid lens of about ``target_bytes`` of compact JSON (10 pillars x 20 questions)."""
    doc = lens_doc(n_pillars=10, n_questions=20, n_choices=4)
    choices = [c for p in doc["pillars"] for q in p["questions"] for c in q["choices"][:-1]]
    pad = (target_bytes - len(json.dumps(doc).encode())) // len(choices)
    for c in choices:
        c["improvementPlan"]["displayText"] += " " + "x" * min(max(pad - 1, 0), 1000)
    return doc


def rejection(document: Any, *, strict: bool = False) -> LensFormatError:
    """Validate ``document`` and return the LensFormatError it must raise."""
    try:
        validate(document, strict=strict)
    except LensFormatError as exc:
        return exc
    raise AssertionError("the document was accepted")


def errors(document: Any, *, strict: bool = False) -> set[tuple[str, str]]:
    """Return the (code, pointer) pairs of the errors ``document`` is rejected with."""
    return {(p.code, p.pointer) for p in rejection(document, strict=strict).problems}


def notes(document: Any, *, strict: bool = False) -> set[tuple[str, str, str]]:
    """Return the (code, pointer, severity) of the warnings and infos of an accepted document."""
    return {(p.code, p.pointer, p.severity) for p in validate(document, strict=strict).warnings}
