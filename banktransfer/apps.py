from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BankTransferConfig(AppConfig):
    """Manual bank transfer: a django-payments provider with a unique amount and a proof upload."""

    name = "banktransfer"
    verbose_name = _("Bank transfers")
