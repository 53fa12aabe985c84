from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LokadayaConfig(AppConfig):
    """The project package as an app: shared template tags, money helpers, demo command."""

    name = "lokadaya"
    verbose_name = _("Lokadaya")

    def ready(self):
        from django.core import checks

        from . import lookups, translation_catalogs
        from .uploads import check_document_extensions

        checks.register(check_document_extensions)
        # Sites, locales, navigation and view restrictions from per-process copies (issue 13).
        lookups.install()
        # One translation catalogue per plural rule, not one per app (translation_catalogs.py).
        translation_catalogs.install()
