"""PostgreSQL full-text search with the text search configuration of each object's language.

modelsearch's PostgreSQL backend builds every tsvector and tsquery with one configuration
(``SEARCH_CONFIG``). Here an object with a locale is indexed with its language's configuration
(``indonesian`` for Indonesian, ``english`` for English: ``LANGUAGE_CONFIGS``), other objects
(images, documents, users) with ``SEARCH_CONFIG`` (``simple`` unless set). A query on a
translatable model is the OR of the query parsed in each of :func:`query_languages`, so an
Indonesian word is stemmed the way the Indonesian pages were.
"""
import copy
import operator
import threading
import time
from collections import defaultdict
from functools import reduce

from django.db.models import Avg, F
from django.db.models.functions import Length
from django.utils.encoding import force_str
from modelsearch.backends.database.postgres.postgres import (
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.utils import get_content_type_pk
from wagtail.models import TranslatableMixin

from .languages import language_of, query_languages

DEFAULT_LANGUAGE_CONFIGS = {"id": "indonesian", "en": "english"}
DEFAULT_CONFIG = "simple"


def is_translatable(model):
    return issubclass(model, TranslatableMixin)


class LocalisedPostgresIndex(PostgresIndex):
    """Writes each object with its language's configuration, and sets the title norm of the
    entries it writes only (modelsearch recomputes the average title length over the whole
    index on every write: a scan of every entry for each page published)."""

    whole_index_norms = True

    def add_items(self, model, objs):
        if not objs or not model.get_search_fields():
            return
        by_config = defaultdict(list)
        for obj in objs:
            language = language_of(obj) if is_translatable(model) else None
            by_config[self.backend.config_for_language(language)].append(obj)
        for config, group in by_config.items():
            # A copy of the index whose backend has this config: ObjectIndexer reads backend.config.
            index = copy.copy(self)
            index.backend = self.backend.with_config(config)
            index.whole_index_norms = False
            PostgresIndex.add_items(index, model, group)
        self._set_title_norms(model, objs)

    def _refresh_title_norms(self, full=False):
        if full:
            super()._refresh_title_norms(full=True)
            _average_title_length.reset()
        elif self.whole_index_norms:
            super()._refresh_title_norms(full=False)

    def _set_title_norms(self, model, objs):
        average = _average_title_length.get(self.entries)
        if not average:
            return
        (self.entries.filter(content_type_id=get_content_type_pk(model),
                             object_id__in=[force_str(obj.pk) for obj in objs])
         .annotate(title_length=Length("title")).filter(title_length__gt=0)
         .update(title_norm=average / F("title_length")))


class AverageTitleLength:
    """The average title length (in lexemes) of the index, recomputed at most every few minutes:
    it moves slowly, and only weighs title matches against each other."""

    max_age = 600

    def __init__(self):
        self.value, self.computed_at = None, 0.0
        self.lock = threading.Lock()

    def get(self, entries):
        with self.lock:
            if self.value is None or time.monotonic() - self.computed_at > self.max_age:
                self.value = (entries.annotate(title_length=Length("title")).filter(title_length__gt=0)
                              .aggregate(average=Avg("title_length"))["average"])
                self.computed_at = time.monotonic()
            return self.value

    def reset(self):
        with self.lock:
            self.value = None


_average_title_length = AverageTitleLength()


class LocalisedPostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        if is_translatable(self.queryset.model):
            configs = []
            for language in query_languages():
                config = backend.config_for_language(language)
                if config not in configs:
                    configs.append(config)
            return tuple(configs)
        return backend.config

    def build_tsquery(self, query, config=None):
        if isinstance(config, tuple):
            parsed = [super(LocalisedPostgresSearchQueryCompiler, self).build_tsquery(query, config=c)
                      for c in config]
            parsed = [tsquery for tsquery in parsed if tsquery is not None]
            return reduce(operator.or_, parsed) if parsed else None
        return super().build_tsquery(query, config=config)


class LocalisedPostgresSearchBackend(PostgresSearchBackend):
    query_compiler_class = LocalisedPostgresSearchQueryCompiler
    index_class = LocalisedPostgresIndex

    def __init__(self, params):
        params = dict(params)
        self.language_configs = dict(params.pop("LANGUAGE_CONFIGS", DEFAULT_LANGUAGE_CONFIGS))
        super().__init__(params)
        self.config = self.config or DEFAULT_CONFIG

    def config_for_language(self, language):
        return self.language_configs.get(language, self.config)

    def with_config(self, config):
        clone = copy.copy(self)
        clone.config = config
        return clone


SearchBackend = LocalisedPostgresSearchBackend
