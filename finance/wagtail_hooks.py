"""Admin menu and URLs of national finance."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_finance_urls():
    urls = [
        path("fee/", admin_views.fee, name="fee"),
        path("disbursements/", admin_views.disbursements, name="disbursements"),
        path("tanda/", admin_views.money_flags, name="flags"),
    ]
    return [path("keuangan/", include((urls, "finance_admin"), namespace="finance_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_disbursements_menu():
    return PermissionMenuItem(_("Disbursements"), reverse("finance_admin:disbursements"), icon_name="doc-full",
                              order=260, permission="finance.add_disbursement")


@hooks.register("register_settings_menu_item")
def register_fee_menu():
    return PermissionMenuItem(_("Management fee"), reverse("finance_admin:fee"), icon_name="cog",
                              order=300, permission="finance.add_feesetting")


@hooks.register("register_admin_menu_item")
def register_money_flags_menu():
    return PermissionMenuItem(_("Money flags"), reverse("finance_admin:flags"), icon_name="warning",
                              order=261, permission="finance.change_moneyflag")
