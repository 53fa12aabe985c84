from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatewaysConfig(AppConfig):
    """Indonesian payment gateways as django-payments providers: Midtrans Snap, Xendit invoices."""

    name = "gateways"
    verbose_name = _("Payment gateways")
