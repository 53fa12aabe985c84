"""The page django-axes shows a locked-out login (``AXES_LOCKOUT_CALLABLE``)."""
from axes.helpers import get_cool_off
from django.utils.translation import gettext as _

from .responses import too_many_requests


def lockout(request, original_response=None, credentials=None, *args, **kwargs):
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 15 * 60
    return too_many_requests(request, seconds, message=_(
        "Too many failed sign-in attempts for this account from your connection, so signing in is "
        "paused for a while. If you forgot your password, ask an administrator to reset it."))
