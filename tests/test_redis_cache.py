"""The Redis cache backend (lokadaya/redis_cache.py) against a real Redis: Django's behaviour, with
its clients kept instead of built per call."""
import threading
import uuid

from lokadaya.redis_cache import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/7"


def backend():
    return RedisCache(REDIS_URL, {"KEY_PREFIX": f"redis-cache-test-{uuid.uuid4().hex}"})


def test_behaves_as_djangos_backend():
    cache = backend()
    try:
        assert cache.get("missing", "default") == "default"
        cache.set("figures", {"pledged": 12}, 30)
        assert cache.get("figures") == {"pledged": 12}
        assert cache.add("figures", "other", 30) is False
        assert cache.add("lock", 1, 30) is True
        cache.set("version", 1, None)
        assert cache.incr("version") == 2
        cache.set_many({"a": 1, "b": [2]}, 30)
        assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": [2]}
        cache.delete_many(["a", "b"])
        assert cache.get_many(["a", "b"]) == {}
        assert cache.delete("lock") is True and cache.get("lock") is None
    finally:
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=cache.make_key("*")))
        if keys:
            client.delete(*keys)


def test_one_client_per_pool_shared_by_threads():
    cache = backend()
    first = cache._cache.get_client("key", write=True)
    assert cache._cache.get_client("other", write=False) is first  # one server: one pool, one client
    seen, errors = [], []

    def work(n):
        try:
            cache.set(f"n{n}", n, 30)
            seen.append(cache.get(f"n{n}"))
            assert cache._cache.get_client() is first
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(seen) == list(range(8))
    cache.delete_many([f"n{n}" for n in range(8)])
