"""The page cache: whole public pages kept for anonymous visitors, purged exactly when they change;
and kept parts: the editorial parts of pages rendered for everyone else, purged the same way.

Where to start reading:

- ``policy.py``: which requests may be answered from the cache and which responses may be kept
  (the invariants live there);
- ``middleware.py``: the hit path (before sessions, CSRF, authentication), storing, HTTP caching
  headers (Cache-Control, ETag, Last-Modified, 304);
- ``store.py``: entries and their validity (a purge time per path, one for the whole site, and the
  time campaign figures last moved);
- ``purge.py`` + ``dependents.py`` + ``signals.py``: what a publish, move, delete or pledge
  purges, and the caching proxy (``WAGTAILFRONTENDCACHE``) told the same through the task worker.
- ``parts.py`` + ``templatetags/kept_parts.py``: for the requests the page cache does not answer,
  the editorial parts of a page (``{% keep %}``) kept between the same purges; figures are read
  on every render.

Views opt in: Wagtail pages are marked by a ``before_serve_page`` hook (``wagtail_hooks.py``),
other public views with :func:`cache_public_page`.
"""
from .policy import cache_public_page, mark_cacheable  # noqa: F401

__all__ = ["cache_public_page", "mark_cacheable"]
