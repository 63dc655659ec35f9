"""Security headers with DEBUG off, and pages that run under a CSP without inline script."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from tests.fixtures.worker import ROOT
from tests.security.test_access_matrix import ROUTES, concrete
from tests.security.world import client_as

SCRIPT_TYPES_THAT_RUN = {"", "module", "text/javascript", "application/javascript"}


def _directives(policy: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (d.split() for d in policy.split(";")) if parts}


def test_it_sends_the_security_headers_on_https(security_world, db):
    response = client_as(security_world, "owner").get("/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_it_sends_the_csp_on_api_answers_and_errors_too(security_world, db):
    client = client_as(security_world, "owner")
    for path in ("/api/v1/lenses/", "/no-such-page/", "/api/v1/no-such-call"):
        assert "script-src 'self'" in client.get(path)["Content-Security-Policy"], path


def test_it_forwards_https_from_the_proxy_header_when_configured(security_world, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client_as(security_world, "owner").get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client_as(security_world, "owner").get("/")


def test_it_ignores_the_proxy_https_header_unless_configured(security_world, db):
    """Issue 12 finding 3: SECURE_PROXY_SSL_HEADER only when configured (anyone can send it)."""
    response = client_as(security_world, "owner").get("/", HTTP_X_FORWARDED_PROTO="https")
    assert "Strict-Transport-Security" not in response
    assert _settings_with()["SECURE_PROXY_SSL_HEADER"] is None
    configured = _settings_with(SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert configured["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def _settings_with(**env) -> dict:
    """Settings as a production process loads them (DEBUG off, no test overrides)."""
    code = (
        "import json, mllens.settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
        "['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'SECURE_HSTS_SECONDS', 'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_REFERRER_POLICY', "
        "'X_FRAME_OPTIONS', 'DEBUG', 'LOGIN_FAILURE_LIMIT', 'LOGIN_FAILURE_WINDOW', "
        "'SECURE_PROXY_SSL_HEADER']}))"
    )
    skip = {"DEBUG", "SECURE_COOKIES", "SECURE_PROXY_SSL_HEADER"}
    environment = {k: v for k, v in os.environ.items() if k not in skip}
    environment |= {"SECRET_KEY": "production-like", **env}
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert output.returncode == 0, output.stderr
    import json

    return json.loads(output.stdout)


def test_it_configures_secure_cookies_and_hsts_when_debug_is_off():
    loaded = _settings_with()
    assert loaded == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
        "X_FRAME_OPTIONS": "DENY",
        "DEBUG": False,
        "LOGIN_FAILURE_LIMIT": 5,
        "LOGIN_FAILURE_WINDOW": 900,
        "SECURE_PROXY_SSL_HEADER": None,
    }
    assert _settings_with(SECURE_HSTS_SECONDS="0")["SECURE_HSTS_SECONDS"] == 0


class _Scripts(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.handlers: list[str] = []
        self.sources: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src", "action"} and (value or "").lower().startswith(
                "javascript:"
            ):
                self.handlers.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            kind = (attributes.get("type") or "").lower()
            if attributes.get("src"):
                self.sources.append(attributes["src"])
            elif kind in SCRIPT_TYPES_THAT_RUN:
                self._in_script = True

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append(data.strip()[:80])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def _viewer(pattern: str, case) -> str | None:
    """Who sees the page rendered (200): the owner, else staff (their pages), else anonymous
    (sign-in pages); None for a route that only redirects or refuses."""
    if pattern == "login/":
        return "anonymous"
    return next((r for r in ("owner", "staff", "anonymous") if case.expected.get(r) == 200), None)


def _pages():
    for route in ROUTES:
        if route.pattern.startswith("api/v1") or route.pattern in {"healthz", "logout/"}:
            continue
        for case in route.methods.get("GET", []):
            if _viewer(route.pattern, case) is None:
                continue  # nothing rendered to look into (allauth's redirecting routes)
            yield pytest.param(route.pattern, case, id=f"/{route.pattern}{case.query}")


@pytest.mark.parametrize(("pattern", "case"), list(_pages()))
def test_it_has_no_inline_script_or_handler_on_any_page(pattern, case, security_world, db):
    role = _viewer(pattern, case)
    path = case.path or concrete(pattern, security_world.values, case.values)
    path += case.query.format(**security_world.values)
    response = client_as(security_world, role).get(path)
    assert response.status_code == 200, (path, response.status_code)
    if "html" not in response["Content-Type"]:
        return
    found = _Scripts()
    found.feed(response.content.decode())
    assert found.inline == [], path
    assert found.handlers == [], path
    for source in found.sources:
        assert source.startswith("/"), (path, source)  # our own origin, never a CDN


def test_it_serves_the_api_docs_script_from_a_url(security_world, db):
    client = client_as(security_world, "owner")
    page = client.get("/api/docs/")
    found = _Scripts()
    found.feed(page.content.decode())
    assert found.inline == []
    init = [source for source in found.sources if "script" in source]
    assert init == ["/api/docs/?script="]
    script = client.get(init[0])
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content
