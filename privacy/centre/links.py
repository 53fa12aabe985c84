"""The privacy centre's emailed links: signed, valid for 30 minutes, good once.

Invariants:

* A link names a ``DataSubjectRequest`` row (its id) and the address it was sent for, signed with
  the site's secret and a salt of its own per purpose: it cannot be forged, nor made from another
  signed token of the site (a donor's sign-in link, an unsubscribe link), nor from the other kind
  of centre link.
* It works for ``MAX_AGE`` seconds after it was made.
* It works once: spending it moves its row out of ``UNVERIFIED`` under the row's lock (the row's
  stamp), so the link no longer matches. A row whose address was blanked (erasure) matches nothing.
* Only ``use_*`` (a POST of the confirmation page) spends a link: opening it (a mail scanner's GET)
  does not (``check_*`` reads only).
"""
from django.core import signing
from django.db import transaction

from ..models import DataSubjectRequest

VERIFY_SALT = "lokadaya.privacy.centre.verify"
EMAIL_SALT = "lokadaya.privacy.centre.new_email"
MAX_AGE = 30 * 60


class LinkInvalid(Exception):
    """Forged, damaged, or already used."""


class LinkExpired(Exception):
    """Genuine, but older than ``MAX_AGE``."""


def _sign(salt, data):
    return signing.TimestampSigner(salt=salt).sign_object(data, compress=True)


def _read(salt, token, keys):
    try:
        data = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=MAX_AGE)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    if not isinstance(data, dict) or not isinstance(data.get("r"), int):
        raise LinkInvalid
    if any(not isinstance(data.get(key), str) or not data.get(key) for key in keys):
        raise LinkInvalid
    return data


def _pending(queryset, data, kind=None):
    """The row the link names, if it still waits for this link (its stamp)."""
    rows = queryset.filter(pk=data["r"], status=DataSubjectRequest.Status.UNVERIFIED,
                           channel=DataSubjectRequest.Channel.SELF_SERVICE)
    if kind:
        rows = rows.filter(kind=kind)
    row = rows.first()
    if row is None or not row.email or row.email != data["e"]:
        raise LinkInvalid
    return row


# -- proving an address: the centre's entry ------------------------------------------------------


def make_verify_token(row):
    """The token of the link proving ``row.email`` (a request waiting for its address)."""
    return _sign(VERIFY_SALT, {"r": row.pk, "e": row.email})


def check_verify(token):
    """The request a verification link would open now; raises ``LinkExpired``/``LinkInvalid``. Spends nothing."""
    return _pending(DataSubjectRequest.objects.all(), _read(VERIFY_SALT, token, ("e",)))


def use_verify(token, on_verified):
    """Spend the link: under the row's lock, ``on_verified(row)`` marks it verified (and must move its
    status, which makes the link spent). Returns the row. Raises like ``check_verify``."""
    data = _read(VERIFY_SALT, token, ("e",))
    with transaction.atomic():
        row = _pending(DataSubjectRequest.objects.select_for_update(), data)
        on_verified(row)
        if row.status == DataSubjectRequest.Status.UNVERIFIED:  # a caller that forgot: never twice
            raise LinkInvalid
        return row


# -- confirming a new address (a correction of the email) ----------------------------------------


def make_email_token(row, new_email):
    """The token of the link sent to ``new_email``: confirms the correction ``row`` (waiting)."""
    return _sign(EMAIL_SALT, {"r": row.pk, "e": row.email, "n": new_email})


def check_email(token):
    """``(row, new email)`` of a confirmation link that would still work; spends nothing."""
    data = _read(EMAIL_SALT, token, ("e", "n"))
    return _pending(DataSubjectRequest.objects.all(), data, DataSubjectRequest.Kind.CORRECTION), data["n"]


def use_email(token, on_confirmed):
    """Spend the link: ``on_confirmed(row, new_email)`` under the row's lock, in one transaction
    (it applies the correction and closes the row). Returns ``(row, result)``."""
    data = _read(EMAIL_SALT, token, ("e", "n"))
    with transaction.atomic():
        row = _pending(DataSubjectRequest.objects.select_for_update(), data, DataSubjectRequest.Kind.CORRECTION)
        result = on_confirmed(row, data["n"])
        if row.status == DataSubjectRequest.Status.UNVERIFIED:
            raise LinkInvalid
        return row, result
