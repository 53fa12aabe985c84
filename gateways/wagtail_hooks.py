"""The gateways' notifications in the Wagtail admin (national finance)."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from finance.wagtail_hooks import PermissionMenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_gateway_urls():
    urls = [
        path("", admin_views.notification_list, name="notifications"),
        path("retry/", admin_views.notification_retry, name="retry"),
    ]
    return [path("keuangan/notifikasi/", include((urls, "gateways_admin"), namespace="gateways_admin"))]


@hooks.register("register_admin_menu_item")
def register_notifications_menu():
    return PermissionMenuItem(_("Gateway notifications"), reverse("gateways_admin:notifications"),
                              icon_name="warning", order=262, permission=admin_views.PERMISSION)
