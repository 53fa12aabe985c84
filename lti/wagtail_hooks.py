"""Admin wiring of LTI: platform registrations under /admin/lti/, shown to moderators and national staff."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, scope


@hooks.register("register_admin_urls")
def register_lti_urls():
    urls = [
        path("", admin_views.platform_list, name="list"),
        path("tambah/", admin_views.platform_add, name="add"),
        path("<int:pk>/", admin_views.platform_edit, name="edit"),
        path("<int:pk>/kunci/", admin_views.platform_refresh, name="refresh"),
    ]
    return [path("lti/", include((urls, "lti_admin"), namespace="lti_admin"))]


class PlatformMenuItem(MenuItem):
    def is_shown(self, request):
        return scope.may_manage_any(request.user)


@hooks.register("register_admin_menu_item")
def register_lti_menu_item():
    return PlatformMenuItem(_("Moodle (LTI)"), reverse("lti_admin:list"), name="lti", icon_name="link", order=95)
