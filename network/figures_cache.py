"""A short-lived cache of the consolidated figures (they cost a progress query per campaign and type).

Keys carry a version that any published, unpublished, moved or deleted page and any saved or
deleted support record bumps, so a change shows at once in this process; other processes (or
changes made with ``QuerySet.update``) see it within ``LOKADAYA_FIGURES_CACHE_SECONDS`` (300 by
default; 0 turns the cache off). Use a shared cache (Redis) in production, as the settings do.
"""
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from lokadaya.coalesce import coalesced

VERSION_KEY = "network:figures:version"


def ttl():
    return int(getattr(settings, "LOKADAYA_FIGURES_CACHE_SECONDS", 300))


def version():
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, None)
        value = cache.get(VERSION_KEY) or 1
    return value


def bump(**kwargs):
    """Signal receiver: every cached figure is out of date."""
    _new_version()


@coalesced
def _new_version(_items=()):
    """Merged with the others while the task worker settles a batch of payments (``lokadaya.coalesce``):
    one version serves a whole batch's pledges."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 1, None)


def cached(kind, key, compute):
    """``compute()``, cached per kind, key and language (the support units are translated)."""
    seconds = ttl()
    if seconds <= 0:
        return compute()
    name = f"network:figures:{version()}:{kind}:{key}:{get_language() or ''}"
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, seconds)
    return value


def connect():
    """Bump the version on every change that moves a figure."""
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from campaigns.records import SupportRecord

    page_published.connect(bump, dispatch_uid="network_figures_published")
    page_unpublished.connect(bump, dispatch_uid="network_figures_unpublished")
    post_page_move.connect(bump, dispatch_uid="network_figures_moved")
    for model in apps.get_models():
        if issubclass(model, Page) and model is not Page:
            post_delete.connect(bump, sender=model, dispatch_uid=f"network_figures_delete_{model._meta.label}")
        if issubclass(model, SupportRecord):
            post_save.connect(bump, sender=model, dispatch_uid=f"network_figures_save_{model._meta.label}")
            post_delete.connect(bump, sender=model, dispatch_uid=f"network_figures_rm_{model._meta.label}")
