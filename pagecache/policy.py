"""Which requests the page cache may answer, and which responses it may keep.

Invariants (tests/test_page_cache.py):

1. Only ``GET``/``HEAD`` requests that carry neither the session cookie nor the messages cookie
   (so nobody signed in, and nobody with a message waiting) are answered from the cache.
2. A response is kept only when its view opted in (:func:`mark_cacheable`: Wagtail pages through the
   ``before_serve_page`` hook, other public views with :func:`cache_public_page`), it is a 200, it
   sets no cookie, it used no CSRF token (a form), it carries no message, no per-response CSP
   nonce, no ``Cache-Control`` of its own saying private/no-store/no-cache, and nobody was signed
   in. Everything else is never stored, whatever the view says.
3. Tracking parameters (``utm_*``, ``fbclid``, ...) are removed from an eligible request before any
   view sees it: a link shared on WhatsApp or Facebook is one cache entry, not one per click, and
   no visitor's click id is written into a page another visitor gets.

How stale may a kept page be? Pages are purged exactly on publish, unpublish, move and delete
(``purge.py``). Money and support figures move with every pledge; they are not purged one by one
but re-rendered lazily: a campaign page at most ``LOKADAYA_PAGE_CACHE_FIGURES_SECONDS`` (10) after
a pledge, listing pages' cards at most ``LOKADAYA_PAGE_CACHE_LISTING_FIGURES_SECONDS`` (60).
"""
import functools
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.conf import settings

#: Paths that are never cached, whatever a view says.
NEVER = ("/admin/", "/django-admin/", "/static/", "/media/", "/documents/", "/payments/")

#: Query parameters added by sharing and advertising links; no view reads them.
TRACKING_PARAMETER = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|igshid|mc_cid|mc_eid|_ga|ref_src)$")

#: ``Cache-Control`` directives of a view that forbid keeping its response.
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")


def setting(name, default):
    return getattr(settings, name, default)


def enabled():
    return bool(setting("LOKADAYA_PAGE_CACHE", True))


def page_seconds():
    """How long a page is kept (and what a proxy may keep it: ``s-maxage``) between purges."""
    return int(setting("LOKADAYA_PAGE_CACHE_SECONDS", 600))


def browser_seconds():
    """How long a visitor's browser may reuse a page without asking (``max-age``)."""
    return int(setting("LOKADAYA_PAGE_CACHE_BROWSER_SECONDS", 60))


def figures_seconds():
    """How stale a campaign page's figures may be after a pledge (a crowd costs one render per this)."""
    return int(setting("LOKADAYA_PAGE_CACHE_FIGURES_SECONDS", 10))


def listing_figures_seconds():
    """How stale the figures on other pages' campaign cards may be after a pledge."""
    return int(setting("LOKADAYA_PAGE_CACHE_LISTING_FIGURES_SECONDS", 60))


@dataclass(frozen=True)
class Mark:
    """A view's consent to be cached. ``campaign``: the source campaign whose figures the page
    shows (its pledges re-render it within ``figures_seconds``); otherwise the page's figures, if
    any, follow every pledge within ``listing_figures_seconds``."""

    campaign: int = None
    any_language: bool = False  # the same whatever language the browser asks for (the sitemap)


def mark_cacheable(request, campaign=None, any_language=False):
    """Let this request's response be kept for anonymous visitors (the rules above still apply)."""
    request.page_cache_mark = Mark(campaign=campaign, any_language=any_language)


def cache_public_page(view=None, *, any_language=False):
    """Decorator for a public view whose answer is the same for every anonymous visitor.

    ``any_language=True``: also the same whatever ``Accept-Language`` says (outside /id/ and /en/).
    """
    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            mark_cacheable(request, any_language=any_language)
            return view(request, *args, **kwargs)
        return wrapped
    return decorate(view) if view is not None else decorate


def request_is_eligible(request):
    """Whether the cache may answer (or keep the answer to) this request at all."""
    if request.method not in ("GET", "HEAD") or not enabled():
        return False
    if request.path_info.startswith(NEVER):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or setting("MESSAGE_COOKIE_NAME", "messages") in cookies:
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def strip_tracking(request):
    """Remove tracking parameters from the request's query string (invariant 3)."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not TRACKING_PARAMETER.match(k)]
    if len(kept) != len(pairs):
        request.META["QUERY_STRING"] = urlencode(kept)
        # QueryDict is built lazily from META; drop one already built.
        request.__dict__.pop("GET", None)
    return urlencode(sorted(kept))


def response_may_be_kept(request, response):
    """Invariant 2. ``request`` was eligible (invariant 1)."""
    if getattr(request, "page_cache_mark", None) is None:
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(directive in control for directive in PRIVATE_DIRECTIVES):
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - {"accept-encoding", "cookie", "accept-language"}:
        return False
    if "accept-language" in vary and not request.page_cache_mark.any_language:
        return False  # the language came from the browser, not from the URL
    user = getattr(request, "_cached_user", None)
    if user is not None and user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (getattr(messages, "_queued_messages", None) or getattr(messages, "_loaded_data", None)):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and (session.modified or not session.is_empty()))
