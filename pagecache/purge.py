"""Purging: the page cache and the caching proxy in front of the site are told the same thing.

Invariants:

- A purge takes effect at once and again when the change that caused it commits
  (``transaction.on_commit``): a visitor rendering in between reads the old content, and the
  second purge, later than that render's start, makes its entry invalid. Outside a transaction
  the change is already committed: one purge, at once.
- It purges the path and all of its query variants (``?page=2``, filters): the purge time is per
  path, and the proxy's PURGE bans the path's variants too (``deploy/varnish/lokadaya.vcl``).
- The proxy (``WAGTAILFRONTENDCACHE``) is told by a task in the worker, so no editor's request waits
  on it; the page cache itself is purged in the request (a cache write).
- Figures (pledges) do not purge: they stamp the campaign's figures time, and the kept pages
  re-render lazily within the allowed staleness (``policy.py``); so a crowd of donations costs one
  render per campaign page every ``LOKADAYA_PAGE_CACHE_FIGURES_SECONDS``. A proxy keeps campaign
  pages only that long (``s-maxage``). While the task worker settles payments, these stamps are
  merged and written at most 0.2 s late (``lokadaya.coalesce``), never before their commit.
"""
import contextlib
import logging
import threading

from django.conf import settings
from django.db import transaction

from lokadaya.coalesce import coalesced

from . import dependents, store

logger = logging.getLogger("lokadaya.pagecache")
_state = threading.local()


@contextlib.contextmanager
def suspended():
    """Bulk changes (``seed_demo``, imports, test fixtures): no purge per page; everything is purged
    once at the end."""
    outer = getattr(_state, "suspended", False)
    _state.suspended = True
    try:
        yield
    finally:
        _state.suspended = outer
        if not outer:
            purge_everything()


def is_suspended():
    return getattr(_state, "suspended", False)


def purge_paths(paths):
    """Purge ``paths`` (``/id/...``) once the current transaction commits."""
    paths = sorted({p for p in paths if p})
    if not paths or is_suspended():
        return

    def purge():
        store.mark_purged(paths)
        tell_proxy(paths=paths)
    _now_and_after_commit(purge, lambda: store.mark_purged(paths))


def purge_everything():
    """Purge every kept page (a change shown everywhere: a site, locale, network or restriction)."""
    if is_suspended():
        return
    def purge():
        store.mark_all_purged()
        tell_proxy(everything=True)
    _now_and_after_commit(purge, store.mark_all_purged)


def _now_and_after_commit(purge, mark):
    """``mark()`` now and ``purge()`` when the transaction commits; outside one, ``purge()`` once.

    Outside a transaction the change is already committed, so one purge is enough, and asking the
    connection whether it autocommits would open one: code without database access (a test
    fixture that makes no rows) may purge.
    """
    if transaction.get_connection().in_atomic_block:
        mark()
        transaction.on_commit(purge)
    else:
        purge()


def purge_page(page):
    """Purge ``page`` and every page that shows it (``dependents.paths_showing``)."""
    if not is_suspended():
        purge_paths(dependents.paths_showing(page))


def figures_changed(campaign_ids):
    """Pledges moved the figures of these (source) campaigns; pages re-render lazily."""
    campaign_ids = sorted({c for c in campaign_ids if c})
    if campaign_ids:
        _stamp_figures(campaign_ids)
        transaction.on_commit(lambda: _stamp_figures(campaign_ids))


@coalesced
def _stamp_figures(campaign_ids):
    """Merged with the others while the task worker settles a batch of payments (``lokadaya.coalesce``)."""
    store.mark_figures_changed(campaign_ids)


def tell_proxy(paths=(), everything=False):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from .tasks import purge_proxy

    try:
        purge_proxy.enqueue(paths=list(paths), everything=everything)
    except Exception:  # the purge of the page cache stands; the proxy's copies expire by s-maxage
        logger.exception("Could not queue the proxy purge of %s", "everything" if everything else paths)
