"""Admin wiring of Profil Mitra: verification queue, an OMS's editors, and what an OMS editor may see.

Wagtail's page chooser shows the whole tree, drafts included; the image and document choosers
follow collection permissions. These hooks narrow them: a non-superuser sees live pages and the
pages of the subtrees they have permissions on, and an OMS editor sees only their OMS's collection.
An OMS's profile page itself is deleted or moved only by national admins.
"""
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Collection
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import admin_views
from .bulk_actions import BULK_ACTIONS
from .access import accesses_of, is_oms_editor
from .models import OrganisationPage
from .verification import is_moderator


@hooks.register("register_admin_urls")
def register_partner_admin_urls():
    urls = [
        path("verifikasi/", admin_views.review_list, name="review_list"),
        path("verifikasi/<int:pk>/", admin_views.review, name="review"),
        path("saya/", admin_views.my_organisations, name="mine"),
        path("<int:pk>/editor/", admin_views.editors, name="editors"),
        path("<int:pk>/editor/<int:user_id>/hapus/", admin_views.remove_editor, name="remove_editor"),
    ]
    return [path("mitra/", include((urls, "partners_admin"), namespace="partners_admin"))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


class EditorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or is_oms_editor(request.user)


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return ModeratorMenuItem(_("OMS verification"), reverse("partners_admin:review_list"),
                             name="oms-verification", icon_name="tasks", order=240)


@hooks.register("register_admin_menu_item")
def register_my_organisations_menu_item():
    return EditorMenuItem(_("My organisation"), reverse("partners_admin:mine"), name="my-organisation",
                          icon_name="group", order=230)


# -- what non-superusers see -------------------------------------------------------------------


def _permitted_pages_condition(user):
    """Pages in the subtrees where ``user`` holds a page permission."""
    paths = {perm.page.path for perm in PagePermissionPolicy().get_cached_permissions_for_user(user)}
    condition = Q(pk__in=[])
    for page_path in paths:
        condition |= Q(path__startswith=page_path)
    return condition


@hooks.register("construct_page_chooser_queryset")
def only_live_or_permitted_pages(pages, request):
    user = request.user
    if user.is_superuser:
        return pages
    return pages.filter(Q(live=True) | _permitted_pages_condition(user))


def _own_collections(user):
    ids = set()
    for access in accesses_of(user):
        ids.update(Collection.objects.descendant_of(access.collection, inclusive=True).values_list("pk", flat=True))
    return ids


@hooks.register("construct_image_chooser_queryset")
def only_own_images(images, request):
    if is_oms_editor(request.user):
        return images.filter(collection_id__in=_own_collections(request.user))
    return images


@hooks.register("construct_document_chooser_queryset")
def only_own_documents(documents, request):
    if is_oms_editor(request.user):
        return documents.filter(collection_id__in=_own_collections(request.user))
    return documents


@hooks.register("before_delete_page")
def keep_organisation_pages(request, page):
    if isinstance(page.specific, OrganisationPage) and not request.user.is_superuser:
        messages.error(request, _("Only national admins can delete an organisation's profile."))
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_move_page")
def keep_organisation_pages_in_place(request, page, destination):
    if isinstance(page.specific, OrganisationPage) and not request.user.is_superuser:
        messages.error(request, _("Only national admins can move an organisation's profile."))
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


# Registered after Wagtail's own (higher order): same action types, without naming foreign items.
for _action in BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=100)
