"""Public URLs of the support-type plugins, each under ``dukung/<type key>/``."""
from django.urls import include, path

from .plugins import registry


def plugin_urlpatterns():
    patterns = []
    for support_type in registry.support_types():
        if registry.implements(support_type.key, "public_urls"):
            urls = registry.call(support_type.key, "public_urls") or []
            patterns.append(
                path(f"{support_type.key}/", include((urls, support_type.key), namespace=support_type.key))
            )
    return patterns
