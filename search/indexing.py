"""When the search index is updated, and the support-type rows of campaigns.

Wagtail would reindex an object inside every save, a page's draft saves included. Instead
(``AUTO_UPDATE: False`` on the backends) this module reindexes

* a page when it is created, published, unpublished, moved or saved in full, never on a draft
  save (which leaves the page's live content, the indexed one, untouched);
* any other indexed model (images, documents, users...) when a save changes its indexed text;
* and removes whatever is deleted,

always after the response has been sent (:mod:`search.deferred`), through the ``django_tasks``
tasks of :mod:`search.tasks`, which also rewrite the pages' search documents (a moved page's
descendants' too). Support-type rows are written inside the save itself: they are small, and
filters must agree with the page right away; the documents follow them.
"""
import functools
import logging

from django.db.models.signals import post_delete, post_save
from django_tasks import TaskResultStatus
from modelsearch.index import AutocompleteField, RelatedFields, SearchField, get_indexed_models
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import tasks
from .deferred import after_response

logger = logging.getLogger("lokadaya.search")


@functools.cache
def indexed_text_fields(model):
    """Field names whose change alters what the index holds for ``model`` (``live`` included)."""
    names = {"live"}
    for field in model.get_search_fields():
        if isinstance(field, (SearchField, AutocompleteField, RelatedFields)):
            names.add(field.field_name)
            try:
                names.add(model._meta.get_field(field.field_name).attname)
            except Exception:  # a property or method: no model field behind it
                pass
    return frozenset(names)


def _root(model):
    parents = model._meta.get_parent_list()
    return (parents[-1] if parents else model)._meta.label_lower


def _enqueue(task, *args):
    result = task.enqueue(*args)
    if result.status == TaskResultStatus.FAILED:
        logger.error("Search task %s%r failed:\n%s", task.name, args,
                     result.errors[-1].traceback if result.errors else "")


def queue_update(instance):
    meta = instance._meta
    key = ("update", _root(type(instance)), str(instance.pk))
    after_response(key, functools.partial(_enqueue, tasks.update_object, meta.app_label, meta.model_name,
                                          str(instance.pk)))


def queue_removal(instance):
    meta = instance._meta
    key = ("remove", _root(type(instance)), str(instance.pk))
    after_response(key, functools.partial(_enqueue, tasks.remove_object, meta.app_label, meta.model_name,
                                          str(instance.pk)))


def on_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not (set(update_fields) & indexed_text_fields(sender)):
        return  # a draft save, a lock, a workflow state: nothing indexed changed
    queue_update(instance)


def on_delete(sender, instance, **kwargs):
    queue_removal(instance)


def on_page_change(sender, instance, **kwargs):
    queue_update(instance)


def on_page_move(sender, instance, **kwargs):
    queue_update(instance)
    if instance.numchild:  # the descendants' search documents hold their paths
        after_response(("subtree", str(instance.pk)), functools.partial(_enqueue_subtree, str(instance.pk)))


def _enqueue_subtree(pk):
    result = tasks.refresh_subtree.enqueue(pk)
    if result.status == TaskResultStatus.FAILED:
        logger.error("Search task refresh_subtree(%s) failed", pk)


def on_campaign_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "asks" not in update_fields):
        return
    from .support_types import sync_support_types

    sync_support_types(instance)


def on_support_type_change(sender, instance, raw=False, **kwargs):
    """A support-type row written or deleted by other code than ``sync_support_types``."""
    if not raw:
        from . import documents

        documents.refresh_supports([instance.campaign_id])


def connect():
    """Connect the handlers (``SearchConfig.ready``)."""
    from campaigns.models import CampaignPage

    from .models import CampaignSupportType

    for model in get_indexed_models():
        uid = f"lokadaya.search.{model._meta.label_lower}"
        post_save.connect(on_save, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(on_delete, sender=model, dispatch_uid=uid + ".delete")
    page_published.connect(on_page_change, dispatch_uid="lokadaya.search.published")
    page_unpublished.connect(on_page_change, dispatch_uid="lokadaya.search.unpublished")
    post_page_move.connect(on_page_move, dispatch_uid="lokadaya.search.moved")
    post_save.connect(on_campaign_save, sender=CampaignPage, dispatch_uid="lokadaya.search.support_types")
    post_save.connect(on_support_type_change, sender=CampaignSupportType, dispatch_uid="lokadaya.search.doc_types")
    post_delete.connect(on_support_type_change, sender=CampaignSupportType,
                        dispatch_uid="lokadaya.search.doc_types_gone")
