"""Public: a permit's document (when verified). The OMS's and moderators' screens are in the admin
(``permits.wagtail_hooks``)."""
from django.urls import path

from . import views

app_name = "permits"

urlpatterns = [
    path("<int:pk>/dokumen/", views.document, name="document"),
]
