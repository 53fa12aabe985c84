"""System checks: the second step is enforced only if the middleware is installed in the right order."""
from django.conf import settings
from django.core import checks

from .policy import ROLES

AUTH = "django.contrib.auth.middleware.AuthenticationMiddleware"
OTP = "django_otp.middleware.OTPMiddleware"
OURS = "twofactor.middleware.TwoFactorMiddleware"


@checks.register(checks.Tags.security)
def middleware_order(app_configs, **kwargs):
    middleware = list(settings.MIDDLEWARE)
    if not all(name in middleware for name in (AUTH, OTP, OURS)) or not (
            middleware.index(AUTH) < middleware.index(OTP) < middleware.index(OURS)):
        return [checks.Error(
            f"MIDDLEWARE must list {AUTH}, then {OTP}, then {OURS}: without them the admin "
            "does not ask for two-step verification.", id="twofactor.E001")]
    return []


@checks.register(checks.Tags.security)
def known_roles(app_configs, **kwargs):
    unknown = set(getattr(settings, "LOKADAYA_2FA_REQUIRED_ROLES", ())) - set(ROLES)
    if unknown:
        return [checks.Error(
            f"LOKADAYA_2FA_REQUIRED_ROLES names unknown roles {sorted(unknown)}; known: {list(ROLES)}.",
            id="twofactor.E002")]
    return []
