"""Admin screens and menu items of this part (imported by privacy/wagtail_hooks.py): the access
log at ``/admin/privasi/akses/``, in the main menu of those who may read it (``access.may_read_log``)."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import access, views


@hooks.register("register_admin_urls")
def register_access_log_urls():
    urls = [path("", views.access_log, name="list")]
    return [path("privasi/akses/", include((urls, "privacy_accesslog"), namespace="privacy_accesslog"))]


class AccessLogMenuItem(MenuItem):
    def is_shown(self, request):
        return access.may_read_log(request.user)


@hooks.register("register_admin_menu_item")
def register_access_log_menu():
    return AccessLogMenuItem(_("Personal data access log"), reverse("privacy_accesslog:list"), icon_name="history",
                             name="privacy-access-log", order=290)
