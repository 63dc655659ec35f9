"""Django's cache on Redis, failing open: Redis being down must not take sign-in down with it.

The cache only holds throttling and sign-in failure counters. When Redis is unreachable,
reads miss and writes are dropped (with a warning), so requests go on as if nothing had
been counted yet instead of failing with a 500.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


def _warn(operation: str, error: Exception) -> None:
    log.warning("cache %s skipped, Redis unreachable: %s", operation, type(error).__name__)


class ResilientRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            _warn("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            _warn("get_many", error)
            return {}

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            _warn("set", error)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            _warn("add", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _warn("incr", error)
            # What Django raises for a missing key: callers already handle it.
            raise ValueError(f"Key {key!r} not found (Redis unreachable).") from error

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            _warn("delete", error)
            return False
