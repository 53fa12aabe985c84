from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElearningConfig(AppConfig):
    """Packaged e-learning (SCORM 1.2/2004, H5P) played inside lessons, with completion recorded."""

    name = "elearning"
    verbose_name = _("Packaged e-learning")
