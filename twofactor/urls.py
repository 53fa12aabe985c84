"""Two-step verification pages, under the admin (``/admin/2fa/``): see lokadaya/urls.py."""
from django.urls import path

from . import views

app_name = "twofactor"
urlpatterns = [
    path("", views.account, name="account"),
    path("verify/", views.verify, name="verify"),
    path("setup/", views.setup, name="setup"),
]
