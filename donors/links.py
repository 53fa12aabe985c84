"""Sign-in links: signed, valid for 30 minutes, good for one sign-in.

Invariants:

* A link names an address (lower-cased) and the account's ``last_login_at`` when it was made
  (empty before the first sign-in), signed with the site's secret and a salt of its own: it cannot
  be forged, nor made from another signed token of the site.
* It works for ``MAX_AGE`` seconds after it was made.
* It works once: signing in (``use``) moves ``last_login_at`` under the account's row lock, so the
  link no longer matches, and every older link of that address stops working too. The first
  sign-in creates the account; two first sign-ins at once meet the unique address and only one wins.
* Only ``use`` (a POST of the confirmation page) spends a link: opening it (a mail scanner's GET)
  does not.
"""
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import DonorAccount

SALT = "lokadaya.donors.sign_in"
MAX_AGE = 30 * 60


class LinkInvalid(Exception):
    """Forged, damaged, or already used."""


class LinkExpired(Exception):
    """Genuine, but older than ``MAX_AGE``."""


def _stamp(value):
    return value.isoformat() if value else ""


def make_token(email, account=None):
    """The token of a sign-in link for ``email``; ``account``: its DonorAccount, if it has one."""
    email = email.strip().lower()
    return signing.TimestampSigner(salt=SALT).sign_object(
        {"e": email, "l": _stamp(account.last_login_at if account else None)}, compress=True)


def read_token(token):
    """``(email, login stamp)``; raises ``LinkExpired`` or ``LinkInvalid``. Spends nothing."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    if not isinstance(data, dict) or not isinstance(data.get("e"), str) or not isinstance(data.get("l"), str):
        raise LinkInvalid
    return data["e"], data["l"]


def check(token):
    """The address of a link that would still sign in now; raises like ``read_token`` otherwise."""
    email, stamp = read_token(token)
    account = DonorAccount.objects.filter(email=email).only("last_login_at").first()
    if _stamp(account.last_login_at if account else None) != stamp:
        raise LinkInvalid
    return email


def use(token, language=""):
    """Spend the link: the account it signs in to (created on first use). Raises like ``read_token``."""
    email, stamp = read_token(token)
    now = timezone.now()
    try:
        with transaction.atomic():
            account = DonorAccount.objects.select_for_update().filter(email=email).first()
            if account is None:
                if stamp:
                    raise LinkInvalid  # made for an account that no longer exists
                account = DonorAccount.objects.create(email=email, language=language, last_login_at=now)
                return account
            if _stamp(account.last_login_at) != stamp:
                raise LinkInvalid
            account.last_login_at = now
            if language:
                account.language = language
            account.save(update_fields=["last_login_at", "language"])
            return account
    except IntegrityError as exc:  # the same first link used twice at once: the other one won
        raise LinkInvalid from exc
