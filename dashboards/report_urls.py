"""Admin URLs of the downloadable reports, under /admin/dasbor/laporan/ in the ``dashboards`` namespace
(included by ``wagtail_hooks.py``)."""
from django.urls import path

from . import report_views

urlpatterns = [
    path("oms/<int:pk>/", report_views.oms_reports, name="oms_reports"),
    path("oms/<int:pk>/<int:year>-q<int:quarter>/<str:fmt>/", report_views.oms_report, name="oms_report"),
    path("provinsi/<str:code>/", report_views.province_reports, name="province_reports"),
    path("provinsi/<str:code>/<int:year>-<int:month>/<str:fmt>/", report_views.province_report,
         name="province_report"),
]
