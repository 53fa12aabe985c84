"""Forum profiles: the ``@handle`` members are mentioned by.

Invariant: a handle is unique (the model's unique field); ``profile_for`` makes one on demand from the
member's name (else username, else "anggota"), adding a number when taken, safe under concurrency
(a lost race retries with the next number, or reads the profile the other request made).
"""
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .models import ForumProfile

MAX = ForumProfile._meta.get_field("handle").max_length


def _base(user):
    name = (user.get_full_name() or "").strip() or user.get_username() or ""
    # Handles are what people type after "@": lower-case letters, digits, "-" (no "_" or dots).
    base = slugify(name.split("@")[0]).replace("_", "-").strip("-")[: MAX - 4].strip("-")
    return base or "anggota"


def profile_for(user):
    """The forum profile of ``user`` (created with a unique handle when missing)."""
    profile = ForumProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    base = _base(user)
    taken = set(ForumProfile.objects.filter(handle__startswith=base).values_list("handle", flat=True))
    n = 1
    for _attempt in range(20):
        handle = base if n == 1 else f"{base}-{n}"
        n += 1
        if handle in taken:
            continue
        try:
            with transaction.atomic():
                return ForumProfile.objects.create(user=user, handle=handle)
        except IntegrityError:
            existing = ForumProfile.objects.filter(user=user).first()
            if existing is not None:
                return existing
    import secrets

    return ForumProfile.objects.create(user=user, handle=f"{base[:MAX - 9]}-{secrets.token_hex(4)}")


def handles_for(users):
    """``{user id: handle}`` for ``users``, creating missing profiles."""
    users = list(users)
    found = dict(ForumProfile.objects.filter(user__in=users).values_list("user_id", "handle"))
    for user in users:
        if user.pk not in found:
            found[user.pk] = profile_for(user).handle
    return found
