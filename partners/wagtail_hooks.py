"""Admin wiring of Profil Mitra: verification queue, an OMS's editors, and what an OMS editor may see.

Wagtail's page chooser shows the whole tree, drafts included: the hook below narrows it to live
pages and the subtrees the user has permissions on. Images and documents follow ``partners.files``
everywhere Wagtail would otherwise list them all: the choosers, the admin API's ``images`` and
``documents`` endpoints (replaced by tenant-aware ones) and the document download URL (one gate,
``before_serve_document``, for every ``/documents/<id>/<file>``). An OMS's profile page itself is
deleted or moved only by national admins (the permission policy: tenancy/permissions.py).
"""
from django.db.models import Q
from django.http import Http404
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import admin_views
from .bulk_actions import BULK_ACTIONS
from .choosers import organisation_chooser_viewset
from .access import is_oms_editor
from .files import may_download, visible_documents, visible_images
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


@hooks.register("register_admin_viewset")
def register_organisation_chooser():
    # Also makes it the widget of every ForeignKey to OrganisationPage (instead of the page chooser).
    return organisation_chooser_viewset


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


@hooks.register("construct_image_chooser_queryset")
def only_visible_images(images, request):
    return visible_images(request.user, images)


@hooks.register("construct_document_chooser_queryset")
def only_visible_documents(documents, request):
    return visible_documents(request.user, documents)


class TenantImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    """``/admin/api/main/images/``: listing, detail and ``find`` only for the images the user may see."""

    def get_queryset(self):
        return visible_images(self.request.user, super().get_queryset())


class TenantDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """``/admin/api/main/documents/``: listing, detail and ``find`` only for the documents the user may see."""

    def get_queryset(self):
        return visible_documents(self.request.user, super().get_queryset())


# After Wagtail's own registrations (order 0): the same endpoint names, now filtered.
@hooks.register("construct_admin_api", order=100)
def tenant_file_endpoints(router):
    router.register_endpoint("images", TenantImagesAdminAPIViewSet)
    router.register_endpoint("documents", TenantDocumentsAdminAPIViewSet)


# Before Wagtail's collection view restrictions (order 0): a private document is a 404, not a
# password or login form that would tell it exists.
@hooks.register("before_serve_document", order=-100)
def serve_only_public_or_permitted_documents(document, request):
    if not may_download(request.user, document):
        raise Http404
    return None


# Registered after Wagtail's own (higher order): same action types, without naming foreign items.
for _action in BULK_ACTIONS:
    hooks.register("register_bulk_action", _action, order=100)
