"""The page cache middleware: answers anonymous visitors from the cache, keeps what it may.

It sits just below ``SecurityMiddleware`` and above everything else (gzip included), so a hit
costs one round trip to the cache and none of the session, CSRF, authentication or rendering
work, and a gzip-accepting visitor gets the compressed bytes kept from the first render. The
rules of what may be served and kept are in ``policy.py``; validity in ``store.py``.

Every answer it keeps or serves says so in ``X-Page-Cache`` (``hit``, ``stale``: figures older than
allowed, served while another process re-renders, or ``miss``), and carries the caching headers a
proxy or browser needs: ``Cache-Control`` (``public``, ``max-age``, ``s-maxage``), ``ETag``,
``Last-Modified`` and ``Vary: Accept-Encoding`` only. A conditional request that matches
gets a 304. Responses it may not keep get ``Cache-Control: private`` when they are HTML without
a ``Cache-Control`` of their own, so no proxy keeps them either.
"""
import hashlib
import re
import time

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from . import policy, store

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
#: Headers never kept with an entry (they belong to one response).
NOT_KEPT = {"set-cookie", "date", "age", "x-page-cache"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Before any view reads the database: what kept parts (parts.py) count as their making.
        request.render_started = time.time()
        if not policy.request_is_eligible(request):
            return self.private(self.get_response(request))
        query = policy.strip_tracking(request)
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)  # Django answers it with a 400
        gzip = bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        key = store.entry_key(host, request.path, query, gzip)
        found = store.lookup(key, request.path)
        state = store.verdict(found)
        if state == "fresh":
            return self.answer(request, found.entry, "hit")
        locked = False
        if state == "figures":
            locked = store.take_render_lock(key)
            if not locked:  # another process is re-rendering it: the figures may be a little older
                return self.answer(request, found.entry, "stale")
        started = time.time()
        try:
            response = self.get_response(request)
            if request.method == "GET" and policy.response_may_be_kept(request, response):
                return self.keep(request, response, key, started)
        finally:
            if locked:
                store.release_render_lock(key)
        return self.private(response)

    # -- keeping ---------------------------------------------------------------------------

    def keep(self, request, response, key, started):
        mark = request.page_cache_mark
        response.headers["Cache-Control"] = cache_control(mark)
        response.headers["Vary"] = "Accept-Encoding"
        response.headers["Last-Modified"] = http_date(started)
        response.headers["ETag"] = '"%s"' % hashlib.sha1(response.content).hexdigest()[:24]
        entry = store.Entry(
            rendered_at=started, campaign=mark.campaign, status=response.status_code,
            headers=[(k, v) for k, v in response.headers.items() if k.lower() not in NOT_KEPT],
            body=response.content, etag=response.headers["ETag"],
        )
        store.ensure_purge_times(request.path, started - 0.001)
        store.save(key, entry, policy.page_seconds())
        response.headers["X-Page-Cache"] = "miss"
        return get_conditional_response(request, etag=entry.etag, last_modified=int(started),
                                        response=response)

    # -- answering from the cache ----------------------------------------------------------

    def answer(self, request, entry, state):
        response = HttpResponse(entry.body, status=entry.status)
        for name, value in entry.headers:
            response.headers[name] = value
        # No Age: the site just checked the entry is current, which is all a proxy needs to know;
        # an Age past a campaign page's short s-maxage would stop Varnish from keeping it at all.
        response.headers["X-Page-Cache"] = state
        return get_conditional_response(request, etag=entry.etag, last_modified=int(entry.rendered_at),
                                        response=response)

    @staticmethod
    def private(response):
        if "Cache-Control" not in response and response.get("Content-Type", "").startswith("text/html"):
            response.headers["Cache-Control"] = "private"
        return response


def cache_control(mark):
    """A proxy keeps a page no longer than its figures may be stale (it hears of publishes through
    purges, not of pledges): a campaign page ``figures_seconds``, other pages, whose cards show
    figures, ``listing_figures_seconds``; it may hand out a copy that old again while it fetches a
    new one. Browsers ask again for a campaign page each time, others after ``browser_seconds``."""
    if mark.campaign is not None:
        seconds = policy.figures_seconds()
        return f"public, max-age=0, s-maxage={seconds}, stale-while-revalidate={seconds}"
    seconds = min(policy.listing_figures_seconds(), policy.page_seconds())
    return f"public, max-age={policy.browser_seconds()}, s-maxage={seconds}, stale-while-revalidate={seconds}"
