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
  Whether an address is one of these is asked once it passes the cap, and remembered for the
  rest of the window (an hour): an account made or an OMS email changed meanwhile counts from the
  next window.
* The count lives in Django's cache (Redis in production), keyed by a hash of the address: shared by
  every worker, and no address is stored in clear.
"""
import hashlib
import logging

from django.core.cache import cache
from django.db.models import Value

from . import conf

logger = logging.getLogger("lokadaya.throttle")

WINDOW = 3600


def _key(address):
    return "throttle:mail:" + hashlib.sha256(address.encode()).hexdigest()


def is_site_address(address):
    """An active account's or an OMS profile's address: people of the site, not visitor-typed."""
    from django.contrib.auth import get_user_model

    from partners.models import OrganisationPage

    accounts = get_user_model().objects.filter(email__iexact=address, is_active=True).values_list(Value(1))
    profiles = OrganisationPage.objects.filter(email__iexact=address).values_list(Value(1))
    # One round trip for both.
    return bool(accounts[:1].union(profiles[:1], all=True))


def allow(address):
    """Count one email to ``address``; False if it is over the cap for the current hour.

    Whether it is a site address is asked only past the cap (most addresses never get there, so
    most emails cost two cache round trips and no query), and the answer is kept for the window:
    an OMS busy with notes of new pledges is not looked up in the database for each of them.
    """
    address = (address or "").strip().lower()
    if not address or not conf.enabled():
        return True
    key = _key(address)
    if cache.add(key, 1, WINDOW):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(key, 1, WINDOW)
        return True
    if count <= conf.email_cap():
        return True
    site = cache.get(key + ":site")
    if site is None:
        site = is_site_address(address)
        cache.set(key + ":site", site, WINDOW)
    return site


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
