"""``manage.py demo_user``: create (or repair) the demo account and print how to sign in."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "demo"


class Command(BaseCommand):
    help = "Create the demo user (password kept in DATA_DIR/demo-password) and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=USERNAME)
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000",
            help="where the app is served, for the printed sign-in link (make run passes it)",
        )

    def handle(self, *args, username: str, url: str, **options):
        secret_file = settings.DATA_DIR / f"{username}-password"
        if secret_file.exists():
            password = secret_file.read_text().strip()
        else:
            password = secrets.token_urlsafe(12)
            secret_file.parent.mkdir(parents=True, exist_ok=True)
            secret_file.touch(mode=0o600)
            secret_file.write_text(password + "\n")

        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": "Demo", "last_name": "User"}
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.is_staff = True
            user.is_superuser = True
            user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo user: username={username} password={password}  "
                f"(sign in at {url.rstrip('/')}/login/)"
            )
        )
