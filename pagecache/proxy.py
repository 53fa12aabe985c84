"""Telling a caching proxy (Varnish, or any that accepts ``PURGE``) what to drop.

``PurgeBackend`` is Wagtail's ``frontend_cache`` HTTP backend with what it lacks here: a timeout
on every request (``TIMEOUT``, 5 s by default: the worker never hangs on a dead proxy), and a way
to drop everything (``PURGE /`` with ``X-Purge-Everything: 1``, which the example VCL bans).
Configure it in ``WAGTAILFRONTENDCACHE`` (docs/deployment.md)::

    WAGTAILFRONTENDCACHE = {"varnish": {"BACKEND": "pagecache.proxy.PurgeBackend",
                                        "LOCATION": "http://127.0.0.1:6081"}}
"""
import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.conf import settings
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

logger = logging.getLogger("lokadaya.pagecache")


class PurgeRequest(Request):
    def get_method(self):
        return "PURGE"


class PurgeBackend(BaseBackend):
    def __init__(self, params):
        params = dict(params)
        location = urlsplit(params.pop("LOCATION"))
        self.timeout = float(params.pop("TIMEOUT", 5))
        super().__init__(params)
        self.scheme, self.netloc = location.scheme, location.netloc

    def _send(self, url, headers=None):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(urlunsplit([self.scheme, self.netloc, parts.path or "/", parts.query, ""]),
                               headers={"Host": host, "User-Agent": "Lokadaya-pagecache", **(headers or {})})
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 - scheme from our settings
                return True
        except HTTPError as exc:
            logger.error("Proxy refused the purge of %s: %s %s", url, exc.code, exc.reason)
        except (URLError, OSError) as exc:
            logger.error("Proxy unreachable for the purge of %s: %s", url, exc)
        return False

    def purge(self, url):
        return self._send(url)

    def purge_everything(self, site_url):
        return self._send(site_url.rstrip("/") + "/", {"X-Purge-Everything": "1"})


def backends():
    from wagtail.contrib.frontend_cache.utils import get_backends

    return get_backends(getattr(settings, "WAGTAILFRONTENDCACHE", None) or {}).values()
