from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """Lokadaya.net training portal: courses, modules, lessons, enrolment, progress, certificates."""

    name = "learning"
    verbose_name = _("Learning")
