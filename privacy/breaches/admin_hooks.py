"""Admin screens and menu items of this part (imported by privacy/wagtail_hooks.py): the breach register."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_breach_urls():
    urls = [
        path("", admin_views.breach_list, name="list"),
        path("baru/", admin_views.breach_add, name="add"),
        path("<int:pk>/", admin_views.breach_detail, name="detail"),
        path("<int:pk>/ubah/", admin_views.breach_edit, name="edit"),
        path("<int:pk>/terdampak.csv", admin_views.breach_download, {"kind": "csv"}, name="affected_csv"),
        path("<int:pk>/draf-pemberitahuan.txt", admin_views.breach_download, {"kind": "draft"}, name="draft"),
    ]
    return [path("privasi/pelanggaran/", include((urls, "privacy_breaches"), namespace="privacy_breaches"))]


class BreachesMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_handle_breaches(request.user)


@hooks.register("register_admin_menu_item")
def register_breaches_menu():
    return BreachesMenuItem(_("Data breaches"), reverse("privacy_breaches:list"), icon_name="warning", order=268)


@hooks.register("register_log_actions")
def register_breach_log_actions(actions):
    actions.register_action("privacy.breach.add", _("Breach recorded"), _("Personal data breach recorded"))
    actions.register_action("privacy.breach.change", _("Breach changed"), _("Personal data breach changed"))
    actions.register_action("privacy.breach.authority", _("Authority told of a breach"),
                            _("The authority was told of a personal data breach"))
    actions.register_action("privacy.breach.subjects", _("People told of a breach"),
                            _("The people affected were told of a personal data breach"))
