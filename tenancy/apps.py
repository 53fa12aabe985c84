from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    """No admin screen names another tenant's (OMS's) objects or people."""

    name = "tenancy"
    verbose_name = _("Tenant isolation")

    def ready(self):
        from . import reports

        reports.narrow_workflow_report_filters()
