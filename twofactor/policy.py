"""Who must sign in to the admin with a second step, and how a code is checked.

The invariants this module keeps:

* **Who must.** ``settings.LOKADAYA_2FA_REQUIRED_ROLES`` names the roles that cannot use the admin
  without two-step verification: ``superuser``, ``finance`` (the "Keuangan Nasional" group) and
  ``moderator`` (the "Moderator Jejaring Provinsi" group, or any ``ProvincialNetwork.moderators``
  membership even before the group is synced). Production and development require all three; the
  test settings require none so that ``client.force_login`` keeps working in the rest of the suite
  (the two-factor tests turn it on). Everyone else (OMS editors, communications staff) may opt in.
* **Every code goes through django-otp's throttling.** A device refuses to check a code until
  ``factor * 2**(failures-1)`` seconds have passed since its last failure, so guessing the six
  digits is exponentially slow. A failure is counted in its own committed transaction, before any
  refusal is raised, so an error can never roll a failure count back.
* **Nothing secret is logged.** Attempts are logged (user, device kind, outcome, failure count,
  client address) on the ``lokadaya.twofactor`` logger; never the code, the key or a backup code.
* **A code is checked against one device, locked** (``select_for_update``), so two concurrent
  requests cannot both spend the same backup code or the same TOTP time step.
"""
import logging
import re

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from network.roles import MODERATOR_GROUP
from throttle.ip import client_ip

logger = logging.getLogger("lokadaya.twofactor")

#: The national finance group, created by ``finance/migrations/0002_initial_fee_and_finance_group``.
FINANCE_GROUP = "Keuangan Nasional"
#: The roles ``LOKADAYA_2FA_REQUIRED_ROLES`` may name.
ROLES = ("superuser", "finance", "moderator")
#: Backup codes handed out at set-up and on each regeneration.
BACKUP_CODE_COUNT = 10

_TOTP_CODE = re.compile(r"^\d{6}$")


def required_roles():
    return set(getattr(settings, "LOKADAYA_2FA_REQUIRED_ROLES", ROLES))


def is_required(user):
    """True when this user may not use the admin without two-step verification."""
    if not user.is_authenticated:
        return False
    roles = required_roles()
    if not roles:
        return False
    if "superuser" in roles and user.is_superuser:
        return True
    groups = set()
    if "finance" in roles:
        groups.add(FINANCE_GROUP)
    if "moderator" in roles:
        groups.add(MODERATOR_GROUP)
        # The network's membership is the source of truth; the group follows it by a signal.
        if user.moderated_networks.exists():
            return True
    return bool(groups) and user.groups.filter(name__in=groups).exists()


def has_device(user):
    """True when the user has set up two-step verification (a confirmed device of any kind)."""
    return next(devices_for_user(user, confirmed=True), None) is not None


def totp_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise(code):
    """What the user typed, without spaces or dashes (apps show ``123 456``), lower case."""
    return re.sub(r"[\s-]+", "", code or "").lower()


class CodeRefused(Exception):
    """The code was wrong, or the device is throttled; ``str()`` is the message for the user."""


def check_code(request, user, code, devices=None):
    """The device that accepts ``code``, or :class:`CodeRefused` with a translated message.

    Six digits are an authenticator code, anything else a backup code. ``devices`` narrows the
    candidates (set-up checks the new, unconfirmed device only); by default the user's confirmed ones.
    """
    code = normalise(code)
    is_totp = bool(_TOTP_CODE.match(code))
    kind = TOTPDevice if is_totp else StaticDevice
    if devices is None:
        candidates = list(kind.objects.filter(user=user, confirmed=True).values_list("pk", flat=True))
    else:
        candidates = [device.pk for device in devices if isinstance(device, kind)]
    if not code or not candidates:
        _log_attempt(request, user, kind, "refused", failures=None)
        raise CodeRefused(_("That code is not valid. Enter the 6-digit code from your authenticator app "
                            "or one of your backup codes."))

    locked_until = None
    failures = None
    for pk in candidates:
        # Commit on leaving the block whatever happens next: the failure count must stick.
        with transaction.atomic():
            device = kind.objects.select_for_update().get(pk=pk, user=user)
            allowed, data = device.verify_is_allowed()
            if not allowed:
                locked_until = (data or {}).get("locked_until")
                failures = (data or {}).get("failure_count")
                continue
            if device.verify_token(code):
                _log_attempt(request, user, kind, "accepted", failures=0)
                return device
            failures = device.throttling_failure_count
    if locked_until is not None:
        _log_attempt(request, user, kind, "throttled", failures=failures)
        raise CodeRefused(_("Too many wrong codes. Try again after %(time)s.") % {
            "time": formats.time_format(timezone.localtime(locked_until), "H:i:s")})
    _log_attempt(request, user, kind, "refused", failures=failures)
    raise CodeRefused(_("That code is not valid. Enter the 6-digit code from your authenticator app "
                        "or one of your backup codes."))


def _log_attempt(request, user, kind, outcome, failures):
    level = logging.INFO if outcome == "accepted" else logging.WARNING
    logger.log(level, "two-step code %s: user=%s (#%s) device=%s failures=%s ip=%s",
               outcome, user.get_username(), user.pk, kind.__name__, failures, client_ip(request))


def new_backup_codes(user):
    """Replace the user's backup codes with fresh ones and return them (shown once, never logged)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
        codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    logger.info("two-step backup codes issued: user=%s (#%s)", user.get_username(), user.pk)
    return codes


def remove_devices(user):
    """Turn two-step verification off for ``user``: every device, confirmed or not, goes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    logger.info("two-step verification removed: user=%s (#%s)", user.get_username(), user.pk)
