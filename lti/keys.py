"""The tool's RSA key pair: made once, the private half kept encrypted, the public half served as JWKS.

Invariants:
- There is at most one *current* key (a partial unique constraint); ``current_key()`` makes it on
  first use, and a process that loses the race takes the winner's.
- The private key is stored encrypted with a key derived from ``SECRET_KEY`` (Fernet); it is
  decrypted only in memory to sign (the token request's client assertion, deep-linking responses)
  and is never rendered, logged or served. Changing ``SECRET_KEY`` makes it unreadable: rotate with
  ``manage.py lti_tool_key --rotate`` (the platforms fetch the new public key from ``/lti/jwks/``).
- ``/lti/jwks/`` serves the public halves of the current key and of older keys kept for a while,
  so a platform that cached the old key set still verifies.
"""
import base64
import hashlib
import json
import uuid

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.db import IntegrityError, transaction
from jwcrypto.jwk import JWK


def _fernet():
    digest = hashlib.sha256(("lokadaya-lti-tool-key:" + settings.SECRET_KEY).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _new_key(model):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    public_pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                                    serialization.PublicFormat.SubjectPublicKeyInfo)
    return model.objects.create(kid=uuid.uuid4().hex, private_key_encrypted=_fernet().encrypt(private_pem).decode(),
                                public_key_pem=public_pem.decode(), current=True)


def current_key():
    """The tool's key in use, made on first use."""
    from .models import ToolKey

    key = ToolKey.objects.filter(current=True).first()
    if key:
        return key
    try:
        with transaction.atomic():
            return _new_key(ToolKey)
    except IntegrityError:  # another process made it meanwhile (one current key: a unique constraint)
        return ToolKey.objects.get(current=True)


def rotate():
    """Make a new current key; the old ones stay published (not used to sign)."""
    from .models import ToolKey

    with transaction.atomic():
        ToolKey.objects.select_for_update().filter(current=True).update(current=False)
        return _new_key(ToolKey)


def private_pem(key):
    """The private key, decrypted, for signing in memory only."""
    return _fernet().decrypt(key.private_key_encrypted.encode()).decode()


def public_jwk(key):
    jwk = json.loads(JWK.from_pem(key.public_key_pem.encode()).export_public())
    jwk.update({"kid": key.kid, "alg": "RS256", "use": "sig"})
    return jwk


def public_jwks():
    """The tool's public key set (current key first, then the last two older ones)."""
    from .models import ToolKey

    current_key()
    keys = ToolKey.objects.order_by("-current", "-created_at")[:3]
    return {"keys": [public_jwk(key) for key in keys]}
