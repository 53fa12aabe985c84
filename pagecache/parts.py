"""Kept parts: the editorial parts of a page, rendered once per change of the page and reused.

A page the page cache cannot answer (a signed-in visitor, a visitor with a session cookie, the
first render after a publish or a pledge) is still rendered for the request: the figures, the
support verdict's buttons, the wall of supporters and everything personal are read fresh. What
only an editor's publish can change (the cover, the story, the timeline, the OMS's block, the
page's meta tags) is kept as HTML, marked in templates with ``{% keep "name" %}…{% endkeep %}``
(``templatetags/kept_parts.py``), and small facts the view would otherwise read every time with
:meth:`KeptParts.value` (the campaign page's support verdicts).

Invariants (tests/test_kept_parts.py):

1. **Never stale after a change.** A part records ``made_at``, the start of the request that
   rendered it (``PageCacheMiddleware`` stamps it before any view reads the database). It is valid
   only while the page's purge time (``pc:p:<path>``) and the site's (``pc:all``) both exist and
   are older than ``made_at``: the same purge times, set by the same signals, as the page cache's
   entries (``store.py``, ``signals.py``). A purge that commits during a render makes that
   render's parts born invalid. A part is also tied to the day it was made (``timezone.localdate``):
   a campaign's status and days left change at midnight.
2. **Never one visitor's data for another.** Parts are the same for every visitor by
   construction (templates keep only editorial content), and :meth:`KeptParts.keep` refuses HTML
   that carries a form token or a CSP nonce. Previews and revisions are never kept or served:
   :func:`for_page` answers None for them, and the template then renders every part.
3. **One round trip.** The parts a page declares (``kept_parts`` on the page class) and the two
   purge times are read with one ``get_many``; a part the page forgot to declare costs a second.

``LOKADAYA_KEPT_PARTS = False`` renders every part every time (the benchmark's "cold" server).
"""
import hashlib
import time

from django.utils import timezone, translation

from . import policy, store

#: What a kept part may never contain: a visitor's form token, a response's CSP nonce.
PERSONAL_MARKERS = ("csrfmiddlewaretoken", 'nonce="')


def enabled():
    return bool(policy.setting("LOKADAYA_KEPT_PARTS", True))


def part_key(host, path, language, name):
    raw = "\n".join((host, path, language, name))
    return "pc:k:" + hashlib.sha1(raw.encode()).hexdigest()


def render_started(request):
    """When this request started (``PageCacheMiddleware``), else now: before the view read anything."""
    started = getattr(request, "render_started", None)
    return started if started is not None else time.time()


class KeptParts:
    """The kept parts of one page for one request: read at once, kept as the template renders them."""

    def __init__(self, host, path, language, names=(), made_at=None):
        self.host, self.path, self.language = host, path, language
        self.made_at = time.time() if made_at is None else made_at
        self.day = timezone.localdate().isoformat()
        self.found = {}  # {name: value} of the valid parts read
        self.read_names = set()
        self.stamps_ready = False
        self.read(names)

    def key(self, name):
        return part_key(self.host, self.path, self.language, name)

    def read(self, names):
        """Fetch ``names`` (with the purge times, the first time) in one round trip."""
        names = [n for n in names if n not in self.read_names]
        if not names:
            return
        keys = {self.key(n): n for n in names}
        wanted = list(keys)
        if not self.stamps_ready:
            wanted += [store.path_key(self.path), store.ALL_KEY]
        values = store.cache().get_many(wanted)
        if not self.stamps_ready:
            self.path_purged_at = values.get(store.path_key(self.path))
            self.all_purged_at = values.get(store.ALL_KEY)
            self.stamps_ready = True
        self.read_names.update(names)
        for key, name in keys.items():
            kept = values.get(key)
            if kept is not None and self.is_valid(kept):
                self.found[name] = kept[2]

    def is_valid(self, kept):
        made_at, day, _value = kept
        return day == self.day and store.unpurged_since(made_at, self.path_purged_at, self.all_purged_at)

    def has(self, name):
        self.read([name])
        return name in self.found

    def get(self, name):
        self.read([name])
        return self.found.get(name)

    def keep(self, name, value):
        """Keep ``value`` (HTML, or a picklable fact) as made at this request's start; returns it."""
        if isinstance(value, str) and any(marker in value for marker in PERSONAL_MARKERS):
            return value  # invariant 2: shown to this visitor, kept for nobody
        if self.path_purged_at is None or self.all_purged_at is None:
            # Evicted before this render: "purged just before it started", written once per render.
            store.ensure_purge_times(self.path, self.made_at - 0.001)
            self.path_purged_at = self.path_purged_at or self.made_at - 0.001
            self.all_purged_at = self.all_purged_at or self.made_at - 0.001
        store.cache().set(self.key(name), (self.made_at, self.day, value), policy.page_seconds())
        self.found[name] = value
        return value

    def value(self, name, compute):
        """A kept fact, or ``compute()`` kept now."""
        if self.has(name):
            return self.found[name]
        return self.keep(name, compute())


def for_page(request, page, names=()):
    """The :class:`KeptParts` of ``page`` served on ``request``, or None where nothing may be kept:
    turned off, a preview, a page that is not live, a sub-page of a routable page (only the page's
    own address is purged), a request with a query string (a part made for it could carry its
    parameters, a visitor's click id, to everyone), or a request without a host."""
    if not enabled() or request is None or getattr(request, "is_preview", False) or getattr(request, "is_dummy", False):
        return None
    if request.method not in ("GET", "HEAD") or not getattr(page, "live", False) or page.pk is None:
        return None
    if request.META.get("QUERY_STRING"):
        return None  # a part could carry it (a language link falls back to the full path) to others
    match = getattr(request, "routable_resolver_match", None)
    if match is not None and match.url_name != "index_route":
        return None  # a sub-page (a form...) has its own address, which no publish purges
    try:
        host = request.get_host()
    except Exception:  # DisallowedHost: Django answers it; nothing to keep
        return None
    return KeptParts(host, request.path, translation.get_language() or "", names,
                     made_at=render_started(request))
