"""The donation type's admin screens: monthly donors (OMS), supporters' fundraisers (OMS), matching
funds (national). Each package lists its own URLs and menu entries."""
from django.urls import include, path
from wagtail import hooks

from .fundraisers import admin_views as fundraiser_admin
from .matching import admin_views as matching_admin
from .recurring import admin_views as recurring_admin

PACKAGES = (recurring_admin, fundraiser_admin, matching_admin)


@hooks.register("register_admin_urls")
def register_donation_admin_urls():
    urls = [pattern for package in PACKAGES for pattern in package.urlpatterns]
    return [path("donasi/", include((urls, "donation_admin"), namespace="donation_admin"))]


@hooks.register("construct_main_menu")
def add_donation_menu_items(request, menu_items):
    for package in PACKAGES:
        menu_items.extend(item for item in package.menu_items() if item.is_shown(request))
