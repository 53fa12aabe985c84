"""Cloudflare Turnstile or hCaptcha on public forms, only when a provider's keys are configured.

Without keys nothing here runs: no script tag on any page, no request to anyone. With keys, every
public form shown to an anonymous visitor carries the widget (``throttle.middleware`` adds it) and
every anonymous public POST is verified with the provider (one call, ``TIMEOUT`` seconds).

When the provider cannot be reached the form goes through and a warning is logged: the rate
limits and the honeypot still stand, and a supporter is not turned away because of an outage.
An answer of "not verified" is refused.
"""
import logging
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils.html import format_html

from .ip import client_ip

logger = logging.getLogger("lokadaya.throttle")

#: Seconds to wait for the provider's answer.
TIMEOUT = 5


@dataclass(frozen=True)
class Provider:
    name: str
    script: str
    verify_url: str
    #: The form field the provider's script fills with its token.
    field: str
    widget_class: str
    site_key: str
    secret_key: str

    def widget(self):
        return str(format_html('<div class="{}" data-sitekey="{}"></div>', self.widget_class, self.site_key))


def provider():
    """The configured provider, or None (the default: no captcha at all)."""
    turnstile = (getattr(settings, "TURNSTILE_SITE_KEY", ""), getattr(settings, "TURNSTILE_SECRET_KEY", ""))
    if all(turnstile):
        return Provider("turnstile", "https://challenges.cloudflare.com/turnstile/v0/api.js",
                        "https://challenges.cloudflare.com/turnstile/v0/siteverify",
                        "cf-turnstile-response", "cf-turnstile", *turnstile)
    hcaptcha = (getattr(settings, "HCAPTCHA_SITE_KEY", ""), getattr(settings, "HCAPTCHA_SECRET_KEY", ""))
    if all(hcaptcha):
        return Provider("hcaptcha", "https://js.hcaptcha.com/1/api.js", "https://api.hcaptcha.com/siteverify",
                        "h-captcha-response", "h-captcha", *hcaptcha)
    return None


def verify(request, data, active):
    """True if the visitor passed ``active``'s challenge (or the provider could not be asked)."""
    token = (data.get(active.field) or "").strip()
    if not token:
        return False
    try:
        response = requests.post(active.verify_url, data={
            "secret": active.secret_key, "response": token, "remoteip": client_ip(request),
        }, timeout=TIMEOUT)
        response.raise_for_status()
        return bool(response.json().get("success"))
    except (requests.RequestException, ValueError) as error:
        logger.warning("Captcha provider %s unreachable (%s); form let through", active.name, error)
        return True
