from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    """Advocacy alliances: OMS acting together on a policy issue, with joint petitions."""

    name = "alliances"
    verbose_name = _("Advocacy alliances")

    def ready(self):
        from django.db.models.signals import post_save

        from .joint import connect_signals
        from .membership import translation_saved
        from .models import AlliancePage

        connect_signals()  # a linked campaign's signature refreshes its partners' joint totals
        # A new translation of an alliance page gets its members' page permissions too.
        post_save.connect(translation_saved, sender=AlliancePage, dispatch_uid="alliances.translation_saved")
