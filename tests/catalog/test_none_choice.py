"""Choices that look like "None of these" without the `_no` id suffix (issue 12 finding 24).

The AWS rule stays (only `_no` makes "None of these"); the warning says exactly that, the
import page and the draft page show it, and publishing needs the owner's confirmation.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from catalog.choices import VersionStatus
from catalog.lensformat import none_choice_suspects, validate
from catalog.models import Choice, Lens
from tests.catalog.factories import catalog_rows
from tests.catalog.lensdocs import c_ptr, choice, lens_doc, question
from tests.fixtures.users import client_for

API = "/api/v1/lenses/"


def none_like_doc() -> dict:
    """A lens whose first question ends in `p1q1_none` and whose second has a titled look-alike."""
    doc = lens_doc(name="Look-alike lens")
    choice(doc, 0, 0, 3).update(id="p1q1_none", improvementPlan={"displayText": "Nothing to do."})
    for rule in question(doc)["riskRules"]:
        rule["condition"] = rule["condition"].replace("p1q1_no", "p1q1_none")
    choice(doc, 1, 1, 3).update(
        id="p2q2_c9", title="None of the above", improvementPlan={"displayText": "n/a"}
    )
    return doc


@pytest.mark.parametrize("strict", [False, True])
def test_it_warns_that_only_the_no_suffix_makes_none_of_these(strict):
    """Issue 12 finding 24: the warning says the AWS rule and what follows from it."""
    result = validate(none_like_doc(), strict=strict)
    found = [w for w in result.warnings if w.code == "NONE_CHOICE_ID"]
    assert [(w.pointer, w.severity) for w in found] == [
        (c_ptr(0, 0, 3, "id"), "warning"),
        (c_ptr(1, 1, 3, "id"), "warning"),
    ]
    message = found[0].message
    assert "'p1q1_none'" in message
    assert "only a choice whose id ends in '_no' is one" in message
    assert "treated as a best practice" in message
    assert "selected together with other choices" in message
    assert "improvement plan" in message
    assert [p.pointer for p in none_choice_suspects(result.document)] == [w.pointer for w in found]


@pytest.mark.parametrize(
    ("cid", "title", "suspect"),
    [
        ("q1_no", "None of these", False),
        ("q1_none", "Practice", True),
        ("q1_NO", "Nothing", True),
        ("q1_none_of_these", "x", True),
        ("q1_c4", "None of these.", True),
        ("q1_c4", "none", True),
        ("q1_c4", "Nonetheless we log everything", False),
        ("q1_nonexistent", "Practice", False),
        ("q1_c4", "Practice", False),
    ],
)
def test_it_spots_look_alikes_by_id_or_title(cid, title, suspect):
    doc = lens_doc()
    choice(doc, 0, 0, 2).update(id=cid, title=title)
    question(doc)["riskRules"] = [{"condition": "default", "risk": "NO_RISK"}]
    assert bool(none_choice_suspects(validate(doc).document)) is suspect


def _import(client, doc: dict) -> dict:
    response = client.post(f"{API}import", data=json.dumps(doc), content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_it_treats_a_look_alike_as_a_best_practice_as_aws_does(alice):
    body = _import(client_for(alice), none_like_doc())
    assert "NONE_CHOICE_ID" in {w["code"] for w in body["warnings"]}
    look_alike = Choice.objects.get(key="p1q1_none")
    assert look_alike.is_none is False


def test_it_refuses_to_publish_look_alikes_without_confirmation(alice):
    """Issue 12 finding 24: publishing such a draft needs "confirm": true."""
    client = client_for(alice)
    slug = _import(client, none_like_doc())["lens"]["slug"]
    before = catalog_rows()
    response = client.post(
        f"{API}{slug}/publish", data={"version": "1.0"}, content_type="application/json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "CONFIRMATION_REQUIRED"
    assert '"confirm": true' in body["message"]
    assert [(e["code"], e["pointer"]) for e in body["errors"]] == [
        ("NONE_CHOICE_ID", c_ptr(0, 0, 3, "id")),
        ("NONE_CHOICE_ID", c_ptr(1, 1, 3, "id")),
    ]
    assert catalog_rows() == before
    assert Lens.objects.get(slug=slug).versions.get().status == VersionStatus.DRAFT

    response = client.post(
        f"{API}{slug}/publish",
        data={"version": "1.0", "confirm": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Lens.objects.get(slug=slug).versions.get().status == VersionStatus.PUBLISHED


def test_it_publishes_lenses_without_look_alikes_without_asking(alice):
    client = client_for(alice)
    slug = _import(client, lens_doc())["lens"]["slug"]
    response = client.post(
        f"{API}{slug}/publish", data={"version": "1.0"}, content_type="application/json"
    )
    assert response.status_code == 200


def test_it_shows_the_look_alikes_and_a_confirmation_box_on_the_draft_page(client, alice):
    """Issue 12 finding 24: the draft page says it before the owner can publish."""
    slug = _import(client_for(alice), none_like_doc())["lens"]["slug"]
    client.force_login(alice)
    content = client.get(f"/lenses/{slug}/?version=draft").content.decode()
    assert 'id="none-choice-warning"' in content
    assert "<code>p1q1_none</code>" in content
    assert "<code>p2q2_c9</code>" in content
    assert "ends in <code>_no</code>" in content
    assert '<input type="checkbox" name="confirm" required>' in content


def test_it_asks_the_shell_for_confirmation_too(tmp_path, alice):
    path = tmp_path / "lens.json"
    path.write_text(json.dumps(none_like_doc()))
    args = ("import_lens", str(path), "--owner", "alice", "--publish", "1.0")
    with pytest.raises(CommandError, match="CONFIRMATION_REQUIRED"):
        call_command(*args, stdout=StringIO(), stderr=StringIO())
    out = StringIO()
    call_command(*args, "--lens", "look-alike-lens", "--confirm", stdout=out, stderr=StringIO())
    assert "published 1.0" in out.getvalue()
