from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookDriveConfig(AppConfig):
    name = "lokadaya_bookdrive"
    label = "bookdrive"
    verbose_name = _("Children's book drive")
    default_auto_field = "django.db.models.BigAutoField"
