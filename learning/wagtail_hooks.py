"""Admin screens of learning: invitations (learning/invitations.py)."""
from django.urls import include, path
from wagtail import hooks

from .invitations import admin_urlpatterns as invitation_admin_urlpatterns


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("belajar/undangan/", include((invitation_admin_urlpatterns, "learning_invitations")))]
