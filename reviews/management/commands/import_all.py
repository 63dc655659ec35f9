"""``manage.py import_all FILE``: restore a backup made by ``export_all`` into an empty database."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mllens.errors import DomainError
from reviews.services.backup import backup_import


class Command(BaseCommand):
    help = "Restore an export_all backup into a freshly migrated, empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except ValueError as error:
            raise CommandError(f"{file} is not JSON: {error}") from None
        if not isinstance(document, dict):
            raise CommandError(f"{file} is not an export_all backup")
        try:
            counts = backup_import(document=document)
        except DomainError as error:
            where = "".join(f"\n  {e.pointer}: {e.message}" for e in error.errors[:20])
            raise CommandError(error.message + where) from None
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"restored {summary}"))
        if not document.get("with_passwords"):
            self.stdout.write(
                "Passwords were not in the backup: set them again "
                "(manage.py changepassword USERNAME)."
            )
