"""Who may see what of a certificate: the one rule the views apply.

Invariants:
- **The verification page** (``/<lang>/sertifikat/<code>/``) is public: whoever has the code sees
  the name, the title, the date, the issuer and whether it is valid, never the email or the account.
- **The PDF** is downloaded only by the holder's account (``certificate.user``) or by whoever has
  the signed link sent to the registrant's email (an attendee without an account). Anyone else gets
  the same 404 as for a code that does not exist. A revoked certificate is not downloaded by anyone.
- **Revoking** is for national staff only (``dashboards.scope.is_national_staff``).
- Signed links are Django signatures of the code with ``SALT``: they do not expire (a certificate is
  kept for years) and say nothing but the code; a new ``SECRET_KEY`` invalidates them.
"""
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from lokadaya.site_url import absolute_url

SALT = "certificates.download"


def download_token(certificate):
    return signing.Signer(salt=SALT).signature(certificate.code)


def may_download(user, certificate, token=""):
    """Whether this request may have the PDF: the holder, or the signed link's bearer; never when revoked."""
    if certificate.is_revoked:
        return False
    if certificate.user_id and user is not None and user.is_authenticated and user.is_active \
            and user.pk == certificate.user_id:
        return True
    return bool(token) and constant_time_compare(str(token), download_token(certificate))


def may_revoke(user):
    from dashboards.scope import is_national_staff

    return is_national_staff(user)


def verification_url(certificate, request=None):
    """The absolute URL of the public verification page (the QR code's content)."""
    return absolute_url(reverse("certificates:verify", kwargs={"code": certificate.code}), request)


def download_url(certificate, request=None, signed=False):
    """The absolute URL of the PDF; ``signed``: with the token, for an email to an attendee without an account."""
    path = reverse("certificates:pdf", kwargs={"code": certificate.code})
    if signed:
        path += "?t=" + download_token(certificate)
    return absolute_url(path, request)


def personal_url(certificate, request=None):
    """The link for the recipient's email: the verification page with the signed token, which adds the
    download button for them (with or without an account)."""
    return verification_url(certificate, request) + "?t=" + download_token(certificate)
