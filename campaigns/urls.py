"""URLs of the campaigns app.

``urlpatterns`` (namespace ``campaigns``, mounted outside the language prefix at ``/kampanye/``):
a campaign's share card and poster, by page id; each page id is one language's page, so the
address needs no language prefix (campaigns/sharing.py draws each in its page's language).

``plugin_urlpatterns()``: the public URLs of the support-type plugins, each under ``dukung/<type key>/``.
"""
from django.urls import include, path

from . import sharing
from .plugins import registry

app_name = "campaigns"

urlpatterns = [
    path("<int:pk>/og.jpg", sharing.og_image, name="og_image"),
    path("<int:pk>/poster.pdf", sharing.poster, name="poster"),
]


def plugin_urlpatterns():
    patterns = []
    for support_type in registry.installed_types():
        if registry.implements(support_type.key, "public_urls"):
            urls = registry.call(support_type.key, "public_urls") or []
            patterns.append(
                path(f"{support_type.key}/", include((urls, support_type.key), namespace=support_type.key))
            )
    return patterns
