"""Signed tokens for the links emailed to signers (django.core.signing; nothing stored)."""
import datetime

from django.core import signing

CONFIRM_SALT = "lokadaya.petition.confirm"
WITHDRAW_SALT = "lokadaya.petition.withdraw"

#: How long a confirmation link works.
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
#: How old an expired confirmation link may be and still ask for a new one.
RESEND_MAX_AGE = datetime.timedelta(days=365)


class TokenExpired(Exception):
    """The link is genuine but too old; ``signature_id`` says whose it was."""

    def __init__(self, signature_id):
        super().__init__(signature_id)
        self.signature_id = signature_id


class TokenInvalid(Exception):
    """The link was mistyped, cut short or forged."""


def _signer(salt):
    return signing.TimestampSigner(salt=salt)


def make_confirm_token(signature):
    return _signer(CONFIRM_SALT).sign(str(signature.pk))


def make_withdraw_token(signature):
    return _signer(WITHDRAW_SALT).sign(str(signature.pk))


def _pk(value):
    if not value.isdigit():
        raise TokenInvalid(value)
    return int(value)


def read_confirm_token(token, max_age=CONFIRM_MAX_AGE):
    """The signature id of a confirmation token; TokenExpired or TokenInvalid otherwise."""
    signer = _signer(CONFIRM_SALT)
    try:
        return _pk(signer.unsign(token, max_age=max_age))
    except signing.SignatureExpired:
        try:
            signature_id = _pk(signer.unsign(token, max_age=RESEND_MAX_AGE))
        except signing.BadSignature as exc:
            raise TokenInvalid(token) from exc
        raise TokenExpired(signature_id) from None
    except signing.BadSignature as exc:
        raise TokenInvalid(token) from exc


def read_withdraw_token(token):
    try:
        return _pk(_signer(WITHDRAW_SALT).unsign(token))
    except signing.BadSignature as exc:
        raise TokenInvalid(token) from exc
