from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CohortsConfig(AppConfig):
    """Cohorts: a provincial network (or a national programme) takes OMS through courses together."""

    name = "cohorts"
    verbose_name = _("Cohorts")
