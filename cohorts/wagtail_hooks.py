"""Admin wiring of the cohorts: their URLs under /admin/kohort/ and the "Kohort" menu item.

Every view is in ``admin_views`` and passes through ``scope`` before it reads anything.
"""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views as views
from . import scope


@hooks.register("register_admin_urls")
def register_cohort_urls():
    urls = [
        path("", views.cohort_list, name="list"),
        path("tambah/", views.cohort_create, name="add"),
        path("<int:pk>/", views.cohort_detail, name="detail"),
        path("<int:pk>/ubah/", views.cohort_edit, name="edit"),
        path("<int:pk>/hapus/", views.cohort_delete, name="delete"),
        path("<int:pk>/oms/<int:oms_pk>/", views.organisation_detail, name="organisation"),
        path("<int:pk>/pesan/", views.cohort_message, name="message"),
    ]
    return [path("kohort/", include((urls, "cohorts_admin"), namespace="cohorts_admin"))]


class CohortMenuItem(MenuItem):
    """Shown to those who manage cohorts: provincial moderators and national staff."""

    def is_shown(self, request):
        return scope.may_manage_any(request.user)


@hooks.register("register_admin_menu_item")
def register_cohort_menu_item():
    return CohortMenuItem(_("Cohorts"), reverse("cohorts_admin:list"), name="cohorts", icon_name="group", order=95)
