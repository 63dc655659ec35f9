"""A corpus of malformed and malicious custom-lens files, generated from the test lens.

Each ``Hostile`` is the raw bytes sent to ``POST /api/v1/lenses/import`` and what must
happen: accepted (lenient, with these warning codes) or rejected with this (code, pointer).
It covers every error code of the custom-lens spec (section 2.8), every quirk class seen in
real files (section 3), and plain attacks: a 10 MB body, 10,000-deep nesting, huge strings,
control characters, NUL bytes, invalid UTF-8, markup in every text field, ``javascript:``
and ``file:`` URLs, 10,000-operator risk rules and choice ids equal after case folding.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.catalog.lensdocs import c_ptr, choice, large_lens, lens_doc, q_ptr, question

# Markup that must show as text: never run, never shape the page (no spaces, so a PDF line
# break cannot split it).
MARKUP = '<script>alert("x")</script><img/src=x/onerror=alert(1)><marquee>M</marquee>'
# Valid http(s), but trying to break out of the href attribute it is rendered into.
HOSTILE_URL = 'https://example.com/"><script>alert(2)</script>'


@dataclass(frozen=True)
class Hostile:
    name: str
    raw: bytes
    rejected: tuple[str, str] | None = None  # (code, pointer) among the errors
    warnings: frozenset[str] = field(default_factory=frozenset)  # codes among the warnings
    mode: str = "lenient"
    multipart: bool = False


def _raw(doc) -> bytes:
    return json.dumps(doc).encode()


def _edit(change: Callable[[dict], object]) -> bytes:
    doc = lens_doc()
    change(doc)
    return _raw(doc)


def _set(path: list, value) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _drop(path: list) -> Callable[[dict], None]:
    def change(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


Q = ["pillars", 0, "questions", 0]
C = [*Q, "choices", 0]


def marked_up_doc() -> dict:
    """A valid lens with ``MARKUP`` in every text field a person reads (and in a URL)."""
    doc = lens_doc(
        name=f"Lens {MARKUP}"[:128],
        description=f"Description {MARKUP}",
        mllens={
            "phases": [{"id": "build", "name": f"Build {MARKUP}"[:128], "description": MARKUP}],
            "designPrinciples": [
                {"id": "principle1", "title": f"Principle {MARKUP}", "description": MARKUP}
            ],
        },
    )
    for pillar in doc["pillars"]:
        pillar["name"] = f"{pillar['name']} {MARKUP}"[:128]
        for entry in pillar["questions"]:
            entry["title"] = f"Q {MARKUP}"[:128]
            entry["description"] = f"Question {MARKUP}"
            entry["helpfulResource"] = {
                "displayText": f"Help {MARKUP}",
                "url": HOSTILE_URL,
            }
            entry["mllens"] = {"phase": "build"}
            for item in entry["choices"]:
                item["title"] = f"{item['title']} {MARKUP}"[:128]
                item["description"] = f"Choice {MARKUP}"
                item["helpfulResource"] = {"displayText": f"Why {MARKUP}", "url": HOSTILE_URL}
                if "improvementPlan" in item:
                    item["improvementPlan"]["displayText"] = f"Plan {MARKUP}"
                    item["additionalResources"] = [
                        {
                            "type": "IMPROVEMENT_PLAN",
                            "content": [
                                {"displayText": f"More {MARKUP}", "url": "https://example.com/m"}
                            ],
                        }
                    ]
    return doc


def _nested(depth: int) -> bytes:
    doc = json.dumps(lens_doc())
    return (doc[:-1] + ', "_deep": ' + "[" * depth + "]" * depth + "}").encode()


def _many_pillars(doc: dict) -> None:
    doc["pillars"] = [{**doc["pillars"][0], "id": f"pillar{n}", "questions": []} for n in range(11)]


def corpus() -> list[Hostile]:
    rule = [*Q, "riskRules", 0, "condition"]
    return [
        # --- CANNOT_PARSE ------------------------------------------------------------------
        Hostile("empty body", b"", ("CANNOT_PARSE", "")),
        Hostile("trailing comma", _raw(lens_doc())[:-1] + b",}", ("CANNOT_PARSE", "")),
        Hostile(
            "NaN literal",
            _raw(lens_doc()).replace(b'"A small lens for tests."', b"NaN"),
            ("CANNOT_PARSE", "/description"),
        ),
        Hostile("byte order mark", b"\xef\xbb\xbf" + _raw(lens_doc()), ("CANNOT_PARSE", "")),
        Hostile(
            "duplicate keys",
            b'{"name": "a", ' + _raw(lens_doc())[1:],
            ("CANNOT_PARSE", "/name"),
        ),
        Hostile(
            "invalid UTF-8",
            _raw(lens_doc()).replace(b"Test lens", b"Test \xc3\x28 lens"),
            ("CANNOT_PARSE", ""),
        ),
        Hostile(
            "raw NUL byte",
            _raw(lens_doc()).replace(b"Test lens", b"Test\x00lens"),
            ("CANNOT_PARSE", ""),
        ),
        Hostile("10,000-deep nesting", _nested(10_000), ("CANNOT_PARSE", "/_deep" + "/0" * 31)),
        Hostile("not an object", b"[1, 2, 3]", ("TYPE", "")),
        Hostile("empty object", b"{}", ("SCHEMA_VERSION", "/schemaVersion")),
        # --- SCHEMA_VERSION, MISSING_FIELD, TYPE ----------------------------------------------
        Hostile(
            "schemaVersion missing",
            _edit(_drop(["schemaVersion"])),
            ("SCHEMA_VERSION", "/schemaVersion"),
        ),
        Hostile(
            "schemaVersion wrong",
            _edit(_set(["schemaVersion"], "2099-01-01")),
            ("SCHEMA_VERSION", "/schemaVersion"),
        ),
        Hostile("name missing", _edit(_drop(["name"])), ("MISSING_FIELD", "/name")),
        Hostile("pillars missing", _edit(_drop(["pillars"])), ("MISSING_FIELD", "/pillars")),
        Hostile(
            "question title missing",
            _edit(_drop([*Q, "title"])),
            ("MISSING_FIELD", q_ptr(0, 0, "title")),
        ),
        Hostile(
            "improvement plan missing",
            _edit(_drop([*C, "improvementPlan"])),
            ("MISSING_FIELD", c_ptr(0, 0, 0, "improvementPlan")),
        ),
        Hostile("name is a number", _edit(_set(["name"], 42)), ("TYPE", "/name")),
        Hostile("title is null", _edit(_set([*Q, "title"], None)), ("TYPE", q_ptr(0, 0, "title"))),
        # --- LENGTH, CHARSET ---------------------------------------------------------------------
        Hostile("name of 129 characters", _edit(_set(["name"], "n" * 129)), ("LENGTH", "/name")),
        Hostile(
            "huge string (400 KB)",
            _edit(_set(["description"], "d" * 400_000)),
            ("LENGTH", "/description"),
        ),
        Hostile(
            "pillar id with punctuation",
            _edit(_set(["pillars", 0, "id"], "pillar-1!")),
            ("CHARSET", "/pillars/0/id"),
        ),
        Hostile(
            "control characters",
            _edit(_set(["name"], "Bell\u0007 and escape\u001b[31m")),
            ("CHARSET", "/name"),
        ),
        Hostile("escaped NUL", _edit(_set(["name"], "Test\u0000lens")), ("CHARSET", "/name")),
        # --- URL_SCHEME, DISPLAYTEXT_REQUIRED ------------------------------------------------
        Hostile(
            "javascript: URL",
            _edit(_set([*Q, "helpfulResource", "url"], "javascript:alert(document.cookie)")),
            ("URL_SCHEME", q_ptr(0, 0, "helpfulResource", "url")),
        ),
        Hostile(
            "file: URL",
            _edit(_set([*C, "improvementPlan", "url"], "file:///etc/passwd")),
            ("URL_SCHEME", c_ptr(0, 0, 0, "improvementPlan", "url")),
        ),
        Hostile(
            "JavaScript: URL in capitals",
            _edit(_set([*C, "helpfulResource", "url"], "JavaScript:alert(1)")),
            ("URL_SCHEME", c_ptr(0, 0, 0, "helpfulResource", "url")),
        ),
        Hostile(
            "url without display text",
            _edit(_drop([*Q, "helpfulResource", "displayText"])),
            ("DISPLAYTEXT_REQUIRED", q_ptr(0, 0, "helpfulResource", "displayText")),
        ),
        # --- DUPLICATE_ID, LIMIT ---------------------------------------------------------------
        Hostile(
            "duplicate pillar id",
            _edit(_set(["pillars", 1, "id"], "pillar1")),
            ("DUPLICATE_ID", "/pillars/1/id"),
        ),
        Hostile(
            "question id repeated in another pillar",
            _edit(_set(["pillars", 1, "questions", 0, "id"], "p1q1")),
            ("DUPLICATE_ID", q_ptr(1, 0, "id")),
        ),
        Hostile(
            "choice ids equal after case folding",
            _edit(_set([*Q, "choices", 1, "id"], "P1Q1_C1")),
            ("DUPLICATE_ID", c_ptr(0, 0, 1, "id")),
        ),
        Hostile("11 pillars", _edit(_many_pillars), ("LIMIT", "/pillars")),
        Hostile(
            "16 choices",
            _edit(
                lambda d: question(d)["choices"].extend(
                    {**choice(d), "id": f"p1q1_x{n}"} for n in range(12)
                )
            ),
            ("LIMIT", q_ptr(0, 0, "choices")),
        ),
        Hostile(
            "4 risk rules",
            _edit(
                lambda d: question(d)["riskRules"].insert(
                    0, {"condition": "p1q1_c1", "risk": "NO_RISK"}
                )
            ),
            ("LIMIT", q_ptr(0, 0, "riskRules")),
        ),
        Hostile("10 MB body", b'{"name": "' + b"x" * 10_000_000 + b'"}', ("LIMIT", "")),
        Hostile(
            "10 MB upload",
            b'{"name": "' + b"x" * 10_000_000 + b'"}',
            ("LIMIT", ""),
            multipart=True,
        ),
        # --- Risk rules ---------------------------------------------------------------------
        Hostile(
            "no default rule (strict)",
            _edit(lambda d: question(d)["riskRules"].pop()),
            ("RISK_RULE_DEFAULT_MISSING", q_ptr(0, 0, "riskRules")),
            mode="strict",
        ),
        Hostile(
            "two rules of one level",
            _edit(_set([*Q, "riskRules", 1, "risk"], "NO_RISK")),
            ("RISK_RULE_DUPLICATE_LEVEL", q_ptr(0, 0, "riskRules", 1, "risk")),
        ),
        Hostile(
            "dangling operator",
            _edit(_set(rule, "p1q1_c1 &&")),
            ("RISK_RULE_SYNTAX", "/" + "/".join(map(str, rule))),
        ),
        Hostile(
            "10,000 || operators",
            _edit(_set(rule, " || ".join(["p1q1_c1"] * 10_001))),
            ("RISK_RULE_SYNTAX", "/" + "/".join(map(str, rule))),
        ),
        Hostile(
            "10,000 ! operators",
            _edit(_set(rule, "!" * 10_000 + "p1q1_c1")),
            ("RISK_RULE_SYNTAX", "/" + "/".join(map(str, rule))),
        ),
        Hostile(
            "10,000 parentheses",
            _edit(_set(rule, "(" * 10_000 + "p1q1_c1" + ")" * 10_000)),
            ("RISK_RULE_SYNTAX", "/" + "/".join(map(str, rule))),
        ),
        Hostile(
            "rule names another question's choice",
            _edit(_set(rule, "p1q2_c1")),
            ("RISK_RULE_UNKNOWN_CHOICE", "/" + "/".join(map(str, rule))),
        ),
        Hostile(
            "unknown risk level",
            _edit(_set([*Q, "riskRules", 0, "risk"], "NO_RISK_AT_ALL")),
            ("RISK_VALUE", q_ptr(0, 0, "riskRules", 0, "risk")),
        ),
        Hostile(
            "bad additional resource type",
            _edit(_set([*C, "additionalResources"], [{"type": "SCRIPT", "content": []}])),
            ("ADDITIONAL_RESOURCE_TYPE", c_ptr(0, 0, 0, "additionalResources", 0, "type")),
        ),
        Hostile(
            "additional resources on a question (strict)",
            _edit(_set([*Q, "additionalResources"], [{"type": "HELPFUL_RESOURCE", "content": []}])),
            ("ADDITIONAL_RESOURCE_TYPE", q_ptr(0, 0, "additionalResources")),
            mode="strict",
        ),
        Hostile(
            "unknown key (strict)",
            _edit(_set(["ready"], True)),
            ("UNKNOWN_KEY", "/ready"),
            mode="strict",
        ),
        # --- Accepted: quirks of real files, and markup ------------------------------------
        Hostile(
            "extra _ metadata with personal data (quirk)",
            _edit(
                lambda d: d.update(
                    _version="3",
                    _release_note="x",
                    _teams=[{"name": "Eve", "email": "eve@example.com"}],
                )
            ),
            warnings=frozenset({"UNKNOWN_KEY"}),
        ),
        Hostile(
            "no None-of-these choice (quirk)",
            _edit(lambda d: question(d)["choices"].pop()),
            warnings=frozenset({"NO_NONE_CHOICE"}),
        ),
        Hostile(
            "no default rule (lenient quirk)",
            _edit(lambda d: question(d)["riskRules"].pop()),
            warnings=frozenset({"RISK_RULE_DEFAULT_MISSING"}),
        ),
        Hostile(
            "rule after default (quirk)",
            _edit(lambda d: question(d)["riskRules"].insert(0, question(d)["riskRules"].pop())),
            warnings=frozenset({"RISK_RULE_UNREACHABLE"}),
        ),
        Hostile(
            "title over 128 characters (quirk)",
            _edit(_set([*Q, "title"], "t" * 200)),
            warnings=frozenset({"LENGTH"}),
        ),
        Hostile(
            "additional resources on a question (quirk)",
            _edit(_set([*Q, "additionalResources"], [{"type": "HELPFUL_RESOURCE", "content": []}])),
            warnings=frozenset({"ADDITIONAL_RESOURCE_TYPE"}),
        ),
        Hostile(
            "descriptions on pillars and choices (quirk)",
            _edit(
                lambda d: (
                    d["pillars"][0].update(description="p"),
                    choice(d).update(description="c"),
                )
            ),
            warnings=frozenset({"UNKNOWN_KEY"}),
        ),
        Hostile(
            "case-variant pillar id (quirk)",
            _edit(_set(["pillars", 0, "id"], "Security")),
            warnings=frozenset({"PILLAR_ID_CASE"}),
        ),
        Hostile(
            "non-scoring lens (quirk)",
            warnings=frozenset({"NON_SCORING"}),
            raw=_edit(
                lambda d: [
                    q.update(riskRules=[{"condition": "default", "risk": "NO_RISK"}])
                    for p in d["pillars"]
                    for q in p["questions"]
                ]
            ),
        ),
        Hostile(
            "HIGH, MEDIUM, NO order (quirk)",
            _edit(
                lambda d: (
                    question(d)["riskRules"].reverse()
                    or question(d)["riskRules"].append(question(d)["riskRules"].pop(0))
                )
            ),
        ),
        Hostile("a valid lens of 490 KB", _raw(large_lens(490_000))),
        Hostile("markup in every text field", _raw(marked_up_doc())),
        Hostile("markup in every text field (strict)", _raw(marked_up_doc()), mode="strict"),
    ]
