"""Absolute URLs of the public site: one rule for canonical links, hreflang, the sitemap and robots.txt.

Wagtail builds a page's full URL from the hostname and port of its ``Site`` row, which the demo
and the test fixtures create as ``localhost:80``: every canonical link then pointed at
``http://localhost/``. Here the address is decided once, in this order:

1. ``settings.SITE_URL`` when set (production sets it from the environment, ``make run`` from
   ``PORT``): the public address, whatever host a request came in on;
2. else the request's own scheme and host (``ALLOWED_HOSTS`` guards what it may be);
3. else (no request: a job, an email) ``settings.WAGTAILADMIN_BASE_URL``.

Only the scheme and host come from here; the path is always the one Wagtail or Django reversed.
"""
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def site_root_url(request=None):
    """``https://lokadaya.id``: scheme and host of the public site, without a trailing slash."""
    configured = (getattr(settings, "SITE_URL", "") or "").strip()
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(url, request=None):
    """``url`` (a path, or an absolute URL built from another host) on the public site's address."""
    if not url:
        return url
    parts = urlsplit(url)
    root = urlsplit(site_root_url(request))
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    return urlunsplit((root.scheme, root.netloc, path, parts.query, parts.fragment))


def page_full_url(page, request=None):
    """The absolute URL of a Wagtail ``page`` (with its language prefix), on the public site's address."""
    parts = page.get_url_parts(request)
    if parts is None:
        return None
    _site_id, _root_url, page_path = parts
    return absolute_url(page_path, request)
