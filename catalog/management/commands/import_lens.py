"""``manage.py import_lens FILE``: import a custom lens as a draft, from the shell.

``--lens SLUG`` makes the file a new draft of that lens (shipped lenses included: this is
how an operator brings in AWS's own wording of the ML Lens); the ``mllens`` extensions the
file lacks are carried over from the previous version, and the command prints what was.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalog import lensformat, services
from catalog.models import Lens
from mllens.errors import DomainError


class Command(BaseCommand):
    help = "Import a custom-lens JSON file as a new lens or a new draft of an existing one."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--strict", action="store_true", help="Unknown keys are errors.")
        parser.add_argument(
            "--owner",
            help="Username of the new lens's owner (required without --lens); with --lens, "
            "the user the import acts as (default: the operator, who may change any lens).",
        )
        parser.add_argument(
            "--lens", help="Slug of an existing lens (shipped or custom) to add a new draft to."
        )
        parser.add_argument("--publish", metavar="VERSION", help="Publish the draft as VERSION.")
        parser.add_argument("--major", action="store_true", help="Publish as a major version.")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="Publish although choices look like 'None of these' without the '_no' suffix.",
        )

    def handle(self, *args, file: Path, strict: bool, owner: str | None, **options):
        if owner is None and not options["lens"]:
            raise CommandError("--owner is required to import a new lens")
        user = None
        if owner is not None:
            try:
                user = get_user_model().objects.get(username=owner)
            except get_user_model().DoesNotExist:
                raise CommandError(f"no user named {owner!r}") from None
        lens = None
        if options["lens"]:
            lens = Lens.objects.filter(slug=options["lens"]).first()
            if lens is None:
                raise CommandError(f"no lens with slug {options['lens']!r}")
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        try:
            result = services.lens_import(raw=raw, user=user, strict=strict, lens=lens)
        except lensformat.LensFormatError as error:
            self._print_problems(file, error.problems, error.warnings)
            raise CommandError(f"{file}: rejected, {len(error.problems)} error(s)") from None
        except DomainError as error:
            raise CommandError(str(error)) from None
        self._print_problems(file, [], result.warnings)
        self.stdout.write(self.style.SUCCESS(f"imported {result.lens.slug} as a draft"))
        if options["publish"]:
            try:
                services.lens_publish(
                    lens=result.lens,
                    version=options["publish"],
                    is_major=options["major"],
                    user=user,
                    confirm=options["confirm"],
                )
            except DomainError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(self.style.SUCCESS(f"published {options['publish']}"))

    def _print_problems(self, file: Path, errors, warnings) -> None:
        for problem in [*errors, *warnings]:
            where = problem.pointer or "/"
            if problem.line:
                where = f"line {problem.line}, column {problem.column}"
            line = (
                f"{file}: {problem.severity.upper()} {problem.code} at {where}: {problem.message}"
            )
            (self.stderr if problem.severity == "error" else self.stdout).write(line)
