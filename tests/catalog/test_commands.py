"""``manage.py import_lens``: readable problems, non-zero exit on rejection, import, publish."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command, execute_from_command_line
from django.db import connections

from catalog.choices import VersionStatus
from catalog.models import Lens
from tests.catalog.factories import catalog_rows, custom_lens
from tests.catalog.lensdocs import choice, lens_doc, question


def import_lens(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_lens", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, doc, name="lens.json"):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, indent=2))
    return path


def test_it_imports_a_good_file_as_a_draft(tmp_path, alice):
    out, err = import_lens(write(tmp_path, lens_doc()), "--owner", "alice")
    assert out.strip() == "imported test-lens as a draft"
    assert err == ""
    lens = Lens.objects.get(slug="test-lens")
    assert lens.owner == alice
    assert lens.versions.get().status == VersionStatus.DRAFT


def test_it_imports_and_publishes_a_good_file(tmp_path, alice):
    path = write(tmp_path, lens_doc())
    out, _ = import_lens(path, "--owner", "alice", "--publish", "1.0", "--major")
    assert out.splitlines() == ["imported test-lens as a draft", "published 1.0"]
    version = Lens.objects.get(slug="test-lens").versions.get()
    assert (version.status, version.version, version.is_major) == ("PUBLISHED", "1.0", True)


def test_it_prints_warnings_of_a_lenient_import(tmp_path, alice):
    path = write(tmp_path, lens_doc(_note="internal"))
    out, err = import_lens(path, "--owner", "alice")
    assert f"{path}: WARNING UNKNOWN_KEY at /_note: unknown key '_note'" in out
    assert err == ""


def test_it_prints_each_error_with_its_line_and_column_and_fails(
    tmp_path, alice, capsys, monkeypatch
):
    # run_from_argv closes every connection when done, the test's own included.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    text = json.dumps(lens_doc(), indent=2).replace('"Test lens",', '"Test lens",,', 1)
    path = write(tmp_path, text)
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "import_lens", str(path), "--owner", "alice"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert f"{path}: ERROR CANNOT_PARSE at line 3, column 23: " in err
    assert f"CommandError: {path}: rejected, 1 error(s)" in err
    assert not Lens.objects.exists()


def test_it_prints_each_error_with_its_pointer_to_stderr(tmp_path, alice):
    doc = lens_doc()
    del choice(doc)["improvementPlan"]
    question(doc, 1, 1)["riskRules"][0]["risk"] = "LOW_RISK"
    path = write(tmp_path, doc)
    before = catalog_rows()
    err = StringIO()
    with pytest.raises(CommandError, match=r"rejected, 2 error\(s\)"):
        call_command("import_lens", str(path), "--owner", "alice", stderr=err)
    lines = err.getvalue().splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "ERROR MISSING_FIELD at /pillars/0/questions/0/choices/0/improvementPlan",
        "ERROR RISK_VALUE at /pillars/1/questions/1/riskRules/0/risk",
    ]
    assert catalog_rows() == before


def test_it_rejects_unknown_keys_with_strict(tmp_path, alice):
    path = write(tmp_path, lens_doc(_note="internal"))
    err = StringIO()
    with pytest.raises(CommandError, match="rejected"):
        call_command("import_lens", str(path), "--owner", "alice", "--strict", stderr=err)
    assert f"{path}: ERROR UNKNOWN_KEY at /_note" in err.getvalue()
    assert not Lens.objects.exists()


def test_it_imports_a_new_draft_of_an_owned_lens(tmp_path, alice):
    lens = custom_lens(alice, publish=("1.0",))
    out, _ = import_lens(write(tmp_path, lens_doc()), "--owner", "alice", "--lens", lens.slug)
    assert out.strip() == f"imported {lens.slug} as a draft"
    assert sorted(lens.versions.values_list("status", flat=True)) == ["DRAFT", "PUBLISHED"]


def test_it_refuses_a_draft_of_someone_else_s_lens(tmp_path, alice, bob):
    lens = custom_lens(alice, publish=("1.0",))
    before = catalog_rows()
    with pytest.raises(CommandError, match="PERMISSION_DENIED"):
        import_lens(write(tmp_path, lens_doc()), "--owner", "bob", "--lens", lens.slug)
    assert catalog_rows() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--owner", "nobody"), "no user named 'nobody'"),
        (("--owner", "alice", "--lens", "nope"), "no lens with slug 'nope'"),
    ],
)
def test_it_names_an_unknown_owner_or_lens(tmp_path, alice, args, message):
    with pytest.raises(CommandError, match=message):
        import_lens(write(tmp_path, lens_doc()), *args)


def test_it_names_a_file_it_cannot_read(tmp_path, alice):
    with pytest.raises(CommandError, match=r"cannot read .*missing\.json"):
        import_lens(tmp_path / "missing.json", "--owner", "alice")


def test_it_reports_a_label_that_is_already_published(tmp_path, alice):
    lens = custom_lens(alice, publish=("1.0",))
    path = write(tmp_path, lens_doc())
    with pytest.raises(CommandError, match="VERSION_EXISTS"):
        import_lens(path, "--owner", "alice", "--lens", lens.slug, "--publish", "1.0")
