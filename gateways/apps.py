from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatewaysConfig(AppConfig):
    """Indonesian payment gateways as django-payments providers: Midtrans Snap, Xendit invoices."""

    name = "gateways"
    verbose_name = _("Payment gateways")

    def ready(self):
        from django.conf import settings
        from django.db.models.signals import pre_save

        from .recurring import remember_test_method

        # The test provider's first monthly payment "saves" a test method before its donation
        # follows the confirmation (see ``recurring.remember_test_method``).
        pre_save.connect(remember_test_method, sender=settings.PAYMENT_MODEL,
                         dispatch_uid="gateways.remember_test_method")
