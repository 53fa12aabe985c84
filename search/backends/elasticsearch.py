"""``search.backends.elasticsearch``: Elasticsearch 9 with an Indonesian and an English analyzer.

modelsearch analyses every text field with the ``standard`` analyzer (no stemming). Here each
document also carries its searchable text in fields of its own language (``_all_text_id``,
``_all_text_en`` and their boosted twins), analysed with ``lokadaya_indonesian`` or
``lokadaya_english`` (Elasticsearch's built-in language analyzers, rebuilt as custom ones so they
can be tuned). A query searches the standard fields and the language fields of
:func:`query_languages`, so "pembangunan" finds "membangun" as on PostgreSQL.
"""
from copy import deepcopy

from django.utils.html import strip_tags
from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9AutocompleteQueryCompiler,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchQueryCompiler,
)
from modelsearch.backends.elasticsearchbase import Field
from modelsearch.index import SearchField
from modelsearch.utils import deep_update

from .languages import language_of, query_languages

#: language -> analyzer (defined in LANGUAGE_ANALYSIS below).
LANGUAGE_ANALYZERS = {"id": "lokadaya_indonesian", "en": "lokadaya_english"}

LANGUAGE_ANALYSIS = {
    "settings": {
        "analysis": {
            "analyzer": {
                "lokadaya_indonesian": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "indonesian_stop", "indonesian_stemmer"],
                },
                "lokadaya_english": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["english_possessive_stemmer", "lowercase", "english_stop", "english_stemmer"],
                },
            },
            "filter": {
                "indonesian_stop": {"type": "stop", "stopwords": "_indonesian_"},
                "indonesian_stemmer": {"type": "stemmer", "language": "indonesian"},
                "english_stop": {"type": "stop", "stopwords": "_english_"},
                "english_stemmer": {"type": "stemmer", "language": "english"},
                "english_possessive_stemmer": {"type": "stemmer", "language": "possessive_english"},
            },
        }
    }
}


def language_field_name(base, language):
    return f"{base}_{language}"


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_as_text(item) for item in value)
    return strip_tags(str(value)).strip()


class LocalisedElasticsearchMapping(Elasticsearch9Mapping):
    language_analyzers = LANGUAGE_ANALYZERS

    def get_mapping(self):
        mapping = super().get_mapping()
        properties = mapping["properties"]
        bases = ["_all_text"] + sorted(name for name in properties if name.startswith("_all_text_boost_"))
        for base in bases:
            for language, analyzer in self.language_analyzers.items():
                properties[language_field_name(base, language)] = {"type": "text", "analyzer": analyzer}
        return mapping

    def get_document(self, obj):
        document = super().get_document(obj)
        language = language_of(obj)
        if language not in self.language_analyzers:
            return document
        for field in self.model.get_search_fields():
            if not isinstance(field, SearchField):
                continue
            text = _as_text(field.get_value(obj))
            if not text:
                continue
            targets = [language_field_name("_all_text", language)]
            if field.boost:
                targets.append(language_field_name(self.get_boost_field_name(field.boost), language))
            for target in targets:
                document.setdefault(target, []).append(text)
        return document


class LocalisedElasticsearchSearchQueryCompiler(Elasticsearch9SearchQueryCompiler):
    mapping_class = LocalisedElasticsearchMapping

    def _remap_fields(self, fields):
        remapped = super()._remap_fields(fields)
        if fields:
            return remapped  # an explicit field list is searched as asked
        languages = [code for code in query_languages() if code in self.mapping.language_analyzers]
        return remapped + [
            Field(language_field_name(field.field_name, language), field.boost)
            for field in remapped
            for language in languages
        ]


class LocalisedElasticsearchAutocompleteQueryCompiler(Elasticsearch9AutocompleteQueryCompiler):
    mapping_class = LocalisedElasticsearchMapping


class LocalisedElasticsearchSearchBackend(Elasticsearch9SearchBackend):
    mapping_class = LocalisedElasticsearchMapping
    query_compiler_class = LocalisedElasticsearchSearchQueryCompiler
    autocomplete_query_compiler_class = LocalisedElasticsearchAutocompleteQueryCompiler
    settings = deep_update(deepcopy(Elasticsearch9SearchBackend.settings), LANGUAGE_ANALYSIS)


SearchBackend = LocalisedElasticsearchSearchBackend
