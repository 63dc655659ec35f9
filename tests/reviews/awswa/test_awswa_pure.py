"""Issue 13 part 5: the pure parts — timestamps, lens keys, the 2023 ML Lens table."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reviews.services.awswa import ml2023
from reviews.services.awswa.shapes import lens_key, read
from reviews.services.awswa.timestamps import parse_timestamp

AT = datetime(2025, 3, 4, 10, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        1741083300,
        1741083300.0,
        "1741083300",
        "2025-03-04 10:15:00+00:00",
        "2025-03-04T10:15:00+00:00",
        "2025-03-04T10:15:00Z",
        "2025-03-04T10:15:00",
        "2025-03-04 11:15:00+01:00",
        "2025-03-04 10:15:00.000000+00:00",
    ],
)
def test_it_reads_every_timestamp_form_in_circulation(value):
    assert parse_timestamp(value) == AT


@pytest.mark.parametrize("value", [None, "", "yesterday", True, float("nan"), "1e400", [1]])
def test_it_refuses_what_is_not_a_timestamp(value):
    assert parse_timestamp(value) is None


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("machinelearning", "machinelearning"),
        ("arn:aws:wellarchitected::aws:lens/machinelearning", "machinelearning"),
        ("arn:aws:wellarchitected:us-east-1::lens/serverless", "serverless"),
        (
            "arn:aws:wellarchitected:eu-west-1:111122223333:lens/" + "c" * 32,
            "arn:aws:wellarchitected:eu-west-1:111122223333:lens/" + "c" * 32,
        ),
    ],
)
def test_it_normalises_lens_aliases_and_arns(raw, key):
    assert lens_key(raw) == key


def test_it_maps_2023_choice_ids_both_ways():
    assert ml2023.choice_alias("OPS1", "ops1_1") == "MLOE-01"
    assert ml2023.choice_alias("COST2", "COST2_12") == "MLCOST-26"
    assert ml2023.choice_alias("COST2", "COST2_13") is None
    assert ml2023.choice_alias("COST2", "COST3_1") is None
    assert ml2023.choice_id("OPS4", "MLOE-09") == "ops4_4"
    assert ml2023.choice_id("REL3", "MLREL-06") == "REL3_2"
    counts = {q: len(p) for q, p in ml2023.QUESTIONS.items()}
    assert len(counts) == 20
    assert sum(counts.values()) == 105


def test_it_covers_every_2023_practice_with_a_shipped_alias(ml_lens):
    version = ml_lens.versions.order_by("-published_at", "-id").first()
    aliases = {a for c in _choices(version) for a in c.aliases}
    practices = [p for ps in ml2023.QUESTIONS.values() for p in ps]
    assert set(practices) == aliases
    assert len(practices) == len(set(practices))


def _choices(version):
    from catalog.models import Choice

    return Choice.objects.filter(question__lens_version=version)


def test_it_recognises_each_api_response_by_its_keys():
    bundle = [
        {"Workload": {"WorkloadName": "x", "Lenses": ["genai"]}},
        {"LensAlias": "genai", "AnswerSummaries": [{"QuestionId": "genops1"}], "NextToken": None},
        {"LensAlias": "genai", "MilestoneNumber": 1, "Answer": {"QuestionId": "genops1"}},
        {"MilestoneSummaries": [{"MilestoneNumber": 1, "MilestoneName": "m1", "RecordedAt": 1}]},
        {"Something": "else"},
    ]
    found = read(bundle)
    assert found.shape == "api-responses"
    assert list(found.state.lenses) == ["genai"]
    assert list(found.state.lenses["genai"].answers) == ["genops1"]
    assert [m.number for m in found.milestones] == [1]
    assert list(found.milestones[0].state.lenses["genai"].answers) == ["genops1"]
    assert [(p.code, p.pointer) for p in found.problems] == [("UNKNOWN_RESPONSE", "/4")]
