"""Start the test OpenID Connect provider: ``python -m tests.oidc_provider.serve``.

Reads from the environment: ``OIDC_TEST_DB`` (its SQLite file), ``OIDC_TEST_RSA_KEY`` (the
PEM private key that signs ID tokens), ``OIDC_TEST_PORT`` and ``OIDC_TEST_SETUP``: JSON with
``client`` ({"client_id", "client_secret", "redirect_uris"}) and ``users`` ([{"username",
"password", "email", "first_name", "last_name", "groups"}]). Migrates, creates those, prints
``ready`` and serves on 127.0.0.1 until killed.
"""

from __future__ import annotations

import json
import os
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


class _Threaded(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def _setup(spec: dict) -> None:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    for person in spec["users"]:
        user = User.objects.create_user(
            username=person["username"],
            password=person["password"],
            email=person.get("email", ""),
            first_name=person.get("first_name", ""),
            last_name=person.get("last_name", ""),
        )
        for name in person.get("groups", []):
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    client = spec["client"]
    Application.objects.create(
        name="mllens",
        client_id=client["client_id"],
        client_secret=client["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(client["redirect_uris"]),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=False,
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
    import django

    django.setup()
    _setup(json.loads(os.environ["OIDC_TEST_SETUP"]))
    from django.core.wsgi import get_wsgi_application

    server = make_server(
        "127.0.0.1",
        int(os.environ["OIDC_TEST_PORT"]),
        get_wsgi_application(),
        server_class=_Threaded,
        handler_class=_Quiet,
    )
    print("ready", flush=True)
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
