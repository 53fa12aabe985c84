from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """National programmes: issue clusters held by national strategic partners, across provinces."""

    name = "programmes"
    verbose_name = _("National programmes")
