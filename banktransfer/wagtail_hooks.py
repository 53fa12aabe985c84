"""Admin wiring: the review views of bank transfers and their menu item."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from campaigns.admin_views import editable_campaigns

from . import admin_views


@hooks.register("register_admin_urls")
def register_bank_transfer_urls():
    urls = [
        path("", admin_views.transfer_list, name="list"),
        path("<int:pk>/", admin_views.transfer_detail, name="detail"),
        path("<int:pk>/bukti/", admin_views.transfer_proof, name="proof"),
        path("<int:pk>/konfirmasi/", admin_views.transfer_confirm, name="confirm"),
        path("<int:pk>/tolak/", admin_views.transfer_reject, name="reject"),
    ]
    return [path("transfer-bank/", include((urls, "banktransfer_admin"), namespace="banktransfer_admin"))]


class BankTransferMenuItem(MenuItem):
    """Shown to editors who may edit at least one campaign (and to superusers)."""

    def is_shown(self, request):
        return editable_campaigns(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_bank_transfer_menu_item():
    return BankTransferMenuItem(_("Bank transfers"), reverse("banktransfer_admin:list"),
                                name="bank-transfers", icon_name="clipboard-list", order=260)
