from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """The knowledge library: guides, templates, toolkits and recordings for OMS."""

    name = "library"
    verbose_name = _("Knowledge library")

    def ready(self):
        from django.db.models.signals import post_save

        from .access import library_index_created
        from .models import LibraryIndexPage

        post_save.connect(library_index_created, sender=LibraryIndexPage, dispatch_uid="library.index_created")
