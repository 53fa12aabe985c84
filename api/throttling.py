"""Rate limits of the API, per client address.

Invariants:

- **One address, one budget.** The key is ``throttle.ip.ip_bucket``: ``client_ip`` behind the
  configured number of proxies (never a client-written ``X-Forwarded-For`` entry), and an IPv6
  client's /64, exactly as the site's other rate limits count.
- **Never the user.** The API has no authentication (``UNAUTHENTICATED_USER = None``), so the
  key never reads ``request.user`` or a cookie: signed in or not, an address has the same budget.
- The rate is ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"]`` (``API_RATE``, 120/min by
  default). Over it: 429 with ``Retry-After`` and a JSON error (``api.views.exception_handler``).
"""
from rest_framework.throttling import SimpleRateThrottle

from throttle.ip import ip_bucket


class ReadThrottle(SimpleRateThrottle):
    scope = "api"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": ip_bucket(request)}

    def get_rate(self):
        # Read at each request rather than once at import, so a changed setting takes effect.
        from rest_framework.settings import api_settings

        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
