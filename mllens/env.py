"""Typed readers for configuration from the environment.

Each helper fails loudly with :class:`ConfigError` naming the variable, so a
misconfigured deployment stops at start-up instead of running half-broken.
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ImproperlyConfigured):
    """A configuration variable is missing or malformed."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(f"{name}: {problem}")


def env_str(name: str, default: str | None = None) -> str | None:
    """The variable's value stripped of surrounding blanks, or ``default`` when unset."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip()


def env_bool(name: str, default: bool = False) -> bool:
    """A boolean: 1/true/yes/on or 0/false/no/off (any case); anything else is an error."""
    value = env_str(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(name, f"expected true or false, got {value!r}")


def env_int(name: str, default: int) -> int:
    """An integer; non-numeric values are an error."""
    value = env_str(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(name, f"expected an integer, got {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    value = env_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


_RATE = re.compile(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)")


def env_rate(name: str, default: str) -> str:
    """A rate such as ``1000/hour`` (per second, minute, hour or day); ``off`` gives ``""``."""
    value = (env_str(name) or default).strip()
    if value.lower() in {"off", "0", "none"}:
        return ""
    if not _RATE.fullmatch(value):
        raise ConfigError(name, f"expected a rate such as 1000/hour, or off; got {value!r}")
    return value


def env_path(name: str, default: Path) -> Path:
    """An absolute filesystem path (relative values are an error: they depend on the cwd)."""
    value = env_str(name)
    if not value:
        return default
    path = Path(value)
    if not path.is_absolute():
        raise ConfigError(name, f"expected an absolute path, got {value!r}")
    return path


def _prepare_threshold(name: str, value: str) -> int | None:
    """``?prepare_threshold=``: a count, or ``none`` to turn preparation off."""
    if value.lower() == "none":
        return None
    try:
        return int(value)
    except ValueError:
        raise ConfigError(name, "prepare_threshold is a number or none") from None


def database_from_url(name: str, url: str) -> dict:
    """Django's DATABASES entry for a ``postgres://`` or ``sqlite:///`` URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in {"postgres", "postgresql", "pgsql"}:
        database = unquote(parts.path.lstrip("/"))
        if not database:
            raise ConfigError(name, "the URL names no database (postgres://user@host:5432/NAME)")
        try:
            port = parts.port
        except ValueError:
            raise ConfigError(name, "the port is not a number") from None
        options = dict(parse_qsl(parts.query))
        # Django turns psycopg's statement preparation off; mllens.prepared asks for it
        # explicitly for its few hot statements (Django's own cursors bind on the client and
        # never prepare, whatever this says).
        if "prepare_threshold" in options:
            options["prepare_threshold"] = _prepare_threshold(name, options["prepare_threshold"])
        else:
            options["prepare_threshold"] = 5
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": database,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    if scheme == "sqlite":
        path = "/" + unquote(parts.path).lstrip("/")
        if parts.netloc or path == "/":
            raise ConfigError(name, "expected sqlite:////absolute/path/to/file.sqlite3")
        # The test database is a file too, so worker processes in the tests can share it.
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            "TEST": {"NAME": f"{path}.test"},
        }
    raise ConfigError(
        name, f"unsupported URL {url!r}: expected postgres://user:pass@host:port/name or sqlite:///"
    )


def redis_url(name: str) -> str | None:
    """A ``redis://`` or ``rediss://`` URL, or None when unset or empty."""
    value = env_str(name)
    if not value:
        return None
    if urlsplit(value).scheme not in {"redis", "rediss"}:
        raise ConfigError(name, f"expected redis://host:port/db, got {value!r}")
    return value


def cache_from_redis_url(url: str | None) -> dict:
    """Django's ``CACHES["default"]``: Redis at ``url`` (failing open), else local memory."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "mllens"}
    return {
        "BACKEND": "mllens.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "mllens",
        # Short timeouts: a Redis that is down must cost a sign-in a second, not a minute.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


def env_trusted_proxies(name: str) -> int | tuple:
    """``TRUSTED_PROXIES``: a count of proxy hops, or comma-separated networks; 0 when unset."""
    value = env_str(name)
    if not value:
        return 0
    if value.isdigit():
        return int(value)
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfigError(
                name,
                "expected a number of proxies or comma-separated addresses and networks "
                f"(10.0.0.0/8,::1), got {item!r}",
            ) from None
    return tuple(networks)


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """``SECURE_PROXY_SSL_HEADER``: the header (``X-Forwarded-Proto``) by which the proxy says
    a request came over HTTPS (value ``https``); None when unset."""
    value = env_str(name)
    if not value:
        return None
    if not all(c.isalnum() or c == "-" for c in value):
        raise ConfigError(name, f"expected a header name such as X-Forwarded-Proto, got {value!r}")
    return ("HTTP_" + value.upper().replace("-", "_"), "https")


# Redis has 16 databases (0–15) unless configured otherwise.
REDIS_DATABASES = 16


def redis_database_url(name: str, url: str, offset: int) -> str:
    """``url`` with its database number moved up by ``offset`` (``redis://h:6379/3``, 1 →
    ``redis://h:6379/4``): the broker, the results and the cache each get their own."""
    parts = urlsplit(url)
    if "db" in dict(parse_qsl(parts.query)):
        raise ConfigError(name, "give the database number in the path (redis://host:6379/0)")
    path = parts.path.strip("/") or "0"
    if not path.isdigit():
        raise ConfigError(name, f"expected a database number in the URL path, got {path!r}")
    database = int(path) + offset
    if database >= REDIS_DATABASES:
        raise ConfigError(
            name,
            f"database {path} leaves no room for the results and cache databases "
            f"({path}+1, {path}+2 must be below {REDIS_DATABASES}); use 0 to {REDIS_DATABASES - 3}",
        )
    return parts._replace(path=f"/{database}").geturl()


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """One of ``choices`` (any case); anything else is an error naming them."""
    value = (env_str(name) or default).lower()
    if value not in choices:
        raise ConfigError(name, f"expected one of {', '.join(choices)}; got {value!r}")
    return value


# Mail transports EMAIL_URL may name (dj-email-url's schemes that mllens supports).
EMAIL_SCHEMES = ("smtp", "submission", "submit", "smtps", "console", "file", "memory", "dummy")


def email_from_url(name: str, url: str) -> dict:
    """Django's ``EMAIL_*`` settings for a URL: ``smtp://user:pass@host:587?tls=true``,
    ``smtp://host:465?ssl=true``, ``console:`` (mails printed to the log), ``file:///path``."""
    import dj_email_url

    scheme = urlsplit(url).scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        raise ConfigError(
            name,
            f"unsupported mail URL {url!r}: expected smtp://user:pass@host:587?tls=true, "
            "console: or file:///path",
        )
    try:
        parsed = dj_email_url.parse(url)
    except ValueError as error:
        raise ConfigError(name, str(error)) from None
    # Unset parts keep Django's defaults (localhost:25, no login); a stuck server costs a mail
    # task at most EMAIL_TIMEOUT seconds before it is retried.
    found = {key: value for key, value in parsed.items() if value not in (None, "")}
    found.setdefault("EMAIL_TIMEOUT", 10)
    if scheme == "file":  # dj-email-url drops the leading "/" of an absolute path
        found["EMAIL_FILE_PATH"] = unquote(urlsplit(url).path)
    asked = {k.lower(): v.lower() for k, v in parse_qsl(urlsplit(url).query)}
    if asked.get("tls") in _TRUE and asked.get("ssl") in _TRUE:
        raise ConfigError(name, "tls and ssl exclude each other (587: tls=true, 465: ssl=true)")
    return found


def env_site_url(name: str, default: str) -> str:
    """The address people reach mllens at (``https://mllens.example.org``), without a
    trailing slash: the base of links in mails."""
    value = (env_str(name) or default).rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query:
        raise ConfigError(
            name, f"expected an address such as https://mllens.example.org, got {value!r}"
        )
    return value
