"""Exporting lenses through the API: what `format=aws` keeps, refuses and fits (issue 13 part 4)."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings

from catalog import lensformat
from catalog.models import Lens
from tests.catalog.factories import catalog_rows, custom_lens
from tests.catalog.lensdocs import choice, lens_doc, question
from tests.catalog.lensgen import lenses
from tests.fixtures.users import client_for

API = "/api/v1/lenses/"
LONG = "How do you make sure that every model you train " + "and deploy " * 20 + "is reviewed?"


def _export(client, slug: str, **params):
    query = {"version": "1.0", "format": "aws", **params}
    return client.get(f"{API}{slug}/export", query)


@pytest.fixture
def long_lens(alice) -> Lens:
    """Alice's lens with a 280-character question title and a 129-character choice title."""
    doc = lens_doc()
    question(doc, 1, 0)["title"] = LONG
    choice(doc, 0, 1, 2)["title"] = "c" * 129
    choice(doc, 0, 0, 0)["description"] = "What the practice means."
    return custom_lens(alice, doc, publish=("1.0",))


def test_it_keeps_choice_descriptions_and_additional_resources_in_aws_exports(alice):
    """Issue 13 part 4: format=aws keeps everything the AWS format holds."""
    doc = lens_doc()
    choice(doc)["description"] = "Why this practice matters."
    choice(doc, 1, 1, 1)["additionalResources"] = [
        {"type": "IMPROVEMENT_PLAN", "content": [{"displayText": "How", "url": "https://e.com"}]}
    ]
    lens = custom_lens(alice, doc, publish=("1.0",))
    response = _export(client_for(alice), lens.slug)
    assert response.status_code == 200
    assert response["X-Export-Warnings"] == "0"
    assert "Link" not in response
    exported = json.loads(response.content)
    assert exported == doc
    assert lensformat.load(response.content, strict=True).document == doc


def test_it_refuses_an_aws_export_that_breaks_aws_limits_with_every_problem(long_lens, alice):
    """Issue 13 part 4: 409 NOT_AWS_VALID with each problem and its pointer."""
    response = _export(client_for(alice), long_lens.slug)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "NOT_AWS_VALID"
    assert "fit=true" in body["message"]
    assert [(e["code"], e["pointer"]) for e in body["errors"]] == [
        ("LENGTH", "/pillars/0/questions/1/choices/2/title"),
        ("LENGTH", "/pillars/1/questions/0/title"),
    ]


def test_it_fits_an_aws_export_and_says_what_it_shortened(long_lens, alice):
    """Issue 13 part 4: fit=true shortens on a word boundary with an ellipsis and reports it."""
    client = client_for(alice)
    response = _export(client, long_lens.slug, fit="true")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Export-Warnings"] == "2"
    report_url = response["Link"].split(";")[0].strip("<>")
    assert response["Link"].endswith('rel="describedby"')
    exported = json.loads(response.content)
    title = question(exported, 1, 0)["title"]
    assert len(title) <= 128
    assert title.endswith("\u2026")
    assert LONG.startswith(title[:-1])
    assert LONG[len(title) - 1] == " "  # cut where a word ends
    assert choice(exported, 0, 1, 2)["title"] == "c" * 127 + "\u2026"
    assert choice(exported)["description"] == "What the practice means."
    assert lensformat.load(response.content, strict=True).warnings == []

    report = client.get(report_url)
    assert report.status_code == 200
    assert report["Content-Type"] == "application/json"
    body = report.json()
    assert (body["format"], body["fit"]) == ("aws", True)
    assert body["filename"] == f"{long_lens.slug}-1.0-aws.json"
    assert [(w["code"], w["pointer"], w["severity"]) for w in body["warnings"]] == [
        ("FITTED", "/pillars/0/questions/1/choices/2/title", "warning"),
        ("FITTED", "/pillars/1/questions/0/title", "warning"),
    ]
    assert f"shortened from {len(LONG)} to {len(title)}" in body["warnings"][1]["message"]


def test_it_answers_the_refusal_for_a_report_without_fit(long_lens, alice):
    response = _export(client_for(alice), long_lens.slug, report="true")
    assert response.status_code == 409
    assert response.json()["code"] == "NOT_AWS_VALID"


def test_it_keeps_long_titles_whole_in_a_full_export_that_strict_mode_accepts(long_lens, alice):
    """Issue 13 part 4: format=full carries long titles in mllens.title."""
    client = client_for(alice)
    response = _export(client, long_lens.slug, format="full")
    assert response.status_code == 200
    assert response["X-Export-Warnings"] == "0"
    exported = json.loads(response.content)
    assert question(exported, 1, 0)["mllens"] == {"title": LONG}
    assert len(question(exported, 1, 0)["title"]) <= 128
    reimported = lensformat.load(response.content, strict=True).document
    assert reimported == long_lens.versions.get().document


@pytest.mark.parametrize("param", ["fit", "report"])
def test_it_refuses_a_flag_that_is_not_a_boolean(published_lens, alice, param):
    response = _export(client_for(alice), published_lens.slug, **{param: "maybe"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == param


def _bare_tree(client, slug: str, version: str) -> dict:
    response = client.get(f"{API}{slug}/versions/{quote(version)}/")
    assert response.status_code == 200, response.content
    tree = response.json()
    for key in ("lens", "version", "status", "is_major", "published_at", "import_warnings"):
        tree.pop(key)
    return tree


def _aws_only(tree: dict) -> dict:
    """The tree less what the AWS format cannot hold (phases, practice ids, pillar texts)."""
    tree = json.loads(json.dumps(tree))
    tree["phases"], tree["design_principles"] = [], []
    for pillar in tree["pillars"]:
        pillar["description"] = ""
    for item in tree["questions"]:
        item["phase"] = None
        for entry in item["choices"]:
            entry["best_practice_id"], entry["aliases"] = "", []
    return tree


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(doc=lenses())
def test_it_round_trips_generated_lenses_to_identical_trees(alice, doc):
    """Issue 13 part 4: import -> export aws/full -> import strictly -> the same tree."""
    client = client_for(alice)
    lens = custom_lens(alice, doc, publish=("1.0",))
    original = _bare_tree(client, lens.slug, "1.0")

    full = _export(client, lens.slug, format="full")
    imported = client.post(
        f"{API}import?mode=strict", data=full.content, content_type="application/json"
    )
    assert imported.status_code == 201, imported.content
    assert _bare_tree(client, imported.json()["lens"]["slug"], "draft") == original

    aws = _export(client, lens.slug, fit="true")
    imported = client.post(
        f"{API}import?mode=strict", data=aws.content, content_type="application/json"
    )
    assert imported.status_code == 201, imported.content
    if aws["X-Export-Warnings"] == "0":
        again = _bare_tree(client, imported.json()["lens"]["slug"], "draft")
        assert again == _aws_only(original)


def test_it_changes_nothing_when_exporting(long_lens, alice):
    before = catalog_rows()
    for params in ({}, {"fit": "true"}, {"format": "full"}, {"fit": "1", "report": "1"}):
        _export(client_for(alice), long_lens.slug, **params)
    assert catalog_rows() == before


def test_it_offers_the_fitted_aws_export_on_the_lens_page(client, long_lens, published_lens, bob):
    """Issue 13 part 4: the page links the export that works, and says what it shortens."""
    client.force_login(bob)
    content = client.get(f"/lenses/{long_lens.slug}/").content.decode()
    assert "format=aws&amp;fit=true" in content
    assert "Export (AWS format, 2 texts shortened)" in content
    plain = client.get(f"/lenses/{published_lens.slug}/").content.decode()
    assert "fit=true" not in plain
    assert "Export (AWS format)</a>" in plain
