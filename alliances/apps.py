from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    """Advocacy alliances: OMS acting together on a policy issue, with joint petitions."""

    name = "alliances"
    verbose_name = _("Advocacy alliances")
