from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InKindConfig(AppConfig):
    name = "plugins.inkind"
    label = "inkind"
    verbose_name = _("In-kind goods")
