from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    """Lokadaya.net's forums: spaces per province, programme, cohort and one national."""

    name = "forums"
    verbose_name = _("Forums")

    def ready(self):
        from . import signals  # noqa: F401  (spaces follow networks, programmes and cohorts)
