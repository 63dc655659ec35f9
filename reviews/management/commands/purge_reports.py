"""``manage.py purge_reports --days N``: delete finished report jobs and their PDFs."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from reviews.services.reports import reports_purge


class Command(BaseCommand):
    help = "Delete report jobs (and their files) older than N days; queued and running stay."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options):
        if days < 0:
            raise CommandError("--days must be 0 or more")
        count = reports_purge(older_than_days=days)
        self.stdout.write(f"deleted {count} report job(s) older than {days} day(s)")
