from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """Dasbor: figures and to-do lists for OMS, provincial networks and national staff."""

    name = "dashboards"
    verbose_name = _("Dashboards")
