from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Certificates of completion (courses) and attendance (events): PDF, QR code, public verification."""

    name = "certificates"
    verbose_name = _("Certificates")
