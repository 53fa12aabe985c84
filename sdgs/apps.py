from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SdgsConfig(AppConfig):
    """The 17 Sustainable Development Goals (Tujuan Pembangunan Berkelanjutan)."""

    name = "sdgs"
    verbose_name = _("Sustainable Development Goals")
