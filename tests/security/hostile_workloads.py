"""A corpus of malformed and malicious workload documents for ``POST /api/v1/workloads/import``.

Each ``Hostile`` is an edit of one valid document (``base_document``: the tricky lens, bob as
a contributor, three answers, one tracked item) and the (code, JSON Pointer) that must be
among the errors of its 400. It covers every shape the audit (issue 12 finding 4) found
answering 500 or storing a workload that broke later, every invariant the API enforces on
answers, notes and improvement items, unknown and read-only keys (finding 12), and the
document caps.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

LENS = "tricky-rules-lens"


def base_document() -> dict:
    """A valid document for the tricky lens (alice imports; bob exists and is a member).

    p1q1: c3 selected, c2 not applicable → MEDIUM, so c1 is the one item in its plan.
    """
    return {
        "format": "mllens-workload",
        "format_version": 1,
        "exported_at": "2026-01-01T00:00:00+00:00",
        "workload": {
            "name": "Imported model",
            "description": "From another installation",
            "environment": "PRODUCTION",
            "aws_regions": ["eu-west-1"],
            "tags": {"team": "risk"},
            "pillar_priorities": ["pillar2"],
        },
        "members": [{"user": "bob", "role": "CONTRIBUTOR"}],
        "reviews": [
            {
                "lens": LENS,
                "lens_version": "1.0",
                "notes": "Reviewed together",
                "pillar_notes": {"pillar1": "Threat model pending"},
                "answers": [
                    {
                        "question_key": "p1q1",
                        "selected_choices": ["p1q1_c3"],
                        "choice_statuses": {
                            "p1q1_c2": {"reason": "OUT_OF_SCOPE", "notes": "batch only"}
                        },
                        "is_applicable": True,
                        "reason": "",
                        "notes": "agreed",
                        "risk": "MEDIUM",
                    },
                    {
                        "question_key": "p1q2",
                        "selected_choices": [],
                        "choice_statuses": {},
                        "is_applicable": False,
                        "reason": "BUSINESS_PRIORITIES",
                        "notes": "",
                        "risk": "NOT_APPLICABLE",
                    },
                    {
                        "question_key": "p2q2",
                        "selected_choices": ["p2q2_c1"],
                        "choice_statuses": {},
                        "is_applicable": True,
                        "reason": "",
                        "notes": "",
                        "risk": "MEDIUM",
                    },
                ],
                "improvement_items": [
                    {
                        "question_key": "p1q1",
                        "choice_key": "p1q1_c1",
                        "owner": "bob",
                        "due_date": "2026-03-01",
                        "status": "IN_PROGRESS",
                        "note": "Q1",
                    }
                ],
            }
        ],
    }


@dataclass(frozen=True)
class Hostile:
    name: str
    edit: Callable[[dict], object]
    rejected: tuple[str, str]  # (code, pointer) among the errors

    def document(self):
        doc = base_document()
        replaced = self.edit(doc)
        return doc if replaced is None else replaced


R = "/reviews/0"
A0 = f"{R}/answers/0"
I0 = f"{R}/improvement_items/0"


def _review(doc) -> dict:
    return doc["reviews"][0]


def _answer(doc, index: int = 0) -> dict:
    return doc["reviews"][0]["answers"][index]


def _item(doc) -> dict:
    return doc["reviews"][0]["improvement_items"][0]


def _set(getter, key, value):
    def edit(doc):
        getter(doc)[key] = value

    return edit


def _top(key, value):
    return _set(lambda doc: doc, key, value)


def _workload(key, value):
    return _set(lambda doc: doc["workload"], key, value)


def _a(key, value, index: int = 0):
    return _set(lambda doc: _answer(doc, index), key, value)


def _i(key, value):
    return _set(_item, key, value)


def _r(key, value):
    return _set(_review, key, value)


def _na(notes: str = "", reason: str = "OUT_OF_SCOPE", key: str = "p1q1_c2"):
    return _a("choice_statuses", {key: {"reason": reason, "notes": notes}})


def _twice(getter):
    def edit(doc):
        items = getter(doc)
        items.append(copy.deepcopy(items[0]))

    return edit


def corpus() -> list[Hostile]:
    """Every hostile document, named."""
    return [
        # --- the document itself
        Hostile("not_an_object", lambda doc: [doc], ("TYPE", "")),
        Hostile("wrong_format", _top("format", "aws-wellarchitected"), ("FORMAT", "/format")),
        Hostile(
            "format_version_text", _top("format_version", "one"), ("INVALID", "/format_version")
        ),
        Hostile("workload_missing", lambda doc: doc.pop("workload"), ("REQUIRED", "/workload")),
        Hostile("workload_a_string", _top("workload", "x"), ("INVALID", "/workload")),
        Hostile(
            "unknown_top_level_key", _top("regions", ["eu-west-1"]), ("UNKNOWN_FIELD", "/regions")
        ),
        Hostile("exported_at_object", _top("exported_at", {"a": 1}), ("INVALID", "/exported_at")),
        # --- workload fields: the API's WorkloadWriteSerializer (NUL: the JSON parser refuses it
        # before any serializer runs, at the pointer of the string or key that holds it)
        Hostile("name_too_short", _workload("name", "x"), ("MIN_LENGTH", "/workload/name")),
        Hostile(
            "nul_in_name",
            _workload("name", "Model\u0000X"),
            ("NUL_CHARACTER", "/workload/name"),
        ),
        Hostile(
            "nul_in_tag_key",
            _workload("tags", {"k\u0000": "v"}),
            ("NUL_CHARACTER", "/workload/tags/k\u0000"),
        ),
        Hostile(
            "bad_region", _workload("aws_regions", ["Mars"]), ("INVALID", "/workload/aws_regions/0")
        ),
        Hostile(
            "unknown_workload_key",
            _workload("regions", ["eu-west-1"]),
            ("UNKNOWN_FIELD", "/workload/regions"),
        ),
        Hostile(
            "read_only_workload_key",
            _workload("high_count", 0),
            ("READ_ONLY_FIELD", "/workload/high_count"),
        ),
        Hostile(
            "lenses_in_workload",
            _workload("lenses", [LENS]),
            ("READ_ONLY_FIELD", "/workload/lenses"),
        ),
        # --- members
        Hostile("members_a_string", _top("members", "x"), ("NOT_A_LIST", "/members")),
        Hostile("member_a_number", _top("members", [5]), ("INVALID", "/members/0")),
        Hostile("member_twice", _twice(lambda doc: doc["members"]), ("DUPLICATE", "/members/1")),
        Hostile(
            "member_bad_role",
            _set(lambda d: d["members"][0], "role", "ADMIN"),
            ("INVALID_CHOICE", "/members/0/role"),
        ),
        Hostile(
            "member_user_and_team",
            _set(lambda d: d["members"][0], "team", "Platform"),
            ("INVALID", "/members/0/user"),
        ),
        Hostile(
            "member_unhashable_user",
            _set(lambda d: d["members"][0], "user", {"a": 1}),
            ("INVALID", "/members/0/user"),
        ),
        # --- reviews
        Hostile("reviews_an_object", _top("reviews", {}), ("NOT_A_LIST", "/reviews")),
        Hostile(
            "review_twice", _twice(lambda doc: doc["reviews"]), ("DUPLICATE", "/reviews/1/lens")
        ),
        Hostile(
            "lens_version_unknown",
            _r("lens_version", "1999"),
            ("LENS_VERSION_MISSING", f"{R}/lens_version"),
        ),
        Hostile("lens_notes_too_long", _r("notes", "n" * 10_001), ("MAX_LENGTH", f"{R}/notes")),
        Hostile(
            "pillar_notes_a_list", _r("pillar_notes", ["a"]), ("NOT_A_DICT", f"{R}/pillar_notes")
        ),
        Hostile(
            "pillar_notes_unknown_pillar",
            _r("pillar_notes", {"nope": "x"}),
            ("UNKNOWN_PILLAR", f"{R}/pillar_notes/nope"),
        ),
        Hostile(
            "pillar_note_too_long",
            _r("pillar_notes", {"pillar1": "n" * 10_001}),
            ("MAX_LENGTH", f"{R}/pillar_notes/pillar1"),
        ),
        Hostile(
            "pillar_note_not_text",
            _r("pillar_notes", {"pillar1": ["a"]}),
            ("INVALID", f"{R}/pillar_notes/pillar1"),
        ),
        Hostile("unknown_review_key", _r("score", 3), ("UNKNOWN_FIELD", f"{R}/score")),
        # --- answers: shapes
        Hostile("answers_a_string", _r("answers", "x"), ("NOT_A_LIST", f"{R}/answers")),
        Hostile(
            "question_key_unhashable",
            _a("question_key", {"a": 1}),
            ("INVALID", f"{A0}/question_key"),
        ),
        Hostile(
            "question_key_unknown",
            _a("question_key", "nope"),
            ("UNKNOWN_QUESTION", f"{A0}/question_key"),
        ),
        Hostile(
            "answer_twice",
            _twice(lambda doc: _review(doc)["answers"]),
            ("DUPLICATE", f"{R}/answers/3/question_key"),
        ),
        Hostile(
            "selected_not_a_list",
            _a("selected_choices", "p1q1_c1"),
            ("NOT_A_LIST", f"{A0}/selected_choices"),
        ),
        Hostile(
            "selected_unhashable",
            _a("selected_choices", [["p1q1_c1"]]),
            ("INVALID", f"{A0}/selected_choices/0"),
        ),
        Hostile(
            "selected_unknown",
            _a("selected_choices", ["p1q1_c3", "nope"]),
            ("UNKNOWN_CHOICE", f"{A0}/selected_choices/1"),
        ),
        Hostile(
            "selected_nul",
            _a("selected_choices", ["p1q1_c3\u0000"]),
            ("NUL_CHARACTER", f"{A0}/selected_choices/0"),
        ),
        Hostile(
            "statuses_a_list", _a("choice_statuses", ["a"]), ("NOT_A_DICT", f"{A0}/choice_statuses")
        ),
        Hostile(
            "status_junk",
            _a("choice_statuses", {"p1q1_c2": "junk"}),
            ("INVALID", f"{A0}/choice_statuses/p1q1_c2"),
        ),
        Hostile(
            "status_unknown_choice",
            _a("choice_statuses", {"X": {"reason": "OTHER"}}),
            ("UNKNOWN_CHOICE", f"{A0}/choice_statuses/X"),
        ),
        Hostile(
            "status_key_with_slash",
            _a("choice_statuses", {"a/b~c": {"reason": "OTHER"}}),
            ("UNKNOWN_CHOICE", f"{A0}/choice_statuses/a~1b~0c"),
        ),
        Hostile(
            "status_reason_unknown",
            _na(reason="EVIL"),
            ("INVALID_CHOICE", f"{A0}/choice_statuses/p1q1_c2/reason"),
        ),
        Hostile(
            "status_notes_too_long",
            _na(notes="n" * 251),
            ("MAX_LENGTH", f"{A0}/choice_statuses/p1q1_c2/notes"),
        ),
        Hostile(
            "status_unknown_key",
            _a("choice_statuses", {"p1q1_c2": {"reason": "OTHER", "status": "NOT_APPLICABLE"}}),
            ("UNKNOWN_FIELD", f"{A0}/choice_statuses/p1q1_c2/status"),
        ),
        # --- answers: the API's invariants
        Hostile(
            "selected_and_not_applicable",
            _na(key="p1q1_c3"),
            ("SELECTED_AND_NOT_APPLICABLE", f"{A0}/choice_statuses/p1q1_c3"),
        ),
        Hostile(
            "none_with_others",
            _a("selected_choices", ["p1q1_no", "p1q1_c1"]),
            ("NONE_EXCLUSIVE", f"{A0}/selected_choices"),
        ),
        Hostile(
            "none_not_applicable",
            _na(key="p1q1_no"),
            ("NONE_NOT_APPLICABLE", f"{A0}/choice_statuses/p1q1_no"),
        ),
        Hostile("notes_too_long", _a("notes", "n" * 10_001), ("MAX_LENGTH", f"{A0}/notes")),
        Hostile("notes_nul", _a("notes", "a\u0000b"), ("NUL_CHARACTER", f"{A0}/notes")),
        Hostile(
            "reason_unknown", _a("reason", "EVIL", 1), ("INVALID_CHOICE", f"{R}/answers/1/reason")
        ),
        Hostile(
            "reason_longer_than_column",
            _a("reason", "X" * 40, 1),
            ("INVALID_CHOICE", f"{R}/answers/1/reason"),
        ),
        Hostile(
            "is_applicable_text", _a("is_applicable", "maybe"), ("INVALID", f"{A0}/is_applicable")
        ),
        Hostile("risk_unknown", _a("risk", "CATASTROPHIC"), ("INVALID_CHOICE", f"{A0}/risk")),
        Hostile("answer_version", _a("version", 7), ("READ_ONLY_FIELD", f"{A0}/version")),
        Hostile("unknown_answer_key", _a("score", 3), ("UNKNOWN_FIELD", f"{A0}/score")),
        # --- improvement items
        Hostile(
            "items_a_string", _r("improvement_items", "x"), ("NOT_A_LIST", f"{R}/improvement_items")
        ),
        Hostile(
            "item_twice",
            _twice(lambda doc: _review(doc)["improvement_items"]),
            ("DUPLICATE", f"{R}/improvement_items/1"),
        ),
        Hostile(
            "item_done_but_selected",
            lambda doc: _item(doc).update(choice_key="p1q1_c3", status="DONE"),
            ("NOT_IN_PLAN", I0),
        ),
        Hostile("item_not_applicable", _i("choice_key", "p1q1_c2"), ("NOT_IN_PLAN", I0)),
        Hostile("item_none_choice", _i("choice_key", "p1q1_no"), ("NOT_IN_PLAN", I0)),
        Hostile(
            "item_unanswered_question",
            lambda doc: _item(doc).update(question_key="p2q1", choice_key="p2q1_c1"),
            ("NOT_IN_PLAN", I0),
        ),
        Hostile("item_made_up", _i("choice_key", "X9"), ("NOT_IN_PLAN", I0)),
        Hostile("item_bad_date", _i("due_date", "2026-02-30"), ("INVALID", f"{I0}/due_date")),
        Hostile("item_date_a_number", _i("due_date", 20260101), ("INVALID", f"{I0}/due_date")),
        Hostile("item_bad_status", _i("status", "SOON"), ("INVALID_CHOICE", f"{I0}/status")),
        Hostile("item_note_too_long", _i("note", "n" * 2001), ("MAX_LENGTH", f"{I0}/note")),
        Hostile("item_owner_not_member", _i("owner", "charlie"), ("NOT_MEMBER", f"{I0}/owner")),
        Hostile("item_owner_unhashable", _i("owner", ["bob"]), ("INVALID", f"{I0}/owner")),
        Hostile(
            "item_question_key_number",
            _i("question_key", ["p1q1"]),
            ("INVALID", f"{I0}/question_key"),
        ),
        Hostile("unknown_item_key", _i("priority", 1), ("UNKNOWN_FIELD", f"{I0}/priority")),
    ]
