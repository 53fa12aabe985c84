"""Public privacy pages (``/<lang>/privasi/``): the notice, the consent choices, the privacy centre."""
from django.urls import include, path

app_name = "privacy"

urlpatterns = [
    path("", include("privacy.consent.urls")),
    path("data-saya/", include("privacy.centre.urls")),
]
