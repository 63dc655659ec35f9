"""DRF throttles that count per client address as :mod:`mllens.addresses` finds it."""

from __future__ import annotations

from rest_framework import throttling

from mllens.addresses import client_address


class ClientAddressMixin:
    """Identify anonymous callers by the client's address through trusted proxies only."""

    def get_ident(self, request) -> str:
        return client_address(request)


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressMixin, throttling.UserRateThrottle):
    pass
