"""Public URLs of the report form (mounted at /<lang>/laporkan/)."""
from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("<int:page_id>/", views.report, name="report"),
    path("terima-kasih/", views.thanks, name="thanks"),
]
