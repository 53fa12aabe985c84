"""The settings of the abuse limits, with their defaults (each may be set in ``lokadaya/settings``).

``THROTTLE_ENABLED``
    Rate limits and the email cap on (default True). The test settings turn them off so that the
    rest of the suite may post freely; the tests of this app turn them on.
``THROTTLE_RATES``
    ``{policy group: {"ip": rate, "email": rate}}`` overriding ``throttle.policies.RATES``.
``THROTTLE_EMAIL_CAP``
    Emails per recipient address per hour (default 5), for addresses a visitor typed in.
``THROTTLE_PROXY_COUNT``
    How many reverse proxies stand in front of the site (default 0): the client is the address the
    outermost of them saw, ``X-Forwarded-For[-N]``. Never trust the header without a proxy.
``TURNSTILE_SITE_KEY`` / ``TURNSTILE_SECRET_KEY``, ``HCAPTCHA_SITE_KEY`` / ``HCAPTCHA_SECRET_KEY``
    A captcha on public forms, only when both keys of one provider are set (Turnstile first).
"""
from django.conf import settings


def enabled():
    return getattr(settings, "THROTTLE_ENABLED", True)


def rate_overrides():
    return getattr(settings, "THROTTLE_RATES", {}) or {}


def email_cap():
    return int(getattr(settings, "THROTTLE_EMAIL_CAP", 5))


def proxy_count():
    return int(getattr(settings, "THROTTLE_PROXY_COUNT", 0) or 0)
