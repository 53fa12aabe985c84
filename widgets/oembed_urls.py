"""``/oembed/``: the oEmbed endpoint for campaign pages (``widgets.oembed``)."""
from django.urls import path

from . import oembed

app_name = "oembed"

urlpatterns = [
    path("", oembed.endpoint, name="endpoint"),
]
