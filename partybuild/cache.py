"""A Redis cache that degrades to "always a miss" when Redis is down.

The cache only ever speeds pages up; with Django's plain RedisCache a dead Redis turns every
page that touches the cache into a 500. Here a connection error is logged and treated as a miss
(reads return the default, writes do nothing), so the portal keeps working, just slower.
Sessions and django-axes keep their state in the database, never in this cache.

It also keeps one redis-py client per connection pool: Django makes a new one for every cache
call, and redis-py fills ~170 response callbacks into each (0.15 ms a call, measured).
"""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


def _degrade(default_from=None):
    def wrap(method):
        @functools.wraps(method)
        def inner(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except _DOWN:
                logger.warning("cache unavailable during %s; carrying on without it", method.__name__)
                if default_from == "default":
                    return kwargs.get("default", args[1] if len(args) > 1 else None)
                return default_from() if callable(default_from) else default_from
        return inner
    return wrap


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, making each redis-py client once (a client is only a handle on its pool,
    which holds the connections; a cache object, and so this, belongs to one thread)."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    get = _degrade("default")(RedisCache.get)
    get_many = _degrade(dict)(RedisCache.get_many)
    has_key = _degrade(False)(RedisCache.has_key)
    set = _degrade(None)(RedisCache.set)
    add = _degrade(False)(RedisCache.add)
    touch = _degrade(False)(RedisCache.touch)
    delete = _degrade(False)(RedisCache.delete)
    set_many = _degrade(list)(RedisCache.set_many)
    delete_many = _degrade(None)(RedisCache.delete_many)
    clear = _degrade(False)(RedisCache.clear)
    incr = _degrade(None)(RedisCache.incr)
