"""Issue 13 part 5: any value anywhere in an AWS file gets 200/201/400, never a 500."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviews.services.awswa import mapper, shapes
from reviews.services.awswa.catalog import LensView, QuestionView, VersionView
from tests.reviews.awswa.factories import (
    ML_ARN,
    api_bundle,
    aws_answer,
    aws_lens_review,
    aws_workload,
    labs_file,
)

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _documents():
    lens = {
        ML_ARN: (
            aws_lens_review(notes="n", pillar_notes={"security": "p"}),
            [
                aws_answer("OPS1", selected=["ops1_1"], notes="x", risk="HIGH"),
                aws_answer("MLSEC01", statuses={"MLSEC01_BP01": ("NOT_APPLICABLE", "OTHER", "y")}),
            ],
        )
    }
    milestone = {"number": 1, "name": "First", "recorded_at": 1, "lenses": lens, "full": True}
    return [
        labs_file(aws_workload(), lens),
        api_bundle(aws_workload(), lens, page_size=1, milestones=[milestone]),
    ]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _replace(document, path, new):
    if not path:
        return new
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return document


def _question(key, pillar, n):
    return QuestionView(key=key, pillar=pillar, choices={f"{key}_BP0{i}" for i in range(1, n + 1)})


class SmallCatalog:
    """A two-question stand-in for the ML Lens, so mutations reach the answer mapping."""

    view = LensView(
        slug="machine-learning",
        name="Machine Learning Lens",
        versions=[
            VersionView(
                label="1",
                pillars=["operationalExcellence", "security"],
                questions={
                    "MLOPS01": _question("MLOPS01", "operationalExcellence", 3),
                    "MLOPS02": _question("MLOPS02", "operationalExcellence", 3),
                    "MLSEC01": _question("MLSEC01", "security", 1),
                },
                aliases={
                    "MLOE-01": ("MLOPS01", "MLOPS01_BP01"),
                    "MLOE-04": ("MLOPS02", "MLOPS02_BP01"),
                    "MLOE-02": ("MLOPS01", "MLOPS01_BP02"),
                },
            )
        ],
    )

    def by_alias(self, alias):
        return self.view if alias == "machinelearning" else None

    def by_name(self, name):
        return None


@settings(max_examples=300, deadline=None)
@given(which=st.integers(0, 1), where=st.integers(0, 10_000), value=JSON)
def test_it_reads_and_maps_any_mutation_without_crashing(which, where, value):
    document = _documents()[which]
    paths = list(_paths(document))
    mutated = _replace(document, paths[where % len(paths)], value)
    found = shapes.read(mutated)
    if found.shape:
        mapper.map_file(found, SmallCatalog())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(which=st.integers(0, 1), where=st.integers(0, 10_000), value=JSON)
def test_it_answers_any_mutation_through_the_api_without_a_500(api, ml_lens, which, where, value):
    document = _documents()[which]
    paths = list(_paths(document))
    mutated = _replace(document, paths[where % len(paths)], value)
    for query in ("&dry_run=true", "&skip_unmapped=true"):
        response = api.post(
            f"/api/v1/workloads/import?format=aws-wa-tool{query}", mutated, format="json"
        )
        assert response.status_code in (200, 201, 400), (response.status_code, mutated)
        if response.status_code == 400:
            assert response.json()["errors"], response.json()
