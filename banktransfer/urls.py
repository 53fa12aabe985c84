"""Public URLs of the bank transfer flow (mounted at /<lang>/transfer/)."""
from django.urls import path

from . import views

app_name = "banktransfer"
urlpatterns = [
    path("<str:token>/", views.transfer, name="transfer"),
    path("<str:token>/tidak-tersedia/", views.unavailable, name="unavailable"),
]
