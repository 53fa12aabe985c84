"""Index updates as ``django_tasks`` tasks: run by whatever task backend ``TASKS`` configures.

With the immediate backend (the default) they run in the process that enqueues them, which
:mod:`search.indexing` does only after the response is sent; with a worker backend they run in
the worker. They write to every configured search backend.
"""
import logging

from django.apps import apps
from django_tasks import task
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import get_indexed_instance
from wagtail.models import Page

from . import documents

logger = logging.getLogger("lokadaya.search")


def _each_backend(action, obj):
    for name, backend in get_search_backends_with_name():
        try:
            getattr(backend, action)(obj)
        except Exception:
            logger.exception("Search backend %r could not %s %r", name, action, obj)
            if not backend.catch_indexing_errors:
                raise


@task()
def update_object(app_label, model_name, pk):
    """(Re)index one object as it is now in the database; nothing if it is gone or not indexed.
    A page's search document follows its index entry."""
    model = apps.get_model(app_label, model_name)
    obj = model._default_manager.filter(pk=pk).first()
    obj = obj and get_indexed_instance(obj)
    if obj is not None:
        _each_backend("add", obj)
        if isinstance(obj, Page):
            documents.refresh([obj.pk])


@task()
def refresh_subtree(pk):
    """The search documents of a moved page's descendants: their paths moved with it."""
    page = Page.objects.filter(pk=pk).first()
    if page is not None:
        documents.refresh(page.get_descendants().values_list("pk", flat=True))


@task()
def remove_object(app_label, model_name, pk):
    """Remove one deleted object from the index."""
    model = apps.get_model(app_label, model_name)
    _each_backend("delete", model(pk=pk))
    if issubclass(model, Page):
        documents.remove(pk)
