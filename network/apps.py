from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    """Jejaring Lokadaya: provincial networks (their OMS and moderators) and their consolidated pages."""

    name = "network"
    verbose_name = _("Network")

    def ready(self):
        from . import figures_cache, roles  # noqa: F401 - roles connects the moderators' admin access signal

        figures_cache.connect()
