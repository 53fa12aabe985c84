from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonorsConfig(AppConfig):
    """Donor accounts (optional): sign in by an emailed link, see one's giving across OMS."""

    name = "donors"
    verbose_name = _("Donor accounts")
