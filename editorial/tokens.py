"""Signed one-click unsubscribe links: the token names the address and the campaigns, and cannot be forged.

They do not expire: a link in an old email must still work.
"""
from django.core import signing

SALT = "lokadaya.editorial.unsubscribe"


def make_unsubscribe_token(email, campaign_ids):
    return signing.dumps({"e": email.strip().lower(), "c": sorted(int(pk) for pk in campaign_ids)},
                         salt=SALT, compress=True)


def read_unsubscribe_token(token):
    """``(email, [campaign ids])``; raises ``signing.BadSignature`` for a forged or damaged token."""
    data = signing.loads(token, salt=SALT)
    if not isinstance(data, dict) or not isinstance(data.get("e"), str) or not isinstance(data.get("c"), list):
        raise signing.BadSignature("Malformed unsubscribe token")
    return data["e"], [int(pk) for pk in data["c"]]
