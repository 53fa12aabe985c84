from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Profil Mitra: the OMS (civil-society organisation) profiles and their index."""

    name = "partners"
    verbose_name = _("Partners (OMS)")
