"""URLs of certificates (mounted at /<lang>/sertifikat/)."""
from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("<str:code>/", views.verify, name="verify"),
    path("<str:code>/pdf/", views.pdf, name="pdf"),
]
