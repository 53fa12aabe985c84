from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LtiConfig(AppConfig):
    """LTI 1.3: Lokadaya's courses offered to a provincial network's Moodle, with completion passed back."""

    name = "lti"
    verbose_name = _("LTI (Moodle)")

    def ready(self):
        from . import signals

        signals.connect()
