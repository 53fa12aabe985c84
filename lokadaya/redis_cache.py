"""Django's Redis cache, keeping its ``redis.Redis`` clients instead of building one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` on every cache call; building
one (its table of response callbacks) costs about as much CPU as the round trip to Redis itself.
The page cache asks Redis once or twice per request and the settlement of a payment several
times, so this backend builds one client per connection pool and keeps it. A ``redis.Redis`` may
be shared between threads: it takes a connection from its pool for each command.
"""
from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with the same options, using the client above."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
