"""``manage.py load_lenses``: load the lenses shipped in catalog/data (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from catalog.services import shipped_lenses_load
from mllens.errors import DomainError


class Command(BaseCommand):
    help = "Load or update the lenses shipped with mllens. Running it twice changes nothing."

    def handle(self, *args, **options):
        try:
            results = shipped_lenses_load()
        except DomainError as error:
            for detail in error.errors:
                self.stderr.write(f"{detail.code} at {detail.pointer or '/'}: {detail.message}")
            raise CommandError(str(error)) from error
        for result in results:
            state = "loaded" if result.created else "unchanged"
            self.stdout.write(f"{result.slug} {result.version}: {state}")
