from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    """Two-step verification (TOTP and backup codes) for the admin, built on django-otp."""

    name = "twofactor"
    verbose_name = _("Two-step verification")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
