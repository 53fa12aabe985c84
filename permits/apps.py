from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    """Public fundraising permits (izin PUB, UU 9/1961 and PP 29/1980) of campaigns that raise money."""

    name = "permits"
    verbose_name = _("Fundraising permits")
