"""Admin screens and menu items of this part (imported by privacy/wagtail_hooks.py): the privacy
notice, in Settings, for national admins."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from partners.verification import is_national

from . import admin_views


@hooks.register("register_admin_urls")
def register_notice_urls():
    urls = [path("", admin_views.notice, name="edit")]
    return [path("privasi/pemberitahuan/", include((urls, "privacy_notice_admin"), namespace="privacy_notice_admin"))]


class NoticeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_national(request.user)


@hooks.register("register_settings_menu_item")
def register_notice_menu():
    return NoticeMenuItem(_("Privacy notice"), reverse("privacy_notice_admin:edit"), icon_name="doc-full",
                          order=320)
