"""A client generated from our OpenAPI document (openapi-python-client) drives the live app.

The generator runs offline on ``/api/schema/`` as the app builds it and must not drop an
operation or a response; the generated client, with typed models, then runs a short review
against gunicorn: its models parse every answer, so a field the schema declares wrongly (or
leaves out as required) fails here.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.fixtures.users import api_key_for
from tests.reviews.factories import TRICKY_SLUG

PACKAGE = "mllens_api_client"
# A download is bytes to a client: generated as such rather than left out.
CONFIG = """\
post_hooks: []
content_type_overrides:
  application/pdf: application/octet-stream
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[str, Path]:
    """The generator's output and the generated package, importable."""
    root = tmp_path_factory.mktemp("client")
    schema = SchemaGenerator().get_schema(request=None, public=True)
    (root / "schema.json").write_text(json.dumps(schema))
    (root / "config.yaml").write_text(CONFIG)
    generator = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(
        [
            str(generator),
            "generate",
            *("--path", str(root / "schema.json"), "--config", str(root / "config.yaml")),
            *("--meta", "none", "--output-path", str(root / PACKAGE)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(root))
    yield result.stdout + result.stderr, root / PACKAGE
    sys.path.remove(str(root))
    for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def test_it_generates_every_operation_without_a_warning(generated):
    output, package = generated
    assert "warning" not in output.lower(), output
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {
        op["operationId"]
        for methods in schema["paths"].values()
        for method, op in methods.items()
        if method in ("get", "put", "post", "patch", "delete")
    }
    modules = {path.stem for path in (package / "api").glob("*/*.py") if path.stem != "__init__"}
    assert modules == operations


def _api(name: str):
    return importlib.import_module(f"{PACKAGE}.api.{name}")


def test_a_generated_client_runs_a_review_against_the_live_app(
    generated, gunicorn_server, alice, tricky
):
    models = importlib.import_module(f"{PACKAGE}.models")
    client = importlib.import_module(PACKAGE).AuthenticatedClient(
        base_url=f"http://127.0.0.1:{gunicorn_server().port}",
        token=api_key_for(alice),
        prefix="Token",
        raise_on_unexpected_status=True,
    )
    workload = _api("workloads.workloads_create").sync(
        client=client, body=models.WorkloadWriteRequest(name="Fraud scoring", lenses=[TRICKY_SLUG])
    )
    assert isinstance(workload, models.WorkloadDetail)
    assert workload.role == "OWNER"
    review = _api("reviews.workloads_reviews_retrieve").sync(
        workload.id, TRICKY_SLUG, client=client
    )
    assert review.upgrade_available is None
    assert len(review.pillars) == 2

    answers = _api("answers.workloads_reviews_answers_list")
    first = answers.sync(workload.id, TRICKY_SLUG, client=client, page_size=3)
    assert (first.count, len(first.results)) == (4, 3)
    assert first.next_
    answer = first.results[0]
    assert answer.choice_statuses[answer.choices[0].key].status == "UNSELECTED"
    changed = _api("answers.workloads_reviews_answers_partial_update").sync(
        workload.id,
        TRICKY_SLUG,
        answer.question_key,
        client=client,
        body=models.PatchedAnswerWriteRequest(
            version=answer.version, selected_choices=[f"{answer.question_key}_no"]
        ),
    )
    assert changed.version == answer.version + 1
    assert changed.risk == "HIGH"

    milestone = _api("milestones.workloads_milestones_create").sync(
        workload.id, client=client, body=models.MilestoneNameRequest(name="Baseline")
    )
    assert milestone.number == 1
    comparison = _api("milestones.workloads_compare_retrieve").sync(
        workload.id, client=client, base=1, target="current"
    )
    assert comparison.summary.high.after == 1
    trend = _api("milestones.workloads_trend_list").sync(workload.id, client=client)
    assert [point.name for point in trend.results] == ["Baseline", "Now"]
    plan = _api("improvements.workloads_reviews_improvements_list").sync(
        workload.id, TRICKY_SLUG, client=client
    )
    assert plan.results[0].question_key == answer.question_key
    members = _api("members.workloads_members_list").sync(workload.id, client=client)
    assert [m.user.username for m in members.results] == ["alice"]
    listed = _api("workloads.workloads_list").sync(client=client, page_size=1)
    assert [w.name for w in listed.results] == ["Fraud scoring"]
    assert listed.next_ is None
