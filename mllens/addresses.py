"""The client's address, for everything that counts per address (sign-in limits, throttles).

``REMOTE_ADDR`` is the peer of the WSGI server. Behind a reverse proxy that is the proxy, so
the client's own address is in ``X-Forwarded-For``, which anyone can also send. That header is
read only through the hops named by ``TRUSTED_PROXIES`` (see README, "Behind a proxy"):

- ``0`` or empty (the default): ``X-Forwarded-For`` is ignored.
- a count ``N``: the last ``N`` hops (``REMOTE_ADDR`` included) are our proxies; the address
  before them is the client.
- networks (``10.0.0.0/8,127.0.0.1``): walking from ``REMOTE_ADDR`` back along the header, the
  first address that is not in one of them is the client.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from django.conf import settings

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(request) -> str:
    """The client's address as far as the trusted proxies vouch for it."""
    remote = parse_address(request.META.get("REMOTE_ADDR", "")) or "unknown"
    trusted = getattr(settings, "TRUSTED_PROXIES", 0)
    if not trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if isinstance(trusted, int):
        return _through_count(hops, remote, trusted)
    return _through_networks(hops, remote, networks(trusted))


def _through_count(hops: list[str], remote: str, count: int) -> str:
    chain = [*hops, remote]
    candidate = chain[max(0, len(chain) - 1 - count)]
    # Written by a proxy we trust, so it is an address; if not, the count is wrong.
    return parse_address(candidate) or remote


def _through_networks(hops: list[str], remote: str, trusted: tuple[IPNetwork, ...]) -> str:
    address = remote
    for hop in reversed(hops):
        if not _is_trusted(address, trusted):
            break
        parsed = parse_address(hop)
        if parsed is None:  # not written by a proxy of ours: stop at the last one we trust
            break
        address = parsed
    return address


def _is_trusted(address: str, trusted: tuple[IPNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip.version == net.version and ip in net for net in trusted)


def networks(items: Iterable[str | IPNetwork]) -> tuple[IPNetwork, ...]:
    """Networks from strings (``10.0.0.0/8``, ``127.0.0.1``, ``::1``); raises ``ValueError``."""
    return tuple(
        item if isinstance(item, IPNetwork) else ipaddress.ip_network(item.strip(), strict=False)
        for item in items
    )


def parse_address(value: str) -> str | None:
    """The canonical form of an IP address, with any ``:port`` or ``[…]`` dropped; else None."""
    value = value.strip()
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # 203.0.113.9:51234
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
