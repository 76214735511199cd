"""Django's RedisCache, with one Redis client kept per connection pool.

Django builds a new ``redis.Redis`` object for every cache call; on a page-cache hit that
construction cost about as much as the round trip to Redis itself (measured: 115 µs against
97 µs). A client is safe to share between threads: each command takes a connection from the
pool.
"""

from django.core.cache.backends import redis as django_redis


class ReusedClients(django_redis.RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
