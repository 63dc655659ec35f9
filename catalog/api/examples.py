"""OpenAPI examples of the lens endpoints, by operation id (``mllens.api.examples``).

Taken from the shipped Machine Learning Lens and a custom lens imported from part of it; lists
are cut to their first items.
"""

from __future__ import annotations

from catalog.lensformat.lens import OFFICIAL_PILLARS
from mllens.api.examples import ALICE, Example, error, item, page

OPS_KEY = OFFICIAL_PILLARS[0]  # operational excellence

ML = "machine-learning"
ML_EDITION = "2025-11-aws-rules"
LOADED = "2026-11-02T09:14:07.412305Z"
DOCS = "https://docs.aws.amazon.com/wellarchitected/latest/machine-learning-lens"
QUESTION = (
    "How do you set up ownership, skills, explainability expectations and business checks "
    "before building a model?"
)
QUESTION_TEXT = (
    "Operational trouble in ML often starts before any code exists: nobody owns the outcome, "
    "the business expects explanations the chosen approach cannot give, or success is never "
    "checked against the original goal."
)
SKILLS = "Develop the right skills with accountability and empowerment"
SKILLS_TEXT = (
    "The team that will build and run the model has the data, modelling, engineering and "
    "domain skills it needs, and one accountable owner for the outcome."
)
SKILLS_PLAN = (
    "Map the skills the workload needs against the people you have, and close gaps through "
    "hiring, pairing or a training budget. Name one accountable owner for the business outcome "
    "and one for the production model."
)
EXPLAIN = "Discuss and agree on the level of model explainability"
EXPLAIN_PLAN = (
    "Hold a short workshop with the business owner, compliance and the ML lead to list who "
    "will need explanations, and record the agreed level."
)

SHIPPED = {
    "slug": ML,
    "name": "Machine Learning Lens",
    "description": "Reviews machine learning workloads across the whole model lifecycle, from "
    "deciding whether ML suits a business goal to running models in production.",
    "owner": None,
    "is_shipped": True,
    "published_versions": 2,
    "has_draft": False,
    "created_at": LOADED,
    "updated_at": "2026-11-20T15:02:44.918210Z",
}
CUSTOM = {
    "slug": "fraud-ml-checks",
    "name": "Fraud ML checks",
    "description": "Our own checks for card fraud models.",
    "owner": ALICE,
    "is_shipped": False,
    "published_versions": 1,
    "has_draft": True,
    "created_at": "2026-12-01T10:20:31.114509Z",
    "updated_at": "2026-12-03T08:45:12.530774Z",
}
DRAFT = {
    "version": "",
    "status": "DRAFT",
    "is_major": False,
    "published_at": None,
    "name": "Fraud ML checks",
    "created_at": "2026-12-03T08:45:12.530774Z",
}
PUBLISHED_1_0 = {
    "version": "1.0",
    "status": "PUBLISHED",
    "is_major": False,
    "published_at": "2026-12-01T10:24:02.771201Z",
    "name": "Fraud ML checks",
    "created_at": "2026-12-01T10:20:31.120044Z",
}
PUBLISHED_1_1 = {
    **DRAFT,
    "version": "1.1",
    "status": "PUBLISHED",
    "published_at": "2026-12-03T09:02:19.004316Z",
}
NONE_LOOKALIKE = (
    "choice 'MLOPS01_none' looks like 'None of these', but only a choice whose id ends in "
    "'_no' is one (the AWS rule), so it is treated as a best practice"
)
POINTER = "/pillars/0/questions/0/choices/3/id"
WARNING = {
    "code": "NONE_CHOICE_ID",
    "pointer": POINTER,
    "message": NONE_LOOKALIKE,
    "severity": "warning",
    "line": None,
    "column": None,
}


def _choice(key: str, title: str, plan: str, order: int) -> dict:
    practice = key.replace("_", "-")
    return {
        "key": key,
        "best_practice_id": practice,
        "aliases": [f"MLOE-0{order + 1}"],
        "phases": [],
        "title": title,
        "description": SKILLS_TEXT if order == 0 else "",
        "helpful_resource_text": f"{practice} in the AWS Machine Learning Lens",
        "helpful_resource_url": f"{DOCS}/{practice.lower()}.html",
        "improvement_plan_text": plan,
        "improvement_plan_url": "",
        "additional_resources": [],
        "is_none": False,
        "order": order,
    }


VERSION_TREE = {
    "lens": ML,
    "version": ML_EDITION,
    "status": "PUBLISHED",
    "is_major": False,
    "published_at": "2026-11-20T15:02:44.901377Z",
    "name": "Machine Learning Lens",
    "description": SHIPPED["description"],
    "design_principles": [
        {
            "id": "assignOwnership",
            "title": "Assign ownership",
            "description": "Give every model, dataset and pipeline a named owner.",
        }
    ],
    "import_warnings": [],
    "pillars": [
        {
            "key": OPS_KEY,
            "name": "Operational excellence",
            "description": "",
            "order": 0,
        }
    ],
    "phases": [
        {
            "key": "businessGoal",
            "name": "Business goal identification",
            "description": "Decide which business outcome the work should move, and whether "
            "ML is the right tool for it.",
            "order": 0,
            "places_questions": True,
        }
    ],
    "questions": [
        {
            "key": "MLOPS01",
            "title": QUESTION,
            "description": QUESTION_TEXT,
            "pillar": OPS_KEY,
            "phase": "businessGoal",
            "helpful_resource_text": "",
            "helpful_resource_url": "",
            "order": 0,
            "choices": [
                _choice("MLOPS01_BP01", SKILLS, SKILLS_PLAN, 0),
                _choice("MLOPS01_BP02", EXPLAIN, EXPLAIN_PLAN, 1),
                {
                    **_choice("MLOPS01_no", "None of these", "", 3),
                    "best_practice_id": "",
                    "aliases": [],
                    "helpful_resource_text": "",
                    "helpful_resource_url": "",
                    "is_none": True,
                },
            ],
            "risk_rules": [
                {
                    "order": 0,
                    "condition": "MLOPS01_BP01 && MLOPS01_BP02 && MLOPS01_BP03",
                    "risk": "NONE",
                },
                {
                    "order": 1,
                    "condition": "(!MLOPS01_BP01) || (!MLOPS01_BP02) || (!MLOPS01_BP03)",
                    "risk": "HIGH",
                },
                {"order": 2, "condition": "default", "risk": "MEDIUM"},
            ],
            "foundational": ["MLOPS01_BP01", "MLOPS01_BP02", "MLOPS01_BP03"],
        }
    ],
}


def _file_choice(key: str, title: str, plan: str) -> dict:
    practice = key.replace("_", "-")
    return {
        "id": key,
        "title": title,
        "helpfulResource": {
            "displayText": f"{practice} in the AWS Machine Learning Lens",
            "url": f"{DOCS}/{practice.lower()}.html",
        },
        "improvementPlan": {"displayText": plan},
        "mllens": {"bestPracticeId": practice},
    }


LENS_FILE = {
    "schemaVersion": "2021-11-01",
    "name": "Fraud ML checks",
    "description": "Our own checks for card fraud models.",
    "mllens": {
        "phases": [{"id": "businessGoal", "name": "Business goal identification"}],
    },
    "pillars": [
        {
            "id": OPS_KEY,
            "name": "Operational excellence",
            "questions": [
                {
                    "id": "MLOPS01",
                    "title": QUESTION,
                    "description": QUESTION_TEXT,
                    "mllens": {"phase": "businessGoal"},
                    "choices": [
                        _file_choice("MLOPS01_BP01", SKILLS, SKILLS_PLAN),
                        _file_choice("MLOPS01_BP02", EXPLAIN, EXPLAIN_PLAN),
                        {"id": "MLOPS01_no", "title": "None of these"},
                    ],
                    "riskRules": [
                        {"condition": "MLOPS01_BP01 && MLOPS01_BP02", "risk": "NO_RISK"},
                        {"condition": "MLOPS01_BP01 || MLOPS01_BP02", "risk": "MEDIUM_RISK"},
                        {"condition": "default", "risk": "HIGH_RISK"},
                    ],
                }
            ],
        }
    ],
}

EXAMPLES = {
    "lenses_list": {"200": page([SHIPPED, CUSTOM], "/lenses/", count=2)},
    "lenses_retrieve": {
        "200": {
            **CUSTOM,
            "versions": [DRAFT, PUBLISHED_1_0],
        }
    },
    "lenses_destroy": {
        "409": Example(
            "Reviews still use it",
            error(
                "LENS_IN_USE",
                "Reviews still use this lens; remove them from their workloads first.",
            ),
        )
    },
    "lenses_diff_retrieve": {
        "200": {
            "from": "1.0",
            "to": "1.1",
            "pillars": [],
            "questions": [
                {
                    "id": "MLOPS01",
                    "change": "UPDATED",
                    "title": QUESTION,
                    "fields": ["choices"],
                }
            ],
            "choices": [
                {
                    "question": "MLOPS01",
                    "id": "MLOPS01_BP03",
                    "change": "NEW",
                    "title": "Validate the business value of the model in production",
                }
            ],
            "summary": {
                "pillars": {"NEW": 0, "UPDATED": 0, "DELETED": 0},
                "questions": {"NEW": 0, "UPDATED": 1, "DELETED": 0},
                "choices": {"NEW": 1, "UPDATED": 0, "DELETED": 0},
            },
        }
    },
    "lenses_export_retrieve": {
        "200": [
            Example("The lens file", LENS_FILE),
            Example(
                "report=true: what the export changes",
                {
                    "format": "aws",
                    "fit": True,
                    "filename": "fraud-ml-checks-1.1-aws.json",
                    "warnings": [
                        {
                            "code": "FITTED",
                            "pointer": "/pillars/0/questions/0/title",
                            "message": "shortened to 128 characters (the AWS limit)",
                            "severity": "warning",
                            "line": None,
                            "column": None,
                        }
                    ],
                },
            ),
        ],
        "409": Example(
            "Over AWS limits without fit=true",
            error(
                "NOT_AWS_VALID",
                "This lens breaks AWS limits in 1 place; fix them and import again, export "
                "format=full, or add fit=true to shorten the texts.",
                item(
                    "LENGTH",
                    "question title is 151 characters; AWS allows 128",
                    pointer="/pillars/0/questions/0/title",
                ),
            ),
        ),
    },
    "lenses_publish_create": {
        "request": {"version": "1.1", "is_major": False, "confirm": True},
        "200": {
            **CUSTOM,
            "published_versions": 2,
            "has_draft": False,
            "versions": [PUBLISHED_1_1, PUBLISHED_1_0],
        },
        "409": Example(
            "A choice looks like 'None of these'",
            error(
                "CONFIRMATION_REQUIRED",
                "Not published: 1 choice(s) look like 'None of these' but their id does not end "
                "in '_no', so they count as best practices (the AWS rule). Rename them and "
                'import again, or publish with "confirm": true.',
                item("NONE_CHOICE_ID", NONE_LOOKALIKE, pointer=POINTER),
            ),
        ),
    },
    "lenses_versions_retrieve": {"200": VERSION_TREE},
    "lenses_import_create": {
        "request": LENS_FILE,
        "201": {"lens": CUSTOM, "draft": DRAFT, "warnings": [WARNING], "created": False},
        "400": Example(
            "Problems of the file, each with its JSON Pointer",
            {
                "code": "MISSING_FIELD",
                "message": "MISSING_FIELD at /pillars/0/questions/0/choices/1/improvementPlan: "
                "every choice except the 'None of these' choice (id ending in '_no') needs "
                "improvementPlan.displayText",
                "errors": [
                    {
                        "code": "MISSING_FIELD",
                        "pointer": "/pillars/0/questions/0/choices/1/improvementPlan",
                        "message": "every choice except the 'None of these' choice (id ending "
                        "in '_no') needs improvementPlan.displayText",
                        "severity": "error",
                        "line": None,
                        "column": None,
                    }
                ],
                "warnings": [],
            },
        ),
    },
}
