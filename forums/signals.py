"""Spaces follow their owners: a network, a published programme or a cohort gets its space (``forums.spaces``).

Invariants:
- A provincial network gets its space when it is created; a cohort when it is created; a national
  programme when a page of it is published (the space hangs on the default-language page, whichever
  translation was published). Existing owners got theirs in migration ``forums.0002_spaces``.
- Creating a space is idempotent (``forums.spaces`` returns the existing one), so a signal firing
  twice, or racing another request, never makes a second space.
- Deleting an owner deletes its space, threads and posts (the model's CASCADE); nothing here.
- Raw saves (fixtures being loaded) make nothing: the fixture brings its own spaces.
- A thread saved in a public space purges the pages that list its space's latest threads.
Connected in ``ForumsConfig.ready``.
"""
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from cohorts.models import Cohort
from network.models import ProvincialNetwork
from programmes.models import ProgrammePage

from . import spaces
from .models import Thread


@receiver(post_save, sender=ProvincialNetwork, dispatch_uid="forums_space_for_network")
def network_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        spaces.space_for_network(instance)


@receiver(post_save, sender=Cohort, dispatch_uid="forums_space_for_cohort")
def cohort_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        spaces.space_for_cohort(instance)


@receiver(page_published, sender=ProgrammePage, dispatch_uid="forums_space_for_programme")
def programme_published(sender, instance, **kwargs):
    spaces.space_for_programme(instance)


@receiver(post_save, sender=Thread, dispatch_uid="forums_thread_purges_pages")
def thread_saved(sender, instance, raw=False, **kwargs):
    """A public space's threads show on its network's or programme's page: a new, hidden, moved or
    locked thread purges those pages (and the old space's, for a move) from the page cache."""
    if raw:
        return
    from network.views import paths_showing_space
    from pagecache.purge import purge_paths

    paths = set()
    for space in {instance.space, instance.moved_from} - {None}:
        if space.is_public:
            paths |= paths_showing_space(space)
    purge_paths(paths)
