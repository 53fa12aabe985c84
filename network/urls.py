"""Public network pages (mounted at /<lang>/jejaring/)."""
from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("", views.network_index, name="index"),
    path("<slug:slug>/", views.network_detail, name="detail"),
]
