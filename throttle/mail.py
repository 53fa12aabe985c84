"""At most ``THROTTLE_EMAIL_CAP`` emails per recipient address per hour, for addresses visitors type in.

Invariants this module keeps:

* Every email the site sends through ``campaigns.tasks.send_email`` (every plugin's and the
  registration's emails, queued by ``campaigns.notifications.send_templated_email``) passes
  ``within_cap`` once, on its first try (a retry of the same email is not counted again).
* A recipient over the cap is dropped from that email with a log line; the visitor who caused it
  sees nothing different (their pledge or signature is saved as usual).
* Addresses of the site's own people are not capped: active user accounts (editors, moderators,
  staff) and OMS profile emails, which receive one note per pledge on a busy campaign. Someone who
  types such an address into a public form is still held by that form's per-address rate limit.
* The count lives in Django's cache (Redis in production), keyed by a hash of the address: shared by
  every worker, and no address is stored in clear.
"""
import hashlib
import logging

from django.core.cache import cache

from . import conf

logger = logging.getLogger("lokadaya.throttle")

WINDOW = 3600


def _key(address):
    return "throttle:mail:" + hashlib.sha256(address.encode()).hexdigest()


def is_site_address(address):
    """An active account's or an OMS profile's address: people of the site, not visitor-typed."""
    from django.contrib.auth import get_user_model

    from partners.models import OrganisationPage

    if get_user_model().objects.filter(email__iexact=address, is_active=True).exists():
        return True
    return OrganisationPage.objects.filter(email__iexact=address).exists()


def allow(address):
    """Count one email to ``address``; False if it is over the cap for the current hour."""
    address = (address or "").strip().lower()
    if not address or not conf.enabled() or is_site_address(address):
        return True
    key = _key(address)
    if cache.add(key, 1, WINDOW):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, WINDOW)
        return True
    return count <= conf.email_cap()


def within_cap(recipients, subject=""):
    """``recipients`` without those over the cap (each logged)."""
    kept = []
    for address in recipients:
        if allow(address):
            kept.append(address)
        else:
            logger.warning("Email %r to %s dropped: over %s emails to that address this hour",
                           subject, address, conf.email_cap())
    return kept
