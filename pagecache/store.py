"""Entries of the page cache and when they are still valid.

An entry is one response for one (host, path, normalised query, gzip or not). It records
``rendered_at``, the time its render *started* (before the view read the database). It is valid
while all of these hold:

- the path's purge time (``pc:p:<path>``, set by every purge of that path) and the site's
  (``pc:all``) are older than ``rendered_at``, and both exist: a purge time evicted from the cache
  counts as "purged now", so an eviction can only cause a re-render, never a stale page;
- its figures are fresh enough: if the campaign it shows (``pc:f:<campaign pk>``), or for other
  pages any campaign (``pc:f:any``), had a pledge after ``rendered_at``, the entry may still be
  served until it is ``figures_seconds`` (campaign) or ``listing_figures_seconds`` (others) old.

A purge that commits while a render is running is after its ``rendered_at``, so that render's
entry is born invalid. Times are ``time.time()`` of the processes on one machine or on machines
with synchronised clocks.
"""
import hashlib
import time
from dataclasses import dataclass, field

from django.core.cache import caches

from . import policy

ALL_KEY = "pc:all"
FIGURES_ANY_KEY = "pc:f:any"
#: Purge and figure times live longer than any entry, so an entry never outlives its purge time.
META_SECONDS = 7 * 24 * 3600


def cache():
    return caches[policy.setting("LOKADAYA_PAGE_CACHE_ALIAS", "pages")]


def path_key(path):
    return "pc:p:" + hashlib.sha1(path.encode()).hexdigest()


def figures_key(campaign):
    return f"pc:f:{campaign}"


def entry_key(host, path, query, gzip):
    raw = "\n".join((host, path, query, "gzip" if gzip else ""))
    return "pc:e:" + hashlib.sha1(raw.encode()).hexdigest()


@dataclass
class Entry:
    """A kept response."""

    rendered_at: float
    campaign: int  # the source campaign whose figures it shows, or None
    status: int
    headers: list = field(default_factory=list)  # [(name, value)]
    body: bytes = b""
    etag: str = ""


@dataclass
class Lookup:
    """What one round trip to the cache found for a request."""

    entry: Entry = None
    path_purged_at: float = None
    all_purged_at: float = None
    figures_any_at: float = None


def lookup(key, path):
    values = cache().get_many([key, path_key(path), ALL_KEY, FIGURES_ANY_KEY])
    return Lookup(entry=values.get(key), path_purged_at=values.get(path_key(path)),
                  all_purged_at=values.get(ALL_KEY), figures_any_at=values.get(FIGURES_ANY_KEY))


def unpurged_since(made_at, path_purged_at, all_purged_at):
    """Whether something made at ``made_at`` for a path is still valid: both purge times exist (an
    evicted one counts as "purged now") and are older. Entries here and kept parts (``parts.py``)."""
    if path_purged_at is None or all_purged_at is None:
        return False
    return made_at > path_purged_at and made_at > all_purged_at


def verdict(found, now=None):
    """``"fresh"``, ``"figures"`` (only the figures are older than allowed: may be served while one
    process re-renders) or ``"invalid"``."""
    entry = found.entry
    if entry is None or not unpurged_since(entry.rendered_at, found.path_purged_at, found.all_purged_at):
        return "invalid"
    now = time.time() if now is None else now
    if found.figures_any_at is None or found.figures_any_at < entry.rendered_at:
        return "fresh"  # no pledge anywhere since the render: no second round trip
    if entry.campaign is not None:
        changed = cache().get(figures_key(entry.campaign))
        allowed = policy.figures_seconds()
    else:
        changed = found.figures_any_at
        allowed = policy.listing_figures_seconds()
    if changed is not None and changed >= entry.rendered_at and now - entry.rendered_at >= allowed:
        return "figures"
    return "fresh"


def ensure_purge_times(path, before):
    """Create missing purge times as ``before`` (just before a render started): entries older than
    that, whose purge time was evicted, stay invalid; the new one is valid."""
    store = cache()
    store.add(path_key(path), before, META_SECONDS)
    store.add(ALL_KEY, before, META_SECONDS)


def save(key, entry, seconds):
    cache().set(key, entry, seconds)


def take_render_lock(key, seconds=30):
    """True for the one process that re-renders a figures-stale entry; the others serve it stale."""
    return cache().add(key + ":lock", 1, seconds)


def release_render_lock(key):
    cache().delete(key + ":lock")


def mark_purged(paths, at=None):
    at = time.time() if at is None else at
    cache().set_many({path_key(p): at for p in paths}, META_SECONDS)


def mark_all_purged(at=None):
    cache().set(ALL_KEY, time.time() if at is None else at, META_SECONDS)


def mark_figures_changed(campaigns, at=None):
    at = time.time() if at is None else at
    values = {figures_key(c): at for c in campaigns}
    values[FIGURES_ANY_KEY] = at
    cache().set_many(values, META_SECONDS)
