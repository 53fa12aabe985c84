from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Profil Mitra: the OMS (civil-society organisation) profiles and their index."""

    name = "partners"
    verbose_name = _("Partners (OMS)")

    def ready(self):
        from wagtail.signals import page_published

        from .files import reindex_published_page

        # Which documents are public follows what is published (partners.files).
        page_published.connect(reindex_published_page, dispatch_uid="partners-reindex-published-page")
