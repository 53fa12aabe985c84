"""Admin wiring of the dashboards: their URLs under /admin/dasbor/, the menu item, the home panels.

Every view lives beside its figures (``oms.py``, ``province.py``, ``national.py``, ``report_views.py``)
and passes through ``scope.py`` before it reads anything.
"""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import national, oms, province, report_urls, scope


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    urls = [
        path("", oms.dashboard_home, name="home"),
        path("oms/<int:pk>/", oms.oms_dashboard, name="oms"),
        path("provinsi/<str:code>/", province.province_dashboard, name="province"),
        path("nasional/", national.national_dashboard, name="national"),
        path("laporan/", include(report_urls.urlpatterns)),
    ]
    return [path("dasbor/", include((urls, "dashboards"), namespace="dashboards"))]


class DashboardMenuItem(MenuItem):
    """Shown to whoever has a dashboard: an OMS editor, a moderator, national staff."""

    def is_shown(self, request):
        user = request.user
        return (scope.is_national_staff(user) or scope.visible_provinces(user).exists()
                or scope.own_organisations(user).exists())


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(_("Dashboard"), reverse("dashboards:home"), name="dashboards",
                             icon_name="view", order=90)


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    """The admin home shows each user their dashboards' essentials (their OMS, province, the nation)."""
    oms.homepage_panels(request, panels)
    province.homepage_panels(request, panels)
    national.homepage_panels(request, panels)
