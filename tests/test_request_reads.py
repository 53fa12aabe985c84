"""The keys every render reads from the shared cache, in one round trip at the request's start
(``lokadaya/request_reads.py``): as read then, a request's own writes seen, nothing kept outside."""
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.test import RequestFactory

from campaigns.plugins import DISABLED_CACHE_KEY, registry
from lokadaya import lookups, request_reads
from lokadaya.lookups import GENERATION_KEY
from network import figures_cache

pytestmark = pytest.mark.django_db

KEY = "test:request-reads"


@pytest.fixture(autouse=True)
def _registered_test_key():
    request_reads.register(KEY)
    cache.delete(KEY)
    yield
    request_reads.finish()
    request_reads._registered.remove(KEY)
    cache.delete(KEY)


def start(method="GET"):
    request_started.send(sender=None, environ=RequestFactory().generic(method, "/id/").environ)


def finish():
    request_finished.send(sender=None)


class CountingCache:
    """Counts the round trips (each get, get_many, set...) made to ``caches``, the shared cache by
    default; a call a backend makes inside another (local memory's ``get_many``) is not one."""

    NAMES = ("get", "get_many", "set", "add", "delete", "incr", "set_many")

    def __init__(self, monkeypatch, *caches):
        self.calls, self.depth = [], 0
        for each in caches or (cache,):
            for name in self.NAMES:
                monkeypatch.setattr(each, name, self._wrap(name, getattr(each, name)))

    def _wrap(self, name, original):
        def call(*args, **kwargs):
            if not self.depth:
                self.calls.append((name, args[0] if args else None))
            self.depth += 1
            try:
                return original(*args, **kwargs)
            finally:
                self.depth -= 1
        return call


def test_the_registered_keys_are_read_together_when_a_get_request_starts(monkeypatch):
    cache.set(KEY, "one", None)
    # In the cache, as after any first request.
    registry.disabled_keys(), figures_cache.version(), lookups.check_generation()
    counting = CountingCache(monkeypatch)
    start()
    try:
        assert counting.calls == [("get_many", request_reads._registered)]
        assert request_reads.get(KEY) == "one"
        assert request_reads.get(GENERATION_KEY) == cache.get(GENERATION_KEY)
        del counting.calls[:]
        assert registry.disabled_keys() == frozenset()
        assert figures_cache.version() >= 1
        assert counting.calls == []
        assert DISABLED_CACHE_KEY in request_reads._registered
    finally:
        finish()


def test_a_request_keeps_what_it_read_at_its_start_and_sees_its_own_writes():
    cache.set(KEY, "one", None)
    start()
    try:
        cache.set(KEY, "another process's", None)
        assert request_reads.get(KEY) == "one"  # as if read at the start
        request_reads.set(KEY, "two", None)
        assert request_reads.get(KEY) == "two" == cache.get(KEY)
        request_reads.delete(KEY)
        assert request_reads.get(KEY) is None and cache.get(KEY) is None
        cache.set(KEY, "three", None)
        request_reads.forget(KEY)  # after an incr or add: read again
        assert request_reads.get(KEY) == "three"
        assert request_reads.get_many([KEY, "test:not-registered"]) == {KEY: "three"}
    finally:
        finish()
    cache.set(KEY, "four", None)
    assert request_reads.get(KEY) == "four"  # nothing kept after the request


def test_a_missing_key_is_missing_and_a_post_reads_at_its_start_too(monkeypatch):
    start()
    try:
        assert request_reads.get(KEY, "default") == "default"
        assert request_reads.get_many([KEY]) == {}
    finally:
        finish()
    cache.set(KEY, "at the start", None)
    registry.disabled_keys()  # in the cache, as after any first request
    start("POST")
    try:
        cache.set(KEY, "another process's", None)
        counting = CountingCache(monkeypatch)
        assert request_reads.get(KEY) == "at the start"
        assert registry.disabled_keys() == frozenset() and registry.disabled_keys() == frozenset()
        assert counting.calls == []  # the switched-off types, asked twice: no round trip
    finally:
        finish()


def test_a_version_moved_in_the_request_is_read_anew():
    start()
    try:
        before = figures_cache.version()
        figures_cache.bump()
        assert figures_cache.version() == before + 1
    finally:
        finish()


def test_a_campaign_render_makes_three_shared_cache_round_trips(client, make_campaign, monkeypatch, settings):
    """The lookups' token, the switched-off types, the joint actions' links, the match funds' scopes
    and the figures' versions in one; the kept parts in another; a kept figure in a third at most."""
    settings.LOKADAYA_PAGE_CACHE = False
    campaign = make_campaign(asks=[("donation", {"title": "Donasi", "target": Decimal("1000000"),
                                                 "minimum": Decimal("10000"), "suggested_amounts": [50000]})])
    client.get(campaign.url)
    client.get(campaign.url)
    from django.core.cache import caches

    counting = CountingCache(monkeypatch, cache, caches["pages"])
    assert client.get(campaign.url).status_code == 200
    assert len(counting.calls) <= 3, counting.calls
