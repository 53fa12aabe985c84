from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    """Cerita Perubahan: stories of change."""

    name = "stories"
    verbose_name = _("Stories of change")
