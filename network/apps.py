from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """Jejaring Lokadaya: provincial networks (their OMS and moderators) and national programmes."""

    name = "network"
    verbose_name = _("Network")
