"""What search reads about pages written in bulk (``lokadaya.synthetic``), written in bulk too.

A page saved one at a time is indexed by :mod:`search.indexing` (one task per page) and its
campaign support-type rows follow its asks on save. Pages inserted with ``bulk_create`` send no
signal, so their writer calls :func:`index_new_pages` instead: the same index entries
``tasks.update_object`` would write, many pages per statement.

On PostgreSQL the entries are written by one ``INSERT ... SELECT FROM unnest(...)`` per batch,
each vector built by the database exactly as modelsearch's ``ObjectIndexer`` builds it (per field,
``setweight(to_tsvector(<the page language's configuration>, text), <the field's weight>)``
joined with ``||``; autocomplete with ``simple``), then the title norms of the new entries are
set as the backend sets them. Other backends get their own ``add_bulk``.
"""
import json
import re

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from modelsearch.backends import get_search_backends_with_name
from modelsearch.backends.database.postgres.weights import get_weight
from modelsearch.conf import get_app_config
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.utils import get_content_type_pk
from wagtail.fields import RichTextField, StreamField

from .backends.languages import language_of
from .backends.postgres import LocalisedPostgresSearchBackend, _average_title_length
from .models import CampaignSupportType
from .support_types import support_type_keys

BATCH = 1000


def _entries_model():
    return get_app_config().get_model("IndexEntry")


def _prepare(value):
    """modelsearch's ``ObjectIndexer.prepare_value``: lists and dicts joined by commas."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(_prepare(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_prepare(item) for item in value.values())
    return "" if value is None else str(value)


SIMPLE_RICH_TEXT = re.compile(r"(?:<p>[^<>&]*</p>)+")


def _reader(model, field):
    """How to read the text ``field`` (a modelsearch field) indexes from a page of ``model``:
    what ``field.get_value`` gives, with shortcuts for the common cases (its own cost, per call,
    dominated the indexing of many pages)."""
    try:
        model_field = model._meta.get_field(field.field_name)
    except FieldDoesNotExist:
        return lambda page, _memo: field.get_value(page)
    if isinstance(model_field, StreamField):
        def stream(page, memo):
            # Analysed once per content: pages written in bulk often share it (new block ids only).
            raw = [{key: value for key, value in item.items() if key != "id"}
                   for item in model_field.value_from_object(page).raw_data]
            key = (field.field_name, json.dumps(raw, sort_keys=True, cls=DjangoJSONEncoder))
            if key not in memo:
                memo[key] = field.get_value(page)
            return memo[key]
        return stream
    if isinstance(model_field, RichTextField):
        def rich(page, _memo):
            value = model_field.value_from_object(page) or ""
            if SIMPLE_RICH_TEXT.fullmatch(value):  # paragraphs of plain text: get_text_for_indexing's answer
                return value.replace("<p>", "").replace("</p>", " ").strip()
            return model_field.get_searchable_content(value)
        return rich
    if not model_field.is_relation and not hasattr(model_field, "get_searchable_content"):
        return lambda page, _memo: model_field.value_from_object(page)
    return lambda page, _memo: field.get_value(page)


def _layout(model):
    """``(title fields, autocomplete fields, body fields)`` as ``[(field, weight)]``.

    Related fields (an OMS's issue tags) are left out: a page written a moment ago has no related
    rows yet, and asking for them would cost a query per page.
    """
    title, autocomplete, body = [], [], []
    for field in model.get_search_fields():
        if isinstance(field, RelatedFields):
            continue
        if isinstance(field, SearchField):
            (title if field.field_name == "title" else body).append((field, get_weight(field.boost)))
        elif isinstance(field, AutocompleteField):
            autocomplete.append((field, "D"))
    return title, autocomplete, body


def _vector(columns, config_sql):
    if not columns:
        return "''::tsvector"
    return " || ".join(f"setweight(to_tsvector({config_sql}, u.{column}), '{weight}')"
                       for column, weight in columns)


def _postgres_entries(backend, model, pages):
    title, autocomplete, body = _layout(model)
    groups = (("t", title), ("a", autocomplete), ("b", body))
    names = [(f"{prefix}{i}", field, weight) for prefix, fields in groups for i, (field, weight) in enumerate(fields)]
    readers = [_reader(model, field) for _name, field, _weight in names]
    columns = {prefix: [(name, weight) for name, _field, weight in names if name.startswith(prefix)]
               for prefix, _fields in groups}
    table = _entries_model()._meta.db_table
    # The title norm modelsearch gives an entry: the index's average title length over its own
    # (LocalisedPostgresIndex's cached average; 1.0 in an empty index, as modelsearch starts).
    average = _average_title_length.get(_entries_model()._default_manager.all()) or 0
    sql = (
        f"INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, "
        "body_text) SELECT %s, v.oid, v.title, v.autocomplete, v.body, "
        "CASE WHEN %s > 0 AND length(v.title) > 0 THEN %s / length(v.title) ELSE 1.0 END, v.title_text, v.body_text "
        f"FROM (SELECT u.oid, {_vector(columns['t'], 'u.cfg::regconfig')} AS title, "
        f"{_vector(columns['a'], chr(39) + backend.autocomplete_config + chr(39) + '::regconfig')} AS autocomplete, "
        f"{_vector(columns['b'], 'u.cfg::regconfig')} AS body, u.title_text, u.body_text "
        f"FROM unnest({', '.join(['%s::text[]'] * (4 + len(names)))}) "
        f"AS u({', '.join(['oid', 'cfg', 'title_text', 'body_text'] + [name for name, _f, _w in names])})) v "
        "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
        "title_norm = EXCLUDED.title_norm, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
        "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text"
    )
    content_type = get_content_type_pk(model)
    memo = {}
    with connection.cursor() as cursor:
        for start in range(0, len(pages), BATCH):
            arrays = [[] for _ in range(4 + len(names))]
            for page in pages[start:start + BATCH]:
                texts = [_prepare(read(page, memo)).strip() for read in readers]
                arrays[0].append(str(page.pk))
                arrays[1].append(backend.config_for_language(language_of(page)))
                arrays[2].append(" ".join(text for (name, _f, _w), text in zip(names, texts)
                                          if name.startswith("t") and text))
                arrays[3].append(" ".join(text for (name, _f, _w), text in zip(names, texts)
                                          if name.startswith("b") and text))
                for i, text in enumerate(texts):
                    arrays[4 + i].append(text)
            cursor.execute(sql, [content_type, average, average, *arrays])


def index_new_pages(model, pages):
    """Index ``pages`` (saved instances of ``model``, all live) in every search backend."""
    if not pages:
        return
    for _name, backend in get_search_backends_with_name():
        if isinstance(backend, LocalisedPostgresSearchBackend) and connection.vendor == "postgresql":
            _postgres_entries(backend, model, pages)
        else:
            backend.add_bulk(model, pages)


def add_support_types(campaigns):
    """The support-type rows of new campaigns (what ``sync_support_types`` writes on save)."""
    CampaignSupportType.objects.bulk_create(
        [CampaignSupportType(campaign_id=campaign.pk, type_key=key)
         for campaign in campaigns for key in sorted(support_type_keys(campaign))],
        batch_size=5000, ignore_conflicts=True)
