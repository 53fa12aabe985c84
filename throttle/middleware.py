"""One gate for every POST: rate limits, the honeypot and the captcha, in this order.

Invariants this module keeps:

* Every POST passes here before its view runs. Its policy comes from the table in
  ``throttle.policies``, found by the view that will answer: a form not named there still gets the
  default per-IP limit (anonymous visitors), so a new public form is never unlimited.
* Counts live in Django's cache through django-ratelimit's ``get_usage`` (an atomic add/incr per
  window), so with ``CACHE_URL`` pointing at Redis every worker process and machine counts together.
  Each attempt counts, whatever the view answers after it.
* A POST over a limit never reaches its view: nothing is stored and no email is sent. The answer is
  429 with ``Retry-After`` (the friendly page, or JSON for JSON clients).
* A filled honeypot is refused quietly (a redirect back to the page) before anything else, for
  everyone, on public paths. The captcha, when configured, is checked after the limits (so a flood
  does not turn into a flood of calls to the provider), for anonymous visitors on public paths.
* Payment notifications (``EXEMPT``) are never limited: gateways authenticate by signature and
  retry on errors.
* The honeypot field and the captcha widget are added to every public HTML form that carries a CSRF
  token, on the way out; the admin's pages are left untouched.
"""
import logging
import re

from django.utils.html import format_html
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

from . import captcha, conf, honeypot
from .ip import ip_bucket
from .policies import ADMIN_PREFIXES, EXEMPT, policy_for
from .responses import captcha_failed, quiet_refusal, too_many_requests

logger = logging.getLogger("lokadaya.throttle")

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
CSRF_INPUT = re.compile(rb'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')


def form_data(request):
    """The POSTed form fields; nothing for other bodies (JSON), which stay unread for the view."""
    if request.content_type in FORM_TYPES:
        return request.POST
    return {}


def target_address(policy, data):
    """The email address (or username) this POST is about, normalised; '' when there is none."""
    for name in policy.email_fields:
        value = (data.get(name) or "").strip().lower()
        if value:
            return value
    return ""


def over_limit(request, policy, data):
    """Count this attempt against the policy's limits; seconds to wait if any is exceeded, else 0."""
    rates = policy.rates()
    counted = []
    if rates.get("ip"):
        counted.append(("ip", rates["ip"], ip_bucket(request)))
    address = target_address(policy, data)
    if rates.get("email") and address:
        counted.append(("email", rates["email"], address))
    wait = 0
    for kind, rate, value in counted:
        usage = get_usage(request, group=f"throttle:{policy.group}:{kind}", key=lambda _g, _r, v=value: v,
                          rate=rate, method=ALL, increment=True)
        if usage and usage["should_limit"]:
            wait = max(wait, usage["time_left"], 1)
            logger.info("Rate limit %s/%s exceeded (%s) on %s", policy.group, kind, rate, request.path_info)
    return wait


def is_public(request):
    return not request.path_info.startswith(ADMIN_PREFIXES)


class ThrottleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_public(request):
            response = self.add_form_fields(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        policy = policy_for(request)
        if policy is EXEMPT:
            return None
        data = form_data(request)
        public = is_public(request)
        if public and data.get(honeypot.FIELD):
            logger.info("Honeypot filled on %s; refused quietly", request.path_info)
            return quiet_refusal(request)
        anonymous = not request.user.is_authenticated
        if conf.enabled() and (policy.everyone or anonymous):
            wait = over_limit(request, policy, data)
            if wait:
                return too_many_requests(request, wait)
        active = captcha.provider()
        if active and public and anonymous and not captcha.verify(request, data, active):
            return captcha_failed(request)
        return None

    def add_form_fields(self, request, response):
        """Put the honeypot (and the captcha widget) into each POST form of a public HTML page."""
        if (response.streaming or not response.get("Content-Type", "").startswith("text/html")
                or b'name="csrfmiddlewaretoken"' not in response.content):
            return response
        extra = str(honeypot.markup())
        active = captcha.provider()
        if active and not request.user.is_authenticated:
            extra += active.widget()
        extra = extra.encode()
        content = CSRF_INPUT.sub(lambda match: match.group(0) + extra, response.content)
        if active and not request.user.is_authenticated and content != response.content:
            nonce = getattr(request, "csp_nonce", "") or ""
            script = format_html('<script src="{}" async defer{}></script>', active.script,
                                 format_html(' nonce="{}"', nonce) if nonce else "").encode()
            content = content.replace(b"</body>", script + b"</body>", 1)
        response.content = content
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(content))
        return response
