"""Admin URLs and menu item of the requests register (imported by privacy/wagtail_hooks.py).

Who sees it: ``admin_views.may_handle`` (national admins, and a group given
``privacy.change_datasubjectrequest`` by a national admin, e.g. "Pelindungan Data Pribadi").
"""
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, tracking

urlpatterns = [
    path("", admin_views.request_list, name="list"),
    path("baru/", admin_views.request_add, name="add"),
    path("<int:pk>/", admin_views.request_detail, name="detail"),
    path("<int:pk>/data/", admin_views.request_data, name="data"),
    path("<int:pk>/unduh.json", admin_views.request_download, {"fmt": "json"}, name="download_json"),
    path("<int:pk>/unduh.csv", admin_views.request_download, {"fmt": "csv"}, name="download_csv"),
    path("<int:pk>/koreksi/", admin_views.request_correct, name="correct"),
    path("<int:pk>/hapus/", admin_views.request_erase, name="erase"),
]


@hooks.register("register_admin_urls")
def register_request_urls():
    return [path("privasi/permintaan/", include((urlpatterns, "privacy_requests"), namespace="privacy_requests"))]


class RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_handle(request.user)

    def render_component(self, request):
        from wagtail.admin.ui.sidebar import LinkMenuItem

        # The badge: requests past their deadline (one COUNT query per admin page, on an index).
        late = tracking.overdue().count()
        label = f"{self.label} ({late})" if late else self.label
        return LinkMenuItem(self.name, label, self.url, icon_name=self.icon_name, classname=self.classname,
                            attrs=self.attrs)


@hooks.register("register_admin_menu_item")
def register_requests_menu():
    return RequestsMenuItem(_("Personal data requests"), reverse("privacy_requests:list"), name="privacy-requests",
                            icon_name="user", order=264)
