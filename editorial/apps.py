from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """The editorial workflow (story review, campaign launch approval), story updates, feeds and sharing."""

    name = "editorial"
    verbose_name = _("Editorial")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import gate, signals

        signals.connect()
        gate.connect()
