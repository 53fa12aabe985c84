"""Admin wiring of the alliances: /admin/aliansi/ (membership) and its joint actions .

Every view is in ``admin_views`` (or ``joint_views``) and passes through ``alliances.access``
before it reads anything. The menu item "Aliansi" shows to editors of a verified OMS and national
admins; the page editor of an alliance gets a "Members" button for those who manage it.
"""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import access
from . import admin_views as views
from .models import AlliancePage


def joint_urlpatterns():
    from . import joint_views

    return getattr(joint_views, "urlpatterns", [])


@hooks.register("register_admin_urls")
def register_alliance_urls():
    urls = [
        path("", views.alliance_list, name="list"),
        path("bentuk/", views.alliance_create, name="add"),
        path("undangan/", views.invitation_list, name="invitations"),
        path("undangan/<int:pk>/terima/", views.invitation_accept, name="accept"),
        path("undangan/<int:pk>/tolak/", views.invitation_decline, name="decline"),
        path("<int:pk>/", views.alliance_members, name="members"),
        path("<int:pk>/undang/", views.alliance_invite, name="invite"),
        path("<int:pk>/keluar/<int:membership_pk>/", views.alliance_leave, name="leave"),
    ]
    patterns = [path("aliansi/", include((urls, "alliances_admin"), namespace="alliances_admin"))]
    joint = joint_urlpatterns()
    if joint:
        # Its own top-level namespace (``alliances_joint:<name>``, with ``pk`` the alliance), same path family.
        patterns.append(path("aliansi/<int:pk>/aksi-bersama/",
                             include((joint, "alliances_joint"), namespace="alliances_joint")))
    return patterns


class AllianceMenuItem(MenuItem):
    """Shown to editors of a verified OMS and to national admins."""

    def is_shown(self, request):
        return views.may_use(request.user)


@hooks.register("register_admin_menu_item")
def register_alliance_menu_item():
    return AllianceMenuItem(_("Alliances"), reverse("alliances_admin:list"), name="alliances", icon_name="group",
                            order=96)


def _members_button(page, user, priority):
    from partners.access import source_of

    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    if not isinstance(specific, AlliancePage):
        return None
    source = source_of(specific)
    if not access.may_edit(user, source):
        return None
    return Button(_("Members and invitations"), reverse("alliances_admin:members", args=[source.pk]),
                  icon_name="group", priority=priority)


@hooks.register("register_page_listing_more_buttons")
def alliance_listing_button(page, user, next_url=None):
    button = _members_button(page, user, 55)
    if button:
        yield button


@hooks.register("register_page_header_buttons")
def alliance_header_button(page, user, view_name, next_url=None):
    """"Members and invitations" in an alliance's page editor, for those who manage the alliance."""
    button = _members_button(page, user, 55)
    if button:
        yield button
