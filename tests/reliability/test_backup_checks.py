"""``import_all`` checks workloads, lens reviews, answers and improvement items by the API's
rules (issue 12 finding 4: the backup path gets the import's validation where it shares it)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Lens
from reviews.models import Workload
from reviews.services.answers import answer_update
from tests.reliability.test_backup import backup, empty_the_database
from tests.reviews.factories import WorkloadFactory, tricky_lens


@pytest.fixture
def small_world(alice):
    workload = WorkloadFactory(name="Fraud model", owner=alice, lenses=[tricky_lens(alice)])
    review = workload.lens_reviews.get()
    answer_update(
        review=review, question_key="p1q1", actor=alice, version=0, selected_choices=["p1q1_c1"]
    )
    return workload


def _row(document: dict, section: str, **match) -> tuple[int, dict]:
    for index, row in enumerate(document[section]):
        if all(row["fields"].get(k) == v for k, v in match.items()):
            return index, row["fields"]
    raise AssertionError(f"no {section} row {match}")


def _restore(document: dict, tmp_path) -> str:
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_all", str(path), stdout=io.StringIO())
    return str(caught.value)


def test_it_refuses_a_backup_with_rows_the_api_would_never_write(small_world, tmp_path):
    """Issue 12 finding 4: an answer mixing "None of these" with a practice, pillar notes that
    are a list and a bad workload field are refused with their pointers; nothing restored."""
    document = backup()
    answer, fields = _row(document, "answers", question_key="p1q1")
    fields["selected_choices"] = ["p1q1_no", "p1q1_c1"]
    fields["choice_statuses"] = {"X": {"reason": "EVIL"}}
    review, fields = _row(document, "lens_reviews")
    fields["pillar_notes"] = ["a"]
    workload, fields = _row(document, "workloads", name="Fraud model")
    fields["environment"] = "MOON"
    empty_the_database()
    message = _restore(document, tmp_path)
    assert f"/workloads/{workload}/fields/environment" in message
    assert not Workload.objects.exists()
    assert not Lens.objects.exists()
    # One section at a time: with the workload fixed, the review and the answer are named.
    document["workloads"][workload]["fields"]["environment"] = "PRODUCTION"
    message = _restore(document, tmp_path)
    assert f"/lens_reviews/{review}/fields/pillar_notes" in message
    document["lens_reviews"][review]["fields"]["pillar_notes"] = {}
    message = _restore(document, tmp_path)
    assert f"/answers/{answer}/fields/choice_statuses/X/reason" in message
    document["answers"][answer]["fields"]["choice_statuses"] = {}
    message = _restore(document, tmp_path)
    assert f"/answers/{answer}/fields/selected_choices" in message
    assert "None of these" in message
    assert not Workload.objects.exists()


def test_it_still_restores_a_backup_of_what_the_api_wrote(small_world, tmp_path):
    """Issue 12 finding 4: the checks accept every row the API writes."""
    document = backup()
    empty_the_database()
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command("import_all", str(path), stdout=io.StringIO())
    assert Workload.objects.get().name == "Fraud model"
