"""Who may manage matching funds: national staff only (superusers and the "Keuangan Nasional" group,
who hold ``finance.add_disbursement``; or anyone given ``donation.change_matchfund``). Everyone else
who reaches the admin, OMS editors and provincial moderators included, gets 403 (``national_only``)."""
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.views.defaults import permission_denied

PERMISSIONS = ("donation.change_matchfund", "finance.add_disbursement")


def can_manage(user):
    return bool(user and user.is_active and any(user.has_perm(permission) for permission in PERMISSIONS))


def national_only(view):
    """The view for national staff; a plain 403 for anyone else (not Wagtail's redirect: the screen is
    known to exist, the answer says it is not theirs)."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_manage(request.user):
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return wrapped
