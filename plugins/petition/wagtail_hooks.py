"""Admin wiring of the petition plugin: the form recording a petition's delivery (``admin_views.py``)."""
from django.urls import include, path
from wagtail import hooks

from . import admin_views


@hooks.register("register_admin_urls")
def register_petition_admin_urls():
    urls = [path("<int:campaign_id>/<str:ask_id>/penyerahan/", admin_views.delivery, name="delivery")]
    return [path("petisi/", include((urls, "petition_admin"), namespace="petition_admin"))]
