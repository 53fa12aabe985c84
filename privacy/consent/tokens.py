"""Signed consent links: the token names one address and cannot be forged.

They do not expire, like the unsubscribe links (``editorial/tokens.py``): a link in an old email must
still let its reader withdraw. Their salt is their own, so no other signed token of the site (an
unsubscribe link, a sign-in link) is accepted here, nor one of these there.
"""
from django.core import signing

SALT = "lokadaya.privacy.consent"


def make_consent_token(email):
    return signing.dumps({"e": (email or "").strip().lower()}, salt=SALT, compress=True)


def read_consent_token(token):
    """The address the token names; raises ``signing.BadSignature`` for a forged or damaged token."""
    data = signing.loads(token, salt=SALT)
    if not isinstance(data, dict) or not isinstance(data.get("e"), str) or "@" not in data["e"]:
        raise signing.BadSignature("Malformed consent token")
    return data["e"]


def consent_path(email):
    """The path of the consent page for ``email`` in the active language, or "" when the privacy
    URLs are not installed (a site without them still sends its emails)."""
    from django.urls import NoReverseMatch, reverse

    if not email or "@" not in email:
        return ""
    try:
        return reverse("privacy:consent", kwargs={"token": make_consent_token(email)})
    except NoReverseMatch:
        return ""
