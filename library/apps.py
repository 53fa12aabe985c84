from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The knowledge library: guides, templates, toolkits and recordings for OMS."""

    name = "library"
    verbose_name = _("Knowledge library")
