"""A short-lived cache of the consolidated figures (they cost a progress query per campaign and type).

Keys carry a version that any published, unpublished, moved or deleted page and any saved or
deleted support record bumps, so a change shows at once in this process; other processes (or
changes made with ``QuerySet.update``) see it within ``LOKADAYA_FIGURES_CACHE_SECONDS`` (300 by
default; 0 turns the cache off). Use a shared cache (Redis) in production, as the settings do.

Figures that a page may show a little late (``cached_within``) keep a second version, which only
changes in what is shown moves (pages, links, actions, memberships: ``bump``), not pledges
(``pledged``): a crowd of pledges then costs at most one new computation per figure every
``seconds``, as the page cache's figures window already allows (``LOKADAYA_PAGE_CACHE_FIGURES_SECONDS``
on a campaign page, ``..._LISTING_FIGURES_SECONDS`` elsewhere), instead of one per pledge. Measured:
the joint-action box of a linked campaign costs 12-23 ms, and while the task worker confirmed
24 donations a second every render of that campaign computed it again.
"""
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from lokadaya import request_reads
from lokadaya.coalesce import coalesced

VERSION_KEY = "network:figures:version"
#: Moved by everything ``VERSION_KEY`` is moved by except pledges (``cached_within``'s keys).
STRUCTURE_KEY = "network:figures:structure"
request_reads.register(VERSION_KEY, STRUCTURE_KEY)


def ttl():
    return int(getattr(settings, "LOKADAYA_FIGURES_CACHE_SECONDS", 300))


def listing_window():
    """Seconds pledged figures may lag on listing pages (network, region, programme pages), as kept pages may."""
    return int(getattr(settings, "LOKADAYA_PAGE_CACHE_LISTING_FIGURES_SECONDS", 60))


def version():
    return _current(VERSION_KEY)


def _current(key):
    value = request_reads.get(key)
    if value is None:
        request_reads.forget(key)
        cache.add(key, 1, None)
        value = cache.get(key) or 1
    return value


def bump(**kwargs):
    """Signal receiver: every cached figure is out of date, and what is shown may have changed."""
    _new_version([VERSION_KEY, STRUCTURE_KEY])


def pledged(**kwargs):
    """Signal receiver for support records: the figures moved, nothing else did."""
    _new_version([VERSION_KEY])


@coalesced
def _new_version(keys=()):
    """Merged with the others while the task worker settles a batch of payments (``lokadaya.coalesce``):
    one version serves a whole batch's pledges."""
    for key in sorted(keys or (VERSION_KEY, STRUCTURE_KEY)):
        request_reads.forget(key)
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, None)


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


def cached_within(kind, key, compute, seconds):
    """``compute()``, like ``cached``, but pledges alone make a new one at most every ``seconds``.

    The entry is keyed by the structure version and remembers the figures version and the time it
    was computed at: it is served while either is current, so a published, moved or linked page
    shows at once, and a pledge within ``seconds`` (0: at once, as ``cached``).
    """
    lifetime = ttl()
    if lifetime <= 0:
        return compute()
    # Both versions in one round trip (a render may read several kept figures).
    found = request_reads.get_many([STRUCTURE_KEY, VERSION_KEY])
    structure = found.get(STRUCTURE_KEY) or _current(STRUCTURE_KEY)
    figures_version = found.get(VERSION_KEY) or _current(VERSION_KEY)
    name = f"network:figures:s{structure}:{kind}:{key}:{get_language() or ''}"
    entry = cache.get(name)
    if entry is not None:
        entry_version, computed_at, value = entry
        if entry_version == figures_version or time.time() - computed_at < seconds:
            return value
    value = compute()
    cache.set(name, (figures_version, time.time(), value), lifetime)
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
            post_save.connect(pledged, sender=model, dispatch_uid=f"network_figures_save_{model._meta.label}")
            post_delete.connect(pledged, sender=model, dispatch_uid=f"network_figures_rm_{model._meta.label}")
