"""Single sign-on settings read from the environment (README, "People and sign-in").

``OIDC_PROVIDERS`` is a JSON list, one object per OpenID Connect provider::

    [{"id": "corp", "label": "Sign in with Corp", "issuer": "https://idp.example.org/realms/corp",
      "client_id": "mllens", "secret": "..."}]

``id`` (lower-case letters, digits and dashes) names the provider in its callback URL,
``<SITE_URL>/accounts/oidc/<id>/login/callback/``; ``issuer`` is the URL under which the
provider publishes ``/.well-known/openid-configuration``; ``label`` is the button's text;
``scope`` (optional) the scopes asked for, default ``openid profile email``.
``OIDC_GROUP_TEAMS`` is a JSON object mapping group names (from the ``OIDC_GROUPS_CLAIM``
claim) to mllens team names. Each reader fails with :class:`ConfigError` naming the variable.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from mllens.env import ConfigError, env_str

_ID = re.compile(r"\A[a-z0-9][a-z0-9-]{0,39}\Z")
_KEYS = {"id", "label", "issuer", "client_id", "secret", "scope"}


def _json(name: str, default):
    raw = env_str(name)
    if not raw:
        return default
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise ConfigError(name, f"not JSON: {error.msg} at character {error.pos}") from None


def _provider(name: str, index: int, entry) -> dict:
    where = f"provider {index + 1}"
    if not isinstance(entry, dict):
        raise ConfigError(name, f"{where}: expected an object")
    if unknown := sorted(set(entry) - _KEYS):
        raise ConfigError(name, f"{where}: unknown key {unknown[0]!r} (known: {sorted(_KEYS)})")
    for key in ("id", "issuer", "client_id"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ConfigError(name, f"{where}: {key!r} is required (a string)")
    if not _ID.match(entry["id"]):
        raise ConfigError(name, f"{where}: id {entry['id']!r}: use a-z, 0-9 and dashes")
    issuer = entry["issuer"].strip().rstrip("/")
    parts = urlsplit(issuer)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ConfigError(name, f"{where}: issuer {issuer!r} is not an http(s) URL")
    for key in ("label", "secret", "scope"):
        if key in entry and not isinstance(entry[key], str):
            raise ConfigError(name, f"{where}: {key!r} must be a string")
    return {
        "id": entry["id"],
        "label": entry.get("label") or f"Sign in with {entry['id']}",
        "issuer": issuer,
        "client_id": entry["client_id"].strip(),
        "secret": entry.get("secret", ""),
        "scope": (entry.get("scope") or "openid profile email").split(),
    }


def oidc_providers(name: str) -> list[dict]:
    """The providers of ``OIDC_PROVIDERS`` (none when unset), checked and normalised."""
    value = _json(name, [])
    if not isinstance(value, list):
        raise ConfigError(name, "expected a JSON list of provider objects")
    providers = [_provider(name, index, entry) for index, entry in enumerate(value)]
    ids = [p["id"] for p in providers]
    if duplicate := next((i for i in ids if ids.count(i) > 1), None):
        raise ConfigError(name, f"id {duplicate!r} is used twice")
    return providers


def group_teams(name: str) -> dict[str, str]:
    """``OIDC_GROUP_TEAMS``: {group: team name}; empty when unset."""
    value = _json(name, {})
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in value.items()
    ):
        raise ConfigError(name, 'expected a JSON object of group → team name ({"ml-eng": "ML"})')
    return {k: v.strip() for k, v in value.items()}


def allauth_apps(providers: list[dict]) -> dict:
    """``SOCIALACCOUNT_PROVIDERS`` for allauth's ``openid_connect`` provider."""
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "SCOPE": ["openid", "profile", "email"],
            "APPS": [
                {
                    "provider_id": p["id"],
                    "name": p["label"],
                    "client_id": p["client_id"],
                    "secret": p["secret"],
                    "settings": {"server_url": p["issuer"], "scope": p["scope"]},
                }
                for p in providers
            ],
        }
    }
