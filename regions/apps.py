from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """Indonesia's provinces, kabupaten/kota and kecamatan, with their official codes."""

    name = "regions"
    verbose_name = _("Regions")
