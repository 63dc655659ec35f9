"""``mllens.addresses.client_address``: X-Forwarded-For only through trusted hops."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from mllens.addresses import client_address, networks, parse_address
from mllens.env import ConfigError, env_trusted_proxies


def _address(remote: str, forwarded: str | None = None) -> str:
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **headers))


def test_it_ignores_forwarded_for_by_default(settings):
    """Issue 12 finding 3: with no TRUSTED_PROXIES, the header is anyone's to write."""
    settings.TRUSTED_PROXIES = 0
    assert _address("192.0.2.10", "203.0.113.5") == "192.0.2.10"


@pytest.mark.parametrize(
    ("count", "forwarded", "client"),
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a client-sent value stays ignored
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (2, "203.0.113.5", "203.0.113.5"),  # fewer hops than proxies: the farthest known
        (1, None, "10.0.0.1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "203.0.113.5:51234", "203.0.113.5"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
    ],
)
def test_it_takes_the_client_behind_a_count_of_proxies(settings, count, forwarded, client):
    settings.TRUSTED_PROXIES = count
    assert _address("10.0.0.1", forwarded) == client


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.1", "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        ("10.0.0.1", "10.0.0.3, 10.0.0.2", "10.0.0.3"),  # all trusted: the farthest
        ("192.0.2.10", "203.0.113.5", "192.0.2.10"),  # not from a proxy: header ignored
        ("::1", "203.0.113.5", "203.0.113.5"),
        ("10.0.0.1", "junk, 10.0.0.2", "10.0.0.2"),
    ],
)
def test_it_walks_back_through_trusted_networks(settings, remote, forwarded, client):
    settings.TRUSTED_PROXIES = networks(["10.0.0.0/8", "::1"])
    assert _address(remote, forwarded) == client


def test_it_reads_trusted_proxies_from_the_environment(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    assert env_trusted_proxies("TRUSTED_PROXIES") == 2
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1,::1")
    assert [str(n) for n in env_trusted_proxies("TRUSTED_PROXIES")] == [
        "10.0.0.0/8",
        "127.0.0.1/32",
        "::1/128",
    ]
    monkeypatch.setenv("TRUSTED_PROXIES", "")
    assert env_trusted_proxies("TRUSTED_PROXIES") == 0
    monkeypatch.setenv("TRUSTED_PROXIES", "proxy.example")
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        env_trusted_proxies("TRUSTED_PROXIES")


def test_it_canonicalises_addresses():
    assert parse_address(" 2001:DB8::1 ") == "2001:db8::1"
    assert parse_address("unknown") is None
