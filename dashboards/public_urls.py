"""Public URLs of the donor-facing OMS reports, under /<language>/laporan-mitra/ (lokadaya/urls.py)."""
from django.urls import path

from . import report_views

app_name = "dashboards_public"
urlpatterns = [
    path("<int:pk>/", report_views.public_index, name="oms_index"),
    path("<int:pk>/<int:year>-q<int:quarter>/", report_views.public_report, name="oms_report"),
    path("<int:pk>/<int:year>-q<int:quarter>/<str:fmt>/", report_views.public_report_file, name="oms_report_file"),
]
