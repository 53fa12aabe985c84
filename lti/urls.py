"""URLs of the LTI tool (no language prefix: Moodle calls them)."""
from django.urls import path

from . import views

app_name = "lti"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("launch/", views.launch, name="launch"),
    path("deep-link/", views.deep_link, name="deep_link"),
    path("jwks/", views.jwks, name="jwks"),
]
