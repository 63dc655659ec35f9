"""OpenAPI examples of the workload, review, milestone and report endpoints, by operation id
(``mllens.api.examples``).

One story throughout: alice owns workload 42, "Fraud scoring", reviewed with the shipped Machine
Learning Lens; bob contributes. Values are what the app answered to these calls, with lists cut
to their first items.
"""

from __future__ import annotations

from catalog.api.examples import (
    DOCS,
    EXPLAIN,
    EXPLAIN_PLAN,
    ML,
    ML_EDITION,
    OPS_KEY,
    QUESTION,
    SKILLS,
)
from catalog.choices import Risk
from mllens.api.examples import ALICE, BASE, BOB, Example, error, item, page

W = 42
WORKLOAD_PATH = f"/workloads/{W}"
REVIEW_PATH = f"{WORKLOAD_PATH}/reviews/{ML}"
CREATED = "2026-11-18T09:12:44.207513Z"
ANSWERED = "2026-12-02T14:31:05.880214Z"
RECORDED = "2026-11-25T16:40:12.035118Z"
LENS_NAME = "Machine Learning Lens"


def risk_counts(**counts: int) -> dict:
    """Counts per risk level (every level named; those not given are 0)."""
    return {level: counts.get(level, 0) for level in Risk.values}


BEFORE = risk_counts(UNANSWERED=31, HIGH=3, MEDIUM=1)
NOW = risk_counts(UNANSWERED=29, HIGH=2, MEDIUM=2, NONE=2)

WORKLOAD_WRITE = {
    "name": "Fraud scoring",
    "description": "Card-not-present fraud model served on SageMaker.",
    "environment": "PRODUCTION",
    "review_owner": "ml-platform@example.com",
    "aws_regions": ["eu-west-1"],
    "tags": {"team": "risk", "cost-centre": "4410"},
    "pillar_priorities": ["security", "reliability"],
}
WORKLOAD_FIELDS = {
    **WORKLOAD_WRITE,
    "industry_type": "",
    "industry": "",
    "non_aws_regions": [],
    "account_ids": ["123456789012"],
    "architectural_design": "",
    "notes": "",
    "improvement_status": "IN_PROGRESS",
}
APPLIED = {
    "slug": ML,
    "name": LENS_NAME,
    "version": ML_EDITION,
    "risk_counts": NOW,
    "questions_answered": 6,
    "questions_total": 35,
}
WORKLOAD = {
    "id": W,
    **WORKLOAD_FIELDS,
    "lenses": [APPLIED],
    "questions_answered": 6,
    "questions_total": 35,
    "high_count": 2,
    "medium_count": 2,
    "risk_counts": NOW,
    "created_by": ALICE,
    "updated_by": BOB,
    "created_at": CREATED,
    "updated_at": ANSWERED,
    "version": 14,
}
WORKLOAD_DETAIL = {**WORKLOAD, "role": "OWNER"}

MEMBER_BOB = {
    "id": 57,
    "user": BOB,
    "team": None,
    "role": "CONTRIBUTOR",
    "created_at": "2026-11-18T09:20:03.118472Z",
    "version": 1,
}
MEMBER_ALICE = {**MEMBER_BOB, "id": 56, "user": ALICE, "role": "OWNER", "created_at": CREATED}
MEMBER_TEAM = {
    **MEMBER_BOB,
    "id": 61,
    "user": None,
    "team": {"id": 3, "name": "Platform"},
    "role": "READER",
}

OPS = {"key": OPS_KEY, "name": "Operational excellence"}
GOAL = {"key": "businessGoal", "name": "Business goal identification"}
LENS_REVIEW = {
    "lens": ML,
    "lens_name": LENS_NAME,
    "lens_version": ML_EDITION,
    "notes": "Scope: the scoring endpoint and its nightly retraining.",
    "pillar_notes": {"security": "Keys rotate every 90 days."},
    "risk_counts": NOW,
    "questions_answered": 6,
    "questions_total": 35,
    "pillars": [
        {**OPS, "risk_counts": risk_counts(UNANSWERED=2, HIGH=1, MEDIUM=1, NONE=2), "notes": ""}
    ],
    "phases": [{**GOAL, "risk_counts": risk_counts(UNANSWERED=3, HIGH=1, NONE=1)}],
    "matrix": [{"pillar": OPS["key"], "phase": GOAL["key"], "risk_counts": risk_counts(HIGH=1)}],
    "created_at": CREATED,
    "updated_at": ANSWERED,
    "version": 9,
    "upgrade_available": None,
}
UPGRADE_AVAILABLE = {
    "version": ML_EDITION,
    "is_major": False,
    "summary": {
        "pillars": {"NEW": 0, "UPDATED": 0, "DELETED": 0},
        "questions": {"NEW": 0, "UPDATED": 12, "DELETED": 0},
        "choices": {"NEW": 0, "UPDATED": 3, "DELETED": 0},
    },
}


def _answer_choice(key: str, title: str, plan: str, is_none: bool = False) -> dict:
    practice = "" if is_none else key.replace("_", "-")
    return {
        "key": key,
        "best_practice_id": practice,
        "title": title,
        "description": "",
        "helpful_resource_text": f"{practice} in the AWS Machine Learning Lens" if practice else "",
        "helpful_resource_url": f"{DOCS}/{practice.lower()}.html" if practice else "",
        "improvement_plan_text": plan,
        "improvement_plan_url": "",
        "is_none": is_none,
    }


ANSWER = {
    "question_key": "MLOPS01",
    "title": QUESTION,
    "description": "Operational trouble in ML often starts before any code exists.",
    "pillar": OPS["key"],
    "phase": GOAL["key"],
    "helpful_resource": None,
    "choices": [
        _answer_choice("MLOPS01_BP01", SKILLS, "Map the skills the workload needs."),
        _answer_choice("MLOPS01_BP02", EXPLAIN, EXPLAIN_PLAN),
        _answer_choice("MLOPS01_no", "None of these", "", is_none=True),
    ],
    "selected_choices": ["MLOPS01_BP01"],
    "choice_statuses": {
        "MLOPS01_BP01": {"status": "SELECTED"},
        "MLOPS01_BP02": {"status": "UNSELECTED"},
        "MLOPS01_no": {"status": "UNSELECTED"},
    },
    "is_applicable": True,
    "reason": "",
    "notes": "Owner named in the model card.",
    "risk": "HIGH",
    "plan_item_count": 2,
    "version": 3,
    "needs_review": False,
    "origin": None,
    "updated_by": BOB,
    "updated_at": ANSWERED,
}
STATE_BEFORE = {
    "selected_choices": [],
    "choice_statuses": {},
    "is_applicable": True,
    "reason": "",
    "notes": "",
    "risk": "UNANSWERED",
    "version": 2,
}
STATE_AFTER = {
    **STATE_BEFORE,
    "selected_choices": ["MLOPS01_BP01"],
    "notes": "Owner named in the model card.",
    "risk": "HIGH",
    "version": 3,
}

PLAN_ITEM = {
    "choice_key": "MLOPS01_BP02",
    "best_practice_id": "MLOPS01-BP02",
    "title": EXPLAIN,
    "improvement_plan_text": EXPLAIN_PLAN,
    "improvement_plan_url": "",
    "helpful_resource_url": f"{DOCS}/mlops01-bp02.html",
    "additional_resources": [],
    "owner": ALICE,
    "due_date": "2027-01-15",
    "status": "IN_PROGRESS",
    "status_label": "In progress",
    "note": "Workshop with compliance booked for 12 January.",
    "version": 2,
}

# An answer as a milestone or a workload document keeps it.
STORED_ANSWER = {
    "question_key": "MLOPS01",
    "selected_choices": ["MLOPS01_BP01"],
    "choice_statuses": {},
    "is_applicable": True,
    "reason": "",
    "notes": "Owner named in the model card.",
    "risk": "HIGH",
}

MILESTONE = {
    "number": 1,
    "name": "Baseline",
    "recorded_at": RECORDED,
    "created_at": RECORDED,
    "recorded_in_aws_at": None,
    "created_by": ALICE,
    "risk_counts": BEFORE,
    "lenses": [{"lens": ML, "version": ML_EDITION, "risk_counts": BEFORE}],
}
MILESTONE_DETAIL = {
    **MILESTONE,
    "workload": WORKLOAD_FIELDS,
    "reviews": [
        {
            "lens": ML,
            "lens_name": LENS_NAME,
            "lens_version": ML_EDITION,
            "notes": LENS_REVIEW["notes"],
            "pillar_notes": {},
            "risk_counts": BEFORE,
            "risk_summary": {
                "pillars": {OPS["key"]: risk_counts(UNANSWERED=4, HIGH=1, MEDIUM=1)},
                "phases": {GOAL["key"]: risk_counts(UNANSWERED=4, HIGH=1)},
                "matrix": {f"{OPS['key']}|{GOAL['key']}": risk_counts(HIGH=1)},
            },
            "answers": [
                {
                    **STORED_ANSWER,
                    "pillar": OPS["key"],
                    "phase": GOAL["key"],
                    "order": 0,
                    "version": 3,
                    "needs_review": False,
                    "updated_by": BOB,
                    "updated_at": "2026-11-24T11:02:37.412006Z",
                }
            ],
            "improvement_items": [
                {
                    "question_key": "MLOPS01",
                    "choice_key": "MLOPS01_BP02",
                    "owner": None,
                    "due_date": None,
                    "status": "OPEN",
                    "note": "",
                }
            ],
        }
    ],
}

CUTOFF = "cD0yMDI2LTEyLTAyKzE0JTNBMzElM0EwNS44ODAyMTQlMkIwMCUzQTAw"
ACTIVITY = {
    "id": 318,
    "at": ANSWERED,
    "actor": BOB,
    "verb": "answer.update",
    "object": {"type": "answer", "url": f"{BASE}{REVIEW_PATH}/answers/MLOPS01/"},
    "summary": "answered MLOPS01: high risk",
    "data": {"question": "MLOPS01", "risk": "HIGH", "version": 3},
}


def _compared(key: str, name: str, before: dict, after: dict) -> dict:
    return {"key": key, "name": name, "before": before, "after": after}


COMPARISON = {
    "base": {"milestone": 1, "name": "Baseline", "recorded_at": RECORDED},
    "target": {"milestone": "current", "name": "Now", "recorded_at": None},
    "summary": {
        "questions": {"IMPROVED": 2, "REGRESSED": 0, "UNCHANGED": 31, "NEW": 2, "REMOVED": 0},
        "high": {"before": 3, "after": 2},
        "medium": {"before": 1, "after": 2},
    },
    "lenses": [
        {
            "lens": ML,
            "lens_name": LENS_NAME,
            "base_version": ML_EDITION,
            "target_version": ML_EDITION,
            "risk_counts": {"before": BEFORE, "after": NOW},
            "pillars": [
                _compared(
                    OPS["key"],
                    OPS["name"],
                    risk_counts(UNANSWERED=4, HIGH=1, MEDIUM=1),
                    risk_counts(UNANSWERED=2, HIGH=1, MEDIUM=1, NONE=2),
                )
            ],
            "phases": [
                _compared(
                    GOAL["key"],
                    GOAL["name"],
                    risk_counts(UNANSWERED=4, HIGH=1),
                    risk_counts(UNANSWERED=3, HIGH=1, NONE=1),
                )
            ],
            "matrix": [
                {
                    "pillar": OPS["key"],
                    "phase": GOAL["key"],
                    "before": risk_counts(HIGH=1),
                    "after": risk_counts(HIGH=1),
                }
            ],
            "questions": [
                {
                    "question_key": "MLOPS02",
                    "title": "How do you set up roles, model documentation, lineage and "
                    "feedback before building a model?",
                    "pillar": OPS["key"],
                    "phase": "problemFraming",
                    "risk_before": "HIGH",
                    "risk_after": "NONE",
                    "direction": "IMPROVED",
                    "gained": [
                        {
                            "key": "MLOPS02_BP02",
                            "title": "Establish model documentation and lineage",
                            "best_practice_id": "MLOPS02-BP02",
                        }
                    ],
                    "lost": [],
                    "not_applicable_added": [],
                    "not_applicable_removed": [],
                    "applicability_changed": False,
                    "is_applicable_before": True,
                    "is_applicable_after": True,
                    "notes_changed": False,
                    "notes_before": "",
                    "notes_after": "",
                }
            ],
            "improvement_items": {
                "opened": [],
                "closed": [
                    {
                        "question_key": "MLOPS02",
                        "choice_key": "MLOPS02_BP02",
                        "title": "Establish model documentation and lineage",
                        "status": "DONE",
                    }
                ],
                "changed": [
                    {
                        "question_key": "MLOPS01",
                        "choice_key": "MLOPS01_BP02",
                        "title": EXPLAIN,
                        "status": "IN_PROGRESS",
                        "fields": ["owner", "due_date", "status"],
                        "status_before": "OPEN",
                    }
                ],
            },
        }
    ],
}

DOCUMENT = {
    "format": "mllens-workload",
    "format_version": 1,
    "exported_at": "2026-12-02T15:00:41.522671+00:00",
    "workload": WORKLOAD_FIELDS,
    "members": [{"user": "alice", "role": "OWNER"}, {"user": "bob", "role": "CONTRIBUTOR"}],
    "reviews": [
        {
            "lens": ML,
            "lens_version": ML_EDITION,
            "notes": LENS_REVIEW["notes"],
            "pillar_notes": LENS_REVIEW["pillar_notes"],
            "answers": [
                STORED_ANSWER,
                {
                    "question_key": "MLSEC01",
                    "selected_choices": ["MLSEC01_BP01"],
                    "choice_statuses": {
                        "MLSEC01_BP03": {"reason": "OUT_OF_SCOPE", "notes": "No PII in features."}
                    },
                    "is_applicable": True,
                    "reason": "",
                    "notes": "",
                    "risk": "MEDIUM",
                },
            ],
            "improvement_items": [
                {
                    "question_key": "MLOPS01",
                    "choice_key": "MLOPS01_BP02",
                    "owner": "alice",
                    "due_date": "2027-01-15",
                    "status": "IN_PROGRESS",
                    "note": "",
                }
            ],
        }
    ],
}
AWS_FILE = {
    "workload": [
        {
            "WorkloadId": "5f0b4c2e8a1d4e7f9c3b6a2d1e0f4a7b",
            "WorkloadName": "Fraud scoring",
            "Environment": "PRODUCTION",
            "AwsRegions": ["eu-west-1"],
            "Lenses": ["machinelearning"],
            "UpdatedAt": "2026-12-02 14:31:05.880214+00:00",
        }
    ],
    "lens_review": [
        {
            "machinelearning": {
                "LensAlias": "machinelearning",
                "LensVersion": ML_EDITION,
                "LensName": LENS_NAME,
                "LensStatus": "CURRENT",
            }
        }
    ],
    "lenses": [
        {
            "machinelearning": [
                {
                    "QuestionId": "MLOPS01",
                    "PillarId": OPS["key"],
                    "SelectedChoices": ["MLOPS01_BP01"],
                    "Risk": "HIGH",
                }
            ]
        }
    ],
}
AWS_SUMMARY = {
    "shape": "api-responses",
    "workload": {"name": "Churn model", "updated_in_aws_at": "2025-03-04T10:15:00.123000+00:00"},
    "lenses": [
        {
            "aws_lens": "machinelearning",
            "aws_lens_version": "2023-04-18",
            "lens": ML,
            "lens_version": ML_EDITION,
            "answers": 33,
        }
    ],
    "milestones": [
        {
            "aws_milestone_number": 1,
            "name": "Before launch",
            "recorded_in_aws_at": "2025-01-12T08:00:00+00:00",
            "lenses": [],
        }
    ],
}
AWS_REPORT = {
    "dry_run": True,
    "will_create": AWS_SUMMARY,
    "unmapped": [
        {
            "code": "UNKNOWN_CHOICE",
            "message": "The ML Lens has no practice 'ops1_9' in MLOPS01.",
            "pointer": "/GetAnswer/0/Answer/SelectedChoices/2",
        }
    ],
    "notices": [
        {
            "code": "LENS_VERSION_MISMATCH",
            "message": "machine-learning has no version '2023-04-18'; answers were mapped onto "
            f"{ML_EDITION} by question and choice id.",
            "pointer": "/GetLensReview/0/LensReview/LensVersion",
        }
    ],
    "risk_differences": [
        {
            "lens": ML,
            "question_id": "MLOPS01",
            "pointer": "/GetAnswer/0/Answer/Risk",
            "aws_risk": "MEDIUM",
            "mllens_risk": "HIGH",
            "mllens_questions": {"MLOPS01": "HIGH"},
        }
    ],
    "warnings": [],
}

REPORT = {
    "id": 905,
    "workload": W,
    "lens": ML,
    "kind": "COMPARISON",
    "milestone": None,
    "base": 1,
    "target": "current",
    "options": {"include_notes": True, "organisation": "Example Payments Ltd"},
    "status": "QUEUED",
    "progress": 0,
    "error": "",
    "error_code": "",
    "attempts": 0,
    "requested_by": ALICE,
    "created_at": "2026-12-02T15:04:11.302118Z",
    "started_at": None,
    "finished_at": None,
    "queue_seconds": None,
    "render_seconds": None,
    "page_count": None,
    "size": None,
    "sha256": "",
    "filename": "",
    "download_url": None,
    "queue_position": 1,
}
REPORT_DONE = {
    **REPORT,
    "status": "DONE",
    "progress": 100,
    "attempts": 1,
    "started_at": "2026-12-02T15:04:12.018433Z",
    "finished_at": "2026-12-02T15:04:19.660291Z",
    "queue_seconds": 0.72,
    "render_seconds": 7.64,
    "page_count": 14,
    "size": 412877,
    "sha256": "9f2c4e1b7a0d83c6e5f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7",
    "filename": "fraud-scoring-comparison-1-current.pdf",
    "download_url": f"{BASE}/reports/905/download",
    "queue_position": None,
}
LAST_OWNER = Example(
    "The last owner",
    error(
        "LAST_OWNER",
        "A workload needs at least one owner who can act (an active user, directly or through "
        "a team with members); make someone else owner first.",
    ),
)

# Comment threads (issue 18): bob asks alice on the question's thread, then edits his comment.
COMMENTED = "2026-12-03T10:02:17.512340Z"
COMMENT = {
    "id": 311,
    "author": BOB,
    "body": "@alice can you confirm the **model registry** is the one the platform team runs?",
    "mentions": [{"type": "USER", "name": "alice"}],
    "created_at": COMMENTED,
    "edited": False,
    "edited_at": None,
    "deleted": False,
    "deleted_at": None,
    "history": [],
    "version": 1,
}
COMMENT_EDITED = {
    **COMMENT,
    "body": "@alice @platform can you confirm the **model registry** is the one you run?",
    "mentions": [{"type": "USER", "name": "alice"}, {"type": "TEAM", "name": "platform"}],
    "edited": True,
    "edited_at": "2026-12-03T10:05:40.118903Z",
    "history": [{"body": COMMENT["body"], "replaced_at": "2026-12-03T10:05:40.118903Z"}],
    "version": 2,
}
COMMENT_WRITE = {"body": COMMENT["body"]}
COMMENT_EDIT = {"body": COMMENT_EDITED["body"]}
NOT_YOURS = Example(
    "Someone else's comment",
    error("PERMISSION_DENIED", "Only the author of a comment may change or delete it."),
)
THREAD = {
    "status": "RESOLVED",
    "resolved_by": ALICE,
    "resolved_at": "2026-12-03T11:20:09.774512Z",
    "comment_count": 2,
    "version": 2,
}
ASSIGNEE = {
    "user": BOB,
    "team": None,
    "due_date": "2026-12-18",
    "assigned_by": ALICE,
    "assigned_at": "2026-12-03T09:40:51.390127Z",
    "version": 1,
}
ITEM_PATH = f"{REVIEW_PATH}/improvements/MLOPS01/{PLAN_ITEM['choice_key']}"


def _threads(prefix: str, path: str) -> dict:
    """The examples of one kind of thread: a question's, or an improvement item's."""
    return {
        f"{prefix}_comments_list": {"200": page([COMMENT], f"{path}/comments/")},
        f"{prefix}_comments_create": {"request": COMMENT_WRITE, "201": COMMENT},
        f"{prefix}_comments_retrieve": {"200": COMMENT_EDITED},
        f"{prefix}_comments_partial_update": {
            "request": COMMENT_EDIT,
            "200": COMMENT_EDITED,
            "403": NOT_YOURS,
        },
        f"{prefix}_comments_destroy": {"403": NOT_YOURS},
        f"{prefix}_thread_retrieve": {"200": THREAD},
        f"{prefix}_thread_partial_update": {
            "request": [
                Example("Resolve", {"status": "RESOLVED"}),
                Example("Reopen", {"status": "OPEN"}),
            ],
            "200": THREAD,
        },
    }


TEMPLATE_ID = 7
TEMPLATE_PATH = f"/templates/{TEMPLATE_ID}"
TEMPLATE = {
    "id": TEMPLATE_ID,
    "name": "Platform defaults",
    "description": "What the shared ML platform already does for every workload on it.",
    "lenses": [{"lens": ML, "lens_version": ML_EDITION, "preset_count": 4}],
    "role": "OWNER",
    "version": 5,
    "created_at": CREATED,
    "updated_at": ANSWERED,
}
TEMPLATE_ANSWER = {
    "question_key": "MLOPS01",
    "title": QUESTION,
    "pillar": OPS["key"],
    "choices": [
        {"key": "MLOPS01_BP01", "title": SKILLS, "is_none": False},
        {"key": "MLOPS01_BP02", "title": EXPLAIN, "is_none": False},
        {"key": "MLOPS01_no", "title": "None of these", "is_none": True},
    ],
    "selected_choices": ["MLOPS01_BP01"],
    "choice_statuses": {
        "MLOPS01_BP01": {"status": "SELECTED"},
        "MLOPS01_BP02": {"status": "UNSELECTED"},
        "MLOPS01_no": {"status": "UNSELECTED"},
    },
    "is_applicable": True,
    "reason": "",
    "notes": "The platform team maps skills for every team it onboards.",
    "risk": "HIGH",
    "preset": True,
    "version": 2,
    "updated_by": ALICE,
    "updated_at": ANSWERED,
}

# The platform team: alice manages it, bob is a member; it is a contributor on workload 42.
TEAM_ID = 5
TEAM = {
    "id": TEAM_ID,
    "name": "Platform",
    "description": "Runs the shared ML platform: registry, pipelines and serving.",
    "member_count": 2,
    "created_at": CREATED,
    "version": 3,
}
TEAM_DETAIL = {
    **TEAM,
    "workloads": [{"workload": {"id": W, "name": "Fraud scoring"}, "role": "CONTRIBUTOR"}],
}
TEAM_MANAGER = {
    "id": 17,
    "user": ALICE,
    "role": "MANAGER",
    "created_at": CREATED,
    "version": 1,
}
TEAM_MEMBER = {**TEAM_MANAGER, "id": 18, "user": BOB, "role": "MEMBER", "version": 1}

EXAMPLES = {
    "teams_list": {"200": page([TEAM], "/teams/")},
    "teams_create": {
        "request": {"name": "Platform", "description": TEAM["description"]},
        "201": {**TEAM_DETAIL, "member_count": 1, "version": 1, "workloads": []},
    },
    "teams_retrieve": {"200": TEAM_DETAIL},
    "teams_partial_update": {
        "request": {"description": "Registry, pipelines, serving and the feature store."},
        "200": {
            **TEAM_DETAIL,
            "description": "Registry, pipelines, serving and the feature store.",
            "version": 4,
        },
    },
    "teams_destroy": {"409": LAST_OWNER},
    "teams_members_list": {"200": page([TEAM_MANAGER, TEAM_MEMBER], f"/teams/{TEAM_ID}/members/")},
    "teams_members_create": {
        "request": {"user": {"username": "bob"}, "role": "MEMBER"},
        "201": TEAM_MEMBER,
    },
    "teams_members_retrieve": {"200": TEAM_MEMBER},
    "teams_members_partial_update": {
        "request": {"role": "MANAGER"},
        "200": {**TEAM_MEMBER, "role": "MANAGER", "version": 2},
    },
    "teams_members_destroy": {"409": LAST_OWNER},
    "workloads_reviews_answers_assignee_retrieve": {"200": ASSIGNEE},
    "workloads_reviews_answers_assignee_partial_update": {
        "request": [
            Example("To a user", {"user": {"username": "bob"}, "due_date": "2026-12-18"}),
            Example("To a team", {"team": "Platform", "due_date": None}),
        ],
        "200": ASSIGNEE,
    },
    **_threads("workloads_reviews_answers", f"{REVIEW_PATH}/answers/MLOPS01"),
    **_threads("workloads_reviews_improvements", ITEM_PATH),
    "templates_list": {"200": page([TEMPLATE], "/templates/")},
    "templates_create": {
        "request": {
            "name": "Platform defaults",
            "description": "What the shared ML platform already does for every workload on it.",
            "lenses": [ML],
        },
        "201": {**TEMPLATE, "version": 1, "updated_at": CREATED},
    },
    "templates_retrieve": {"200": TEMPLATE},
    "templates_partial_update": {
        "request": {"name": "Platform defaults (2027)"},
        "200": {**TEMPLATE, "name": "Platform defaults (2027)", "version": 6},
    },
    "templates_destroy": {},
    "templates_lenses_answers_retrieve": {"200": TEMPLATE_ANSWER},
    "templates_lenses_answers_partial_update": {
        "request": {
            "version": 1,
            "selected_choices": ["MLOPS01_BP01"],
            "notes": "The platform team maps skills for every team it onboards.",
        },
        "200": TEMPLATE_ANSWER,
    },
    "templates_lenses_answers_destroy": {},
    "workloads_templates_create": {
        "request": {"template": TEMPLATE_ID, "mode": "FILL_EMPTY"},
        "200": {
            "template": TEMPLATE_ID,
            "template_version": 5,
            "mode": "FILL_EMPTY",
            "applied": [{"lens": ML, "question_key": "MLOPS01"}],
            "skipped": [{"lens": ML, "question_key": "MLOPS02", "reason": "ANSWERED"}],
        },
    },
    "workloads_list": {
        "200": page([WORKLOAD], "/workloads/", count=3, next_=f"?cursor={CUTOFF}&page_size=1")
    },
    "workloads_create": {
        "request": {**WORKLOAD_WRITE, "lenses": [ML]},
        "201": WORKLOAD_DETAIL,
    },
    "workloads_retrieve": {"200": WORKLOAD_DETAIL},
    "workloads_partial_update": {
        "request": {"notes": "Reviewed with the platform team.", "tags": {"team": "risk"}},
        "200": {**WORKLOAD_DETAIL, "notes": "Reviewed with the platform team.", "version": 15},
    },
    "workloads_destroy": {},
    "workloads_activity_list": {
        "200": page(
            [ACTIVITY],
            f"{WORKLOAD_PATH}/activity/",
            count=27,
            next_=f"?cursor={CUTOFF}&page_size=1",
        )
    },
    "workloads_compare_retrieve": {"200": COMPARISON},
    "workloads_export_retrieve": {
        "200": [Example("format=json", DOCUMENT), Example("format=aws-wa-tool", AWS_FILE)]
    },
    "workloads_import_create": {
        "request": DOCUMENT,
        "201": {
            **WORKLOAD_DETAIL,
            "id": 43,
            "warnings": ["/members/1: no user 'bob' here, skipped"],
        },
        "200": Example("format=aws-wa-tool&dry_run=true", AWS_REPORT),
    },
    "workloads_members_list": {
        "200": page([MEMBER_ALICE, MEMBER_BOB, MEMBER_TEAM], f"{WORKLOAD_PATH}/members/")
    },
    "workloads_members_create": {
        "request": [
            Example("A user", {"user": {"username": "bob"}, "role": "CONTRIBUTOR"}),
            Example("A team", {"team": "Platform", "role": "READER"}),
        ],
        "201": MEMBER_BOB,
        "409": Example(
            "Already a member",
            error("ALREADY_MEMBER", "Already a member; change the role instead."),
        ),
    },
    "workloads_members_update_by_name": {
        "request": {"user": {"username": "bob"}, "role": "READER"},
        "200": {**MEMBER_BOB, "role": "READER", "version": 2},
        "409": LAST_OWNER,
    },
    "workloads_members_remove_by_name": {
        "request": {"user": {"username": "bob"}},
        "409": LAST_OWNER,
    },
    "workloads_members_retrieve": {"200": MEMBER_BOB},
    "workloads_members_partial_update": {
        "request": {"role": "READER"},
        "200": {**MEMBER_BOB, "role": "READER", "version": 2},
        "409": LAST_OWNER,
    },
    "workloads_members_destroy": {"409": LAST_OWNER},
    "workloads_milestones_list": {"200": page([MILESTONE], f"{WORKLOAD_PATH}/milestones/")},
    "workloads_milestones_create": {
        "request": {"name": "Baseline"},
        "201": MILESTONE_DETAIL,
        "409": Example(
            "A milestone of that name exists",
            {
                **error(
                    "DUPLICATE_NAME",
                    "Milestone 1 is named 'Baseline' already.",
                    item("DUPLICATE", "Used by milestone 1.", field="name", pointer="/name"),
                ),
                "milestone": {"number": 1, "url": f"{BASE}{WORKLOAD_PATH}/milestones/1/"},
            },
        ),
    },
    "workloads_milestones_retrieve": {"200": MILESTONE_DETAIL},
    "workloads_trend_list": {
        "200": page(
            [
                {
                    "milestone": 1,
                    "name": "Baseline",
                    "recorded_at": RECORDED,
                    "risk_counts": BEFORE,
                },
                {"milestone": "current", "name": "Now", "recorded_at": None, "risk_counts": NOW},
            ],
            f"{WORKLOAD_PATH}/trend",
        )
    },
    "workloads_reviews_list": {"200": page([LENS_REVIEW], f"{WORKLOAD_PATH}/reviews/")},
    "workloads_reviews_create": {
        "request": {"lens": "generative-ai"},
        "201": {
            **LENS_REVIEW,
            "lens": "generative-ai",
            "lens_name": "Generative AI Lens",
            "lens_version": "2025-11",
            "notes": "",
            "pillar_notes": {},
            "risk_counts": risk_counts(UNANSWERED=30),
            "questions_answered": 0,
            "questions_total": 30,
            "pillars": [],
            "phases": [],
            "matrix": [],
            "version": 1,
        },
        "409": Example(
            "The lens is applied already",
            error("ALREADY_APPLIED", "This lens is already applied to the workload."),
        ),
    },
    "workloads_reviews_retrieve": {
        "200": [
            Example("Now", LENS_REVIEW),
            Example(
                "An upgrade is available",
                {**LENS_REVIEW, "lens_version": "2025-11", "upgrade_available": UPGRADE_AVAILABLE},
            ),
        ]
    },
    "workloads_reviews_partial_update": {
        "request": {
            "pillar_notes": {"security": "Keys rotate every 90 days.", "reliability": None}
        },
        "200": {**LENS_REVIEW, "version": 10},
    },
    "workloads_reviews_destroy": {},
    "workloads_reviews_upgrade_create": {
        "request": {"milestone_name": f"Before the {ML_EDITION} upgrade"},
        "200": {**LENS_REVIEW, "milestone": 2},
        "409": Example(
            "Already on the latest version",
            error("NO_UPGRADE", "The review already uses the latest published version."),
        ),
    },
    "workloads_reviews_answers_list": {
        "200": page([ANSWER], f"{REVIEW_PATH}/answers/", count=35, next_="?page=2&page_size=1")
    },
    "workloads_reviews_answers_retrieve": {"200": ANSWER},
    "workloads_reviews_answers_partial_update": {
        "request": [
            Example(
                "Select practices",
                {
                    "version": 2,
                    "selected_choices": ["MLOPS01_BP01"],
                    "notes": "Owner named in the model card.",
                },
            ),
            Example(
                "Mark a practice not applicable",
                {
                    "choice_statuses": {
                        "MLOPS01_BP02": {
                            "status": "NOT_APPLICABLE",
                            "reason": "OUT_OF_SCOPE",
                            "notes": "Batch scores only; no one-off explanations are asked for.",
                        }
                    }
                },
            ),
        ],
        "200": ANSWER,
    },
    "workloads_reviews_answers_history_list": {
        "200": page(
            [
                {
                    "version": 3,
                    "actor": BOB,
                    "at": ANSWERED,
                    "before": STATE_BEFORE,
                    "after": STATE_AFTER,
                }
            ],
            f"{REVIEW_PATH}/answers/MLOPS01/history/",
        )
    },
    "workloads_reviews_improvements_list": {
        "200": page(
            [
                {
                    "question_key": "MLOPS01",
                    "question_title": QUESTION,
                    "pillar": OPS["key"],
                    "pillar_name": OPS["name"],
                    "phase": GOAL["key"],
                    "phase_name": GOAL["name"],
                    "risk": "HIGH",
                    "items": [PLAN_ITEM],
                }
            ],
            f"{REVIEW_PATH}/improvements/",
            count=4,
            next_="?page=2&page_size=1",
        )
    },
    "workloads_reviews_improvements_partial_update": {
        "request": {
            "owner": {"username": "alice"},
            "due_date": "2027-01-15",
            "status": "IN_PROGRESS",
            "note": "Workshop with compliance booked for 12 January.",
        },
        "200": {**PLAN_ITEM, "question_key": "MLOPS01"},
    },
    "reports_list": {"200": page([REPORT_DONE], "/reports/")},
    "reports_create": {
        "request": [
            Example(
                "Compare milestone 1 with now",
                {
                    "workload": W,
                    "lens": ML,
                    "kind": "COMPARISON",
                    "base": 1,
                    "target": "current",
                    "options": {"organisation": "Example Payments Ltd"},
                },
            ),
            Example("The review", {"workload": W, "lens": ML, "kind": "REVIEW"}),
        ],
        "202": REPORT,
        "429": Example(
            "Over the report quota",
            error(
                "TOO_MANY_REPORTS",
                "You already have 5 reports queued or rendering, the most one person may have "
                "at a time. Ask again when one of them has finished.",
            ),
        ),
    },
    "reports_retrieve": {"200": REPORT_DONE},
    "reports_download_retrieve": {
        "409": Example(
            "Not rendered yet",
            error("NOT_READY", "The report is running."),
        ),
        "410": Example(
            "The file is gone",
            error("FILE_MISSING", "The PDF of this report is no longer stored; request it again."),
        ),
    },
    "reports_retry_create": {
        "202": {**REPORT, "attempts": 1},
        "409": Example(
            "Only a failed report is retried",
            error("NOT_FAILED", "Only failed reports can be retried."),
        ),
    },
}
