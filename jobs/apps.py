from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Background work: the task worker (``manage.py worker``) and the jobs it runs on a schedule."""

    name = "jobs"
    verbose_name = _("Background jobs")
