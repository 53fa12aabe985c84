from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationConfig(AppConfig):
    name = "plugins.donation"
    label = "donation"
    verbose_name = _("Donations")

    def ready(self):
        from . import signals  # noqa: F401  (connects to django-payments' status_changed)
        from .matching import scopes

        scopes.connect()  # the campaign page's offers follow every change of a fund or a programme
