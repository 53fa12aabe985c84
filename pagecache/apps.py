from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    """Whole-page cache for anonymous visitors and its exact purging."""

    name = "pagecache"
    verbose_name = _("Page cache")

    def ready(self):
        from . import checks, signals  # noqa: F401 (checks registers itself)

        signals.connect()
