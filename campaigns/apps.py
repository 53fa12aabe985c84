from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Galang Daya: campaign pages and the support-type plugin contract."""

    name = "campaigns"
    verbose_name = _("Campaigns (Galang Daya)")

    def ready(self):
        from django.core import checks

        # Plugins are loaded only now, when every app's models can be imported.
        from .checks import check_plugin_translations
        from .plugins import load_plugins

        load_plugins()
        checks.register(check_plugin_translations, checks.Tags.translation)
