"""``manage.py export_all [FILE]``: back everything up as one JSON document."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from reviews.services.backup import backup_export


class Command(BaseCommand):
    help = (
        "Write users, teams, lenses with every version, workloads, reviews, answers with "
        "history, improvement items, milestones, activity and report job metadata as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, help="Where to write (default: stdout).")
        parser.add_argument(
            "--with-passwords",
            action="store_true",
            help="Include password hashes (keep such a file as secret as the database).",
        )

    def handle(self, *args, file: Path | None, with_passwords: bool, **options):
        if file is None:
            self.stdout.ending = ""  # the JSON is written in pieces
            counts = backup_export(out=self.stdout, with_passwords=with_passwords)
        else:
            with file.open("w", encoding="utf-8") as out:
                counts = backup_export(out=out, with_passwords=with_passwords)
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stderr.write(f"exported {summary}")
