"""Admin screens and menu items of this part (imported by privacy/wagtail_hooks.py): the privacy
settings (retention policy), in Settings."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_retention_urls():
    urls = [path("", admin_views.privacy_settings, name="settings")]
    return [path("privasi/pengaturan/", include((urls, "privacy_retention"), namespace="privacy_retention"))]


class SettingsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_change_settings(request.user)


@hooks.register("register_settings_menu_item")
def register_retention_menu():
    return SettingsMenuItem(_("Privacy & retention"), reverse("privacy_retention:settings"), icon_name="lock",
                            order=320)


@hooks.register("register_log_actions")
def register_retention_log_actions(actions):
    actions.register_action("privacy.settings", _("Privacy settings changed"), _("Privacy settings changed"))
