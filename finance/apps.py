from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """Money in the open: the ledger, the management fee, disbursements, transparency pages."""

    name = "finance"
    verbose_name = _("Finance")
