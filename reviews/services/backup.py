"""Backup and restore of everything people entered: ``manage.py export_all`` / ``import_all``.

The backup is one JSON document: users (names and e-mail addresses; password hashes only
when asked for), teams, every lens with all its versions and their question trees,
workloads with members, lens reviews, answers with their whole history, improvement items,
milestones, the activity trail and report job metadata (not the PDFs: they are made again
on request). Rows keep their ids and timestamps, so a restore into an empty database gives
the same URLs and the same API answers as before.

Not included: API tokens and sessions (people sign in again), the admin's groups and
permissions, and report PDFs.
"""

from __future__ import annotations

import datetime
import json
from typing import IO

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from catalog.models import Choice, Lens, LensVersion, Phase, Pillar, Question, RiskRule
from mllens.errors import DomainError, invalid
from reviews.answer_rules import under
from reviews.models import (
    Activity,
    Answer,
    AnswerChange,
    ImprovementItem,
    LensReview,
    Milestone,
    MilestoneReview,
    ReportJob,
    Team,
    TeamMembership,
    Workload,
    WorkloadMember,
)
from reviews.services.backup_checks import CHECKS
from reviews.services.counts import pillar_counts_write

FORMAT = "mllens-backup"
FORMAT_VERSION = 1
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
    "date_joined",
    "last_login",
)


def sections() -> list[tuple[str, type]]:
    """(name, model) in an order where every row's references come before it."""
    return [
        ("users", get_user_model()),
        ("teams", Team),
        # Team members with their role (documents from before team managers carry them in
        # each team's ``members`` instead; both restore).
        ("team_members", TeamMembership),
        ("lenses", Lens),
        ("lens_versions", LensVersion),
        ("phases", Phase),
        ("pillars", Pillar),
        ("questions", Question),
        ("choices", Choice),
        ("risk_rules", RiskRule),
        ("workloads", Workload),
        ("members", WorkloadMember),
        ("lens_reviews", LensReview),
        ("answers", Answer),
        ("answer_history", AnswerChange),
        ("improvement_items", ImprovementItem),
        ("milestones", Milestone),
        ("milestone_reviews", MilestoneReview),
        ("activity", Activity),
        ("report_jobs", ReportJob),
    ]


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's drops them)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _rows(name: str, model: type, *, with_passwords: bool) -> list[dict]:
    fields = None
    if name == "users":
        fields = [*USER_FIELDS, "password"] if with_passwords else list(USER_FIELDS)
    rows = serializers.serialize(
        "python", model._base_manager.order_by("pk").iterator(), fields=fields
    )
    if name == "report_jobs":
        for row in rows:
            row["fields"]["file"] = ""  # the PDF is not in the backup
    return rows


def backup_export(*, out: IO[str], with_passwords: bool = False) -> dict[str, int]:
    """Write the backup document to ``out``; returns the row count of each section."""
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "with_passwords": with_passwords,
    }
    counts = {}
    # One consistent snapshot of every table, even while people keep working.
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for name, model in sections():
            document[name] = _rows(name, model, with_passwords=with_passwords)
            counts[name] = len(document[name])
    json.dump(document, out, cls=_Encoder, ensure_ascii=False, indent=1)
    return counts


def _fail(message: str) -> DomainError:
    return DomainError(code="INVALID_BACKUP", message=message)


@transaction.atomic
def backup_import(*, document: dict) -> dict[str, int]:
    """Restore a backup into a database that holds none of its kinds of rows yet.

    Rows keep their ids; id sequences move past them afterwards. Workloads, lens reviews,
    answers and improvement items are checked by the API's rules (``backup_checks``): a row
    the API would refuse is a ``DomainError`` (INVALID_BACKUP) naming each one by pointer.
    Users restored without a password hash get an unusable password (they set a new one, or
    staff does). Raises
    ``DomainError`` (nothing written) for a document of another format or a database that is
    not empty.
    """
    if document.get("format") != FORMAT or document.get("format_version") != FORMAT_VERSION:
        raise _fail(f"Not an {FORMAT} document of version {FORMAT_VERSION}.")
    occupied = [name for name, model in sections() if model._base_manager.exists()]
    if occupied:
        raise DomainError(
            code="DATABASE_NOT_EMPTY",
            message="Restore into an empty database (migrated, before load_lenses or any "
            f"sign-up); this one already has {', '.join(occupied)}.",
        )
    counts = {}
    for name, model in sections():
        rows = document.get(name, [])
        for row in rows:
            if row.get("model") != model._meta.label_lower:
                raise _fail(f"{name}: expected {model._meta.label_lower} rows.")
        problems = []
        for index, restored in enumerate(serializers.deserialize("python", rows)):
            if check := CHECKS.get(name):
                problems += under(f"/{name}/{index}/fields", check(rows[index]["fields"]))
            if name == "users" and not restored.object.password:
                restored.object.set_unusable_password()
            restored.save(force_insert=True)
        if problems:
            # The API would never have written these rows; restored, they would break pages.
            raise invalid(*problems, code="INVALID_BACKUP")
        counts[name] = len(rows)
    # Derived rows, not in the backup: from the restored summaries.
    pillar_counts_write(LensReview.objects.only("pk", "risk_summary"), new=True)
    models = [model for _, model in sections()]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    return counts
