from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Webinars and trainings: registration, reminders, attendance, recordings, certificates of attendance."""

    name = "events"
    verbose_name = _("Webinars and trainings")

    def ready(self):
        from . import roles

        roles.connect()
