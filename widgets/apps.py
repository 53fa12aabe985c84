"""The widgets app; its invariants are in ``widgets/__init__.py``."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WidgetsConfig(AppConfig):
    """Embeddable widgets and oEmbed."""

    name = "widgets"
    verbose_name = _("Embeddable widgets")

    def ready(self):
        from . import signals

        signals.connect()
