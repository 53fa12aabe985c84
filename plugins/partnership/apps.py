from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipConfig(AppConfig):
    name = "plugins.partnership"
    label = "partnership"
    verbose_name = _("Partnerships")
    default_auto_field = "django.db.models.BigAutoField"
