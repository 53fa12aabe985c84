"""Rows the site reads from the shared cache: one-row platform settings, short histories.

Invariant: a reader never sees rows older than the last committed change. ``save`` and ``delete``
drop the cached copy at once and again after the commit (a reader in between would otherwise put
the old rows back); the cache's timeout is only a backstop. Changes that bypass ``save`` (a
queryset's ``update``) must call ``forget_cached`` themselves.
"""
from django.core.cache import cache
from django.db import models, transaction


class CachedRows(models.Model):
    """Abstract: a model whose rows are kept in the shared cache under ``cache_key``."""

    #: Where the rows are kept in the shared cache; each subclass names its own.
    cache_key = None
    cache_seconds = 300

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.forget_cached()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.forget_cached()
        return result

    @classmethod
    def forget_cached(cls):
        cache.delete(cls.cache_key)
        transaction.on_commit(lambda: cache.delete(cls.cache_key))


class SingleRowSetting(CachedRows):
    """Abstract: one row of platform settings; ``cached()`` is what readers call."""

    class Meta:
        abstract = True

    @classmethod
    def cached(cls):
        """The row, from the shared cache; unsaved defaults when none was saved yet (a reader,
        perhaps a visitor's GET, never writes it)."""
        row = cache.get(cls.cache_key)
        if row is None:
            row = cls.objects.order_by("pk").first() or cls()
            cache.set(cls.cache_key, row, cls.cache_seconds)
        return row
