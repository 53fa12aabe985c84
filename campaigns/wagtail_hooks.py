"""Admin wiring for the support types: records views, the "Galang Daya" menu, and the national
admins' Settings screen that switches support types off for the whole site."""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from django.utils.functional import cached_property
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from . import admin_views
from .plugins import registry


@hooks.register("register_admin_urls")
def register_records_urls():
    urls = [
        path("<str:type_key>/", admin_views.records_list, name="list"),
        path("<str:type_key>/<int:pk>/", admin_views.record_status, name="status"),
    ]
    return [
        path("galang-daya/", include((urls, "campaign_records"), namespace="campaign_records")),
        path("jenis-dukungan/", admin_views.support_type_settings, name="campaign_support_types"),
    ]


class RecordsMenuItem(MenuItem):
    """Shown to editors who may edit at least one campaign."""

    def is_shown(self, request):
        return admin_views.editable_campaigns(request.user).exists()


class RecordsMenu(Menu):
    """One item per installed support type that describes its records."""

    @cached_property
    def registered_menu_items(self):
        items = []
        # Every installed type, switched off or not: the OMS still handles the records already made.
        for order, support_type in enumerate(registry.installed_types()):
            if registry.implements(support_type.key, "records_admin"):
                items.append(RecordsMenuItem(
                    support_type.name,
                    reverse("campaign_records:list", kwargs={"type_key": support_type.key}),
                    name=f"records-{support_type.key}", icon_name=support_type.icon, order=order,
                ))
        return items


@hooks.register("register_admin_menu_item")
def register_galang_daya_menu():
    return SubmenuMenuItem(_("Galang Daya"), RecordsMenu(), icon_name="pick", order=250)


class SupportTypesMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_switch_types(request.user)


@hooks.register("register_settings_menu_item")
def register_support_types_menu():
    return SupportTypesMenuItem(_("Support types"), reverse("campaign_support_types"), icon_name="pick",
                                order=320)
