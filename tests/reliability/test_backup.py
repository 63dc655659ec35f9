"""``manage.py export_all`` / ``import_all``: a round trip into an empty database loses nothing.

The world: the security suite's seeded workload (lenses with published versions and drafts,
members, milestones, report jobs) plus a fully answered ML Lens workload with two
milestones, notes and tracked improvement items, and a team member. After ``export_all``,
the database is flushed, ``import_all`` restores it, and every API export (workload
exports, milestone lists and details, lens exports of every version) is identical, as is a
second backup taken from the restored database.
"""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.test import APIClient

from catalog.models import Lens, LensVersion
from reviews.choices import Role
from reviews.models import (
    Milestone,
    PillarRiskCounts,
    ReportJob,
    Team,
    Workload,
    WorkloadMember,
)
from reviews.models.counts import COUNT_FIELDS
from tests.fixtures.reports import report_workload
from tests.fixtures.users import PASSWORD
from tests.security.figures import record
from tests.security.world import build_world


def api_exports(username: str) -> dict[str, object]:
    """Every workload, milestone and lens export the API gives ``username`` (staff: all)."""
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username=username))
    exports: dict[str, object] = {}

    def get(path: str):
        response = client.get(path)
        assert response.status_code == 200, (path, response.content[:300])
        return json.loads(response.content)

    for workload in Workload.objects.order_by("pk"):
        base = f"/api/v1/workloads/{workload.pk}/"
        document = get(base + "export")
        document.pop("exported_at")
        exports[base + "export"] = document
        exports[base] = {k: v for k, v in get(base).items() if k != "role"}
        exports[base + "milestones/"] = get(base + "milestones/")
        for number in workload.milestones.values_list("number", flat=True):
            exports[f"{base}milestones/{number}/"] = get(f"{base}milestones/{number}/")
        exports[base + "reviews/"] = get(base + "reviews/")
        exports[base + "trend"] = get(base + "trend")
    for version in LensVersion.objects.select_related("lens").order_by("pk"):
        label = version.version or "draft"
        for kind in ("aws", "full"):
            path = f"/api/v1/lenses/{version.lens.slug}/export?version={label}&format={kind}"
            exports[path] = get(path)
    exports["/api/v1/reports/"] = get("/api/v1/reports/?page_size=500")
    return exports


def empty_the_database() -> None:
    """``manage.py flush`` inside the test's transaction (PostgreSQL first runs the foreign
    key checks it deferred: TRUNCATE refuses tables with pending ones)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", "--no-input", verbosity=0)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def backup(*args: str) -> dict:
    out = io.StringIO()
    call_command("export_all", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


@pytest.fixture
def full_world(settings, tmp_path, ml_lens):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    world = build_world()
    users = world.users
    team = Team.objects.get(name="Platform")
    workload = report_workload(
        owner=users["owner"], lens=ml_lens, members=[(users["reader"], Role.READER)]
    )
    WorkloadMember.objects.create(workload=workload, team=team, role=Role.CONTRIBUTOR)
    return world


@pytest.fixture
def ml_lens(db):
    from catalog.services import shipped_lenses_load

    shipped_lenses_load()
    return Lens.objects.get(slug="machine-learning")


def pillar_rows() -> list[tuple]:
    """The dashboard's per-pillar count rows (derived: not in the backup, rebuilt)."""
    return list(
        PillarRiskCounts.objects.order_by("lens_review_id", "pillar_key").values_list(
            "lens_review_id", "pillar_key", *COUNT_FIELDS.values()
        )
    )


def test_it_restores_everything_into_an_empty_database(full_world, tmp_path):
    before = api_exports("staff")
    pillars = pillar_rows()
    assert pillars
    first = backup()
    path = tmp_path / "backup.json"
    call_command("export_all", str(path), stderr=io.StringIO())

    empty_the_database()
    assert not Workload.objects.exists()
    assert not Lens.objects.exists()
    out = io.StringIO()
    call_command("import_all", str(path), stdout=out)
    assert "restored" in out.getvalue()

    assert api_exports("staff") == before
    assert pillar_rows() == pillars
    second = backup()
    for document in (first, second):
        document.pop("exported_at")
    assert second == first
    counts = {name: len(rows) for name, rows in first.items() if isinstance(rows, list)}
    assert counts["milestones"] >= 3
    assert counts["answer_history"] > 30
    record("backup_rows_round_tripped", sum(counts.values()))
    # New rows get new ids after the restored ones (the id sequences moved on).
    highest = Workload.objects.order_by("-pk").first().pk
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="alice"))
    created = client.post("/api/v1/workloads/", {"name": "After the restore"}, format="json")
    assert created.status_code == 201
    assert created.json()["id"] > highest


def test_it_leaves_password_hashes_out_unless_asked(full_world, tmp_path):
    alice = get_user_model().objects.get(username="alice")
    name, email = alice.get_full_name(), alice.email
    plain = backup()
    assert all("password" not in row["fields"] for row in plain["users"])
    assert "md5$" not in json.dumps(plain)
    assert "pbkdf2" not in json.dumps(plain)
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(plain))
    empty_the_database()
    call_command("import_all", str(path), stdout=io.StringIO())
    alice = get_user_model().objects.get(username="alice")
    assert not alice.has_usable_password()
    assert (alice.get_full_name(), alice.email) == (name, email)


def test_it_keeps_passwords_with_the_flag(full_world, tmp_path):
    path = tmp_path / "secret.json"
    call_command("export_all", str(path), "--with-passwords", stderr=io.StringIO())
    empty_the_database()
    call_command("import_all", str(path), stdout=io.StringIO())
    assert get_user_model().objects.get(username="alice").check_password(PASSWORD)


def test_it_keeps_report_metadata_without_the_pdfs(full_world, tmp_path):
    done = ReportJob.objects.get(status="done")
    assert done.file
    path = tmp_path / "backup.json"
    call_command("export_all", str(path), stderr=io.StringIO())
    empty_the_database()
    call_command("import_all", str(path), stdout=io.StringIO())
    restored = ReportJob.objects.get(pk=done.pk)
    assert (restored.status, restored.filename, restored.sha256) == (
        done.status,
        done.filename,
        done.sha256,
    )
    assert not restored.file
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(username="alice"))
    response = client.get(f"/api/v1/reports/{done.pk}/download")
    assert response.status_code == 410
    assert response.json()["code"] == "FILE_MISSING"


def test_it_refuses_a_database_that_is_not_empty(full_world, tmp_path):
    path = tmp_path / "backup.json"
    call_command("export_all", str(path), stderr=io.StringIO())
    milestones = Milestone.objects.count()
    with pytest.raises(CommandError, match="Restore into an empty database"):
        call_command("import_all", str(path), stdout=io.StringIO())
    assert Milestone.objects.count() == milestones


def test_it_refuses_what_is_not_a_backup(db, tmp_path):
    path = tmp_path / "workload.json"
    path.write_text(json.dumps({"format": "mllens-workload", "format_version": 1}))
    with pytest.raises(CommandError, match="Not an mllens-backup document"):
        call_command("import_all", str(path), stdout=io.StringIO())
    path.write_text("{not json")
    with pytest.raises(CommandError, match="is not JSON"):
        call_command("import_all", str(path), stdout=io.StringIO())
