"""The shared-cache keys nearly every public request reads, fetched in one round trip at its start.

Several modules keep a small value in Django's shared cache (Redis in production) that a render
reads: ``lookups``' generation token, the switched-off support types, the campaigns joint actions
link, the match funds' scopes, the figures' versions. Each was a round trip of its own (issue 13:
five of the seven a campaign render made). A module names its keys once (``register``); when a
request starts, ``start`` reads them all with one ``get_many`` and ``get`` answers from that read
until the request finishes (a POST that checks the switched-off types dozens of times included).

Invariants:

1. **As read at the start.** ``get`` gives what the shared cache held when the request started, as
   if the module had read it then; a request already running keeps what it read, as it keeps rows
   it read (``lookups`` does the same with its token).
2. **Its own writes show.** A write in the request through ``set``, ``delete`` or ``forget`` (after
   an ``incr``) replaces or drops the key's value here, so the rest of the request reads it anew.
3. **Nothing outside.** Outside a request, or for a key not registered, ``get`` is ``cache.get``.
   Per thread (``threading.local``), dropped when the request finishes; never shared between
   requests.
"""
import threading

from django.core.cache import cache

_registered = []
_local = threading.local()
#: A key the start read found missing: the reader computes it, as after a plain ``cache.get``.
_MISSING = object()


def register(*keys):
    """Read ``keys`` at the start of every request from now on (idempotent)."""
    for key in keys:
        if key not in _registered:
            _registered.append(key)


def start(environ=None):
    """Read every registered key in one round trip for the request starting (``lookups`` calls it
    from ``request_started``, before its own token is checked). Never raises: an unreachable cache
    leaves each reader to read, and fail, as before."""
    _local.values = None
    if not _registered:
        return
    try:
        found = cache.get_many(_registered)
    except Exception:  # noqa: BLE001 - each reader then meets the outage itself
        return
    _local.values = {key: found.get(key, _MISSING) for key in _registered}


def finish():
    _local.values = None


def _values():
    return getattr(_local, "values", None)


def get(key, default=None):
    """``cache.get(key, default)``, answered from the start's read where it has the key."""
    values = _values()
    if values is not None and key in values:
        value = values[key]
        return default if value is _MISSING else value
    return cache.get(key, default)


def get_many(keys):
    """``cache.get_many(keys)``, the keys the start read answered from it (one round trip for the rest)."""
    values = _values() or {}
    found = {key: values[key] for key in keys if key in values and values[key] is not _MISSING}
    rest = [key for key in keys if key not in values]
    if rest:
        found.update(cache.get_many(rest))
    return found


def set(key, value, timeout):  # noqa: A001 - the cache's own word
    """``cache.set``; this request then reads ``value``."""
    cache.set(key, value, timeout)
    values = _values()
    if values is not None and key in values:
        values[key] = value


def delete(key):
    """``cache.delete``; this request then finds the key missing."""
    cache.delete(key)
    values = _values()
    if values is not None and key in values:
        values[key] = _MISSING


def forget(*keys):
    """After another write (``incr``, ``add``): this request reads ``keys`` from the cache again."""
    values = _values()
    if values is not None:
        for key in keys:
            values.pop(key, None)
