"""The privacy notice and the consent page (mounted by ``privacy/urls.py`` at ``/<lang>/privasi/``,
namespace ``privacy``)."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.notice, name="notice"),
    path("persetujuan/<str:token>/", views.consent, name="consent"),
]
