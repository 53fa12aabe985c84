"""Admin wiring of the forums: /admin/forum/ (spaces a user moderates, settings, bans, the log) and
the "Forum" menu item, shown to anyone who moderates at least one space (national staff: all)."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import access
from . import admin_views as views


@hooks.register("register_admin_urls")
def register_forum_urls():
    urls = [
        path("", views.space_list, name="list"),
        path("<int:pk>/", views.space_settings, name="space"),
        path("<int:pk>/blokir/", views.bans, name="bans"),
        path("<int:pk>/log/", views.log, name="log"),
    ]
    return [path("forum/", include((urls, "forums_admin"), namespace="forums_admin"))]


class ForumMenuItem(MenuItem):
    def is_shown(self, request):
        return access.moderated_spaces(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_forum_menu_item():
    return ForumMenuItem(_("Forum"), reverse("forums_admin:list"), name="forum", icon_name="comment", order=96)
