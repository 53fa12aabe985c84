"""Admin menu, URLs and log actions of reports and campaign moderation."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .moderation import may_see_reports


@hooks.register("register_admin_urls")
def register_reports_urls():
    urls = [
        path("", admin_views.report_list, name="list"),
        path("kampanye/<int:pk>/", admin_views.campaign, name="campaign"),
    ]
    return [path("laporan/", include((urls, "reports_admin"), namespace="reports_admin"))]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu():
    return ReportsMenuItem(_("Reports"), reverse("reports_admin:list"), icon_name="warning", order=262)


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action("reports.freeze", _("Freeze"), _("Frozen for review by the moderators"))
    actions.register_action("reports.clear", _("Clear"), _("Cleared by the moderators"))
    actions.register_action("reports.close", _("Close"), _("Closed by the moderators"))
