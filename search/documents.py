"""The search documents (PostgreSQL): one row per live page of the search page's types.

``refresh(page_ids)`` rewrites the rows of those pages from the pages, their relations and their
search index entries in one statement per page type (any number of pages: one page after its
index update, or every page written in bulk); a page that is not live loses its row.
``refresh_supports(campaign_ids)`` follows the support-type rows. ``version()`` changes with every
write, for caches of what the documents say. ``run`` is the search page's query (``engine.run``
on PostgreSQL), ``suggest`` its autocompletion.

Invariants: a row says what the page's live, indexed state says (written after the index entry,
in the same task); an OMS counts for its own kabupaten/kota and every other one it works in, and for
their provinces; an alliance for its kabupaten/kota and its own province (a national one: none).
"""
import hashlib
from collections import Counter

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.utils import timezone

from .models import CampaignSupportType, SearchDocument

VERSION_KEY = "search:documents:version"


def enabled():
    """Whether the documents are kept and searched: PostgreSQL with the project's backend."""
    if connection.vendor != "postgresql":
        return False
    from modelsearch.backends import get_search_backend

    from .backends.postgres import LocalisedPostgresSearchBackend

    return isinstance(get_search_backend(), LocalisedPostgresSearchBackend)


def version():
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, None)
        value = cache.get(VERSION_KEY) or 1
    return value


def bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 1, None)


def _kinds():
    from .engine import kinds

    return {key: model for key, (model, *_labels) in kinds().items()}


def _m2m(model, field_name):
    """``(table, source column, target column)`` of a many-to-many field."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through._meta
    return (through.db_table, through.get_field(field.m2m_field_name()).column,
            through.get_field(field.m2m_reverse_field_name()).column)


def _statement(kind, model, where):
    """The INSERT of ``kind``'s rows for the pages matching ``where`` (SQL over ``p``, the page)."""
    from regions.models import Regency
    from wagtail.models import Page
    from wagtail.search.models import IndexEntry

    from .engine import has_field

    quote = connection.ops.quote_name
    own = quote(model._meta.db_table)
    sdg_table, sdg_source, sdg_target = _m2m(model, "sdgs")
    regencies = "'{}'::integer[]"  # library resources and courses have no place
    if has_field(model, "regency"):
        regency = quote(model._meta.get_field("regency").column)
        regencies = f"ARRAY_REMOVE(ARRAY[x.{regency}], NULL)"
    aspect = f"x.{quote(model._meta.get_field('aspect').column)}" if has_field(model, "aspect") else "''"
    if kind == "organisation":
        work_table, work_source, work_target = _m2m(model, "work_regencies")
        regencies = (f"ARRAY(SELECT DISTINCT r FROM unnest(ARRAY_REMOVE(ARRAY[x.{regency}], NULL) || ARRAY("
                     f"SELECT w.{quote(work_target)} FROM {quote(work_table)} w "
                     f"WHERE w.{quote(work_source)} = p.id)) r ORDER BY r)")
    # An alliance names its province itself (a provincial alliance has no kabupaten/kota).
    own_province = "'{}'::integer[]"
    if has_field(model, "province"):
        own_province = f"ARRAY_REMOVE(ARRAY[x.{quote(model._meta.get_field('province').column)}], NULL)"
    dates = "x.closed, x.start_date, x.end_date" if kind == "campaign" else "false, NULL::date, NULL::date"
    supports = "'{}'::varchar[]"
    if kind == "campaign":
        supports = (f"ARRAY(SELECT s.type_key FROM {quote(CampaignSupportType._meta.db_table)} s "
                    "WHERE s.campaign_id = p.id ORDER BY s.type_key)")
    return (
        f"INSERT INTO {quote(SearchDocument._meta.db_table)} (page_id, locale_id, kind, path, published, regencies, "
        "provinces, sdgs, supports, closed, start_date, end_date, aspect, title, document, title_norm) "
        f"SELECT p.id, p.locale_id, '{kind}', p.path, p.first_published_at, g.regencies, "
        f"ARRAY(SELECT DISTINCT v FROM (SELECT r.province_id FROM {quote(Regency._meta.db_table)} r "
        f"WHERE r.id = ANY(g.regencies) UNION ALL SELECT unnest({own_province})) u(v) ORDER BY v), "
        f"ARRAY(SELECT s.{quote(sdg_target)} FROM {quote(sdg_table)} s WHERE s.{quote(sdg_source)} = p.id "
        f"ORDER BY 1), {supports}, {dates}, {aspect}, e.title, e.title || e.body, COALESCE(e.title_norm, 1.0) "
        f"FROM {quote(Page._meta.db_table)} p JOIN {own} x ON x.{quote(model._meta.pk.column)} = p.id "
        f"CROSS JOIN LATERAL (SELECT {regencies} AS regencies) g "
        f"LEFT JOIN {quote(IndexEntry._meta.db_table)} e ON e.content_type_id = p.content_type_id "
        "AND e.object_id = p.id::text "
        f"WHERE p.live AND {where}"
    )


def refresh(page_ids=None):
    """Rewrite the rows of ``page_ids`` (every page when None) from the database as it is now."""
    if not enabled():
        return
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    with connection.cursor() as cursor:
        if page_ids is None:
            cursor.execute(f"DELETE FROM {table}")
        else:
            page_ids = [int(pk) for pk in page_ids]
            if not page_ids:
                return
            cursor.execute(f"DELETE FROM {table} WHERE page_id = ANY(%s)", [page_ids])
        for kind, model in _kinds().items():
            where = "true" if page_ids is None else "p.id = ANY(%s)"
            cursor.execute(_statement(kind, model, where), [] if page_ids is None else [page_ids])
    bump()


def remove(page_id):
    if enabled():
        SearchDocument.objects.filter(page_id=page_id).delete()
        bump()


def refresh_supports(campaign_ids):
    """Copy the support-type rows of these campaigns into their documents."""
    if not enabled() or not campaign_ids:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(SearchDocument._meta.db_table)} d SET supports = ARRAY("
            f"SELECT s.type_key FROM {quote(CampaignSupportType._meta.db_table)} s WHERE s.campaign_id = d.page_id "
            "ORDER BY s.type_key) WHERE d.page_id = ANY(%s)", [[int(pk) for pk in campaign_ids]])
    bump()


# -- searching ------------------------------------------------------------------------------
#
# A search with words keeps at most MAX_HITS matches (``engine.MAX_HITS``): the pages whose title
# has the words (up to TITLE_CANDIDATES of them, ranked by their title as modelsearch ranks them:
# the weight it gives a title makes any of them outrank a match in the text alone), then the pages
# with the words in their text only, as the index yields them, unranked. Only candidates are
# ranked, never the bodies. When more pages match, the page says "more than": counting every match
# of a very common word exactly would read most of the index. Words and filters are matched
# together in this table's indexes; when the words alone match more than is kept, the filters are
# applied while finding matches, so a filter narrows what is kept rather than what was kept.
# Browsing (no words) counts every page exactly; those counts are the same for every visitor and
# are cached until the documents change.

BROWSE_COUNTS_SECONDS = 300
STATUS = ("CASE WHEN {t}.kind <> 'campaign' THEN '' WHEN {t}.closed OR {t}.end_date < %(today)s THEN 'ended' "
          "WHEN {t}.start_date > %(today)s THEN 'upcoming' ELSE 'active' END")
ORDER = {
    "relevance": "score DESC, published DESC NULLS LAST, page_id DESC",
    "newest": "published DESC NULLS LAST, page_id DESC",
    # Open campaigns ending first, then campaigns without an end date, then everything else.
    "closing": ("CASE WHEN status IN ('active', 'upcoming') AND end_date IS NOT NULL THEN 0 "
                "WHEN kind = 'campaign' AND status <> 'ended' THEN 1 ELSE 2 END, "
                "CASE WHEN status IN ('active', 'upcoming') THEN end_date END ASC NULLS LAST, "
                "published DESC NULLS LAST, page_id DESC"),
}
#: Each filter as SQL over a document row ``{t}``; array facets match any of their values.
CONDITIONS = {
    "kind": "{t}.kind = %({p})s",
    "province": "{t}.provinces @> ARRAY[%({p})s]::integer[]",
    "regency": "{t}.regencies @> ARRAY[%({p})s]::integer[]",
    "sdg": "{t}.sdgs @> ARRAY[%({p})s]::integer[]",
    "support": "{t}.supports @> ARRAY[%({p})s]::varchar[]",
    "status": "(" + STATUS + ") = %({p})s",
    "aspect": "{t}.aspect = %({p})s",
}
#: What each facet counts: a column of the kept rows, or an array of theirs to unnest.
COUNTED = {"kind": ("kind", None), "status": ("status", None), "province": (None, "provinces"),
           "regency": (None, "regencies"), "sdg": (None, "sdgs"), "support": (None, "supports"),
           "aspect": ("aspect", None)}
INTEGER_FACETS = ("province", "regency", "sdg")
COLUMNS = ("d.page_id, d.kind, d.published, d.regencies, d.provinces, d.sdgs, d.supports, "
           + STATUS.format(t="d") + " AS status, d.end_date, d.aspect")


def restricted_paths():
    """LIKE patterns of the pages under a view restriction (``Page.public()`` leaves them out)."""
    from wagtail.models import PageViewRestriction

    return sorted(path + "%" for path in PageViewRestriction.objects.values_list("page__path", flat=True))


def tsquery_text(terms, operator="&", prefix=False):
    """``'air' & 'bersih'`` (terms are letters and digits only: ``querytext.clean_query``)."""
    parts = [f"'{term}'" for term in terms]
    if prefix and parts:
        parts[-1] += ":*"
    return f" {operator} ".join(parts)


def _conditions(filters, params, alias, leave_out=None):
    parts = []
    for facet, value in filters.active().items():
        if facet != leave_out:
            params[f"f_{facet}"] = value
            # Kept rows (``m``) carry their status; a document row has its dates.
            condition = "{t}.status = %({p})s" if facet == "status" and alias == "m" else CONDITIONS[facet]
            parts.append(condition.format(t=alias, p=f"f_{facet}"))
    return parts


def _base(params):
    where = "d.locale_id = %(locale)s"
    if params["restricted"]:
        where += " AND NOT (d.path LIKE ANY(%(restricted)s))"
    return where


def _matches(params, conditions):
    """The kept matches of the words with these filter conditions: at most MAX_HITS + 1 rows (one
    more than is kept says there are more). Title matches (up to TITLE_CANDIDATES), ranked; then
    matches in the text alone as the index yields them. Words and filters are matched together
    (one bitmap of this table's indexes)."""
    where = " AND ".join([_base(params)] + conditions)
    query = "(SELECT to_tsquery(%(config)s::regconfig, %(text)s) AS q) q"
    titles = (f"SELECT {COLUMNS}, ts_rank(%(weights)s::float4[], d.title, d.tsq) * d.title_norm AS score "
              f"FROM (SELECT d.*, q.q AS tsq FROM search_searchdocument d, {query} "
              f"WHERE d.title @@ q.q AND {where} OFFSET 0 LIMIT %(candidates)s) d "
              "ORDER BY score DESC, d.published DESC NULLS LAST, d.page_id DESC LIMIT %(more)s")
    texts = (f"SELECT {COLUMNS}, 0.0::float AS score FROM search_searchdocument d, {query} "
             f"WHERE d.document @@ q.q AND NOT (d.title @@ q.q) AND {where} LIMIT %(more)s")
    return f"SELECT * FROM (({titles}) UNION ALL ({texts})) u ORDER BY {ORDER['relevance']} LIMIT %(more)s"


def _rows_sql(source, sort):
    return (f"SELECT page_id, kind, supports FROM {source} ORDER BY {ORDER.get(sort, ORDER['relevance'])} "
            "LIMIT %(limit)s OFFSET %(offset)s")


def _item(pk, kind, supports):
    from .engine import Item

    return Item(kind=kind, pk=pk, score=0.0, published=None, regencies=frozenset(), provinces=frozenset(),
                sdgs=frozenset(), supports=frozenset(supports or ()))


def _count_parts(filters, source_for, where_for):
    """``(part, key, n)`` selects: each facet's counts over its own rows (``source_for(facet)``)."""
    parts = []
    for facet, (column, array) in COUNTED.items():
        if facet == "regency" and filters.province is None:
            continue  # shown only within a chosen province
        source, where = source_for(facet), where_for(facet)
        if array:
            # Rows grouped by their whole list first (few distinct lists), then the lists unnested:
            # unnesting every row's list costs several times more.
            parts.append(f"SELECT '{facet}', v::text, sum(g.n)::bigint FROM (SELECT {array} AS a, count(*) AS n "
                         f"FROM {source} WHERE {where} GROUP BY 1) g CROSS JOIN unnest(g.a) v GROUP BY 1, 2")
            continue
        if facet in ("status", "aspect"):
            where += f" AND {column} <> ''"  # the types the facet does not apply to
        parts.append(f"SELECT '{facet}', {column}::text, count(*) FROM {source} WHERE {where} GROUP BY 1, 2")
    return parts


class Window:
    """The results as the paginator sees them: their number, and the rows of a slice, read when
    asked (the page a visitor asks for usually comes with the counts, in the same statement)."""

    def __init__(self, total, fetch, ready=None):
        self.total, self.fetch, self.ready = total, fetch, ready or {}

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, part):
        start = part.start or 0
        if start not in self.ready:
            self.ready[start] = self.fetch(start, part.stop - start)
        return self.ready[start][:part.stop - start]


def _page_number(value, total, per_page):
    """``Paginator.get_page``'s rule: not a number, the first page; out of range, the last."""
    pages = max(1, -(-total // per_page))
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= pages else pages


def _read(rows, counts):
    """``(matched, total, more, page rows)`` from the statement's rows; fills ``counts``."""
    matched = total = 0
    more, page_rows = False, []
    for part, key, number, kind, supports in rows:
        if part == "row":
            page_rows.append(_item(int(key), kind, supports))
        elif part == "matched":
            matched = number
        elif part == "total":
            total = number
        elif part == "more":
            more = number > 0
        else:
            counts[part][int(key) if part in INTEGER_FACETS else key] = number
    return matched, total, more, page_rows


def _words(params, filters, sort, asked, per_page):
    """One statement: the kept matches, their counts, and the page asked for.

    The matches of the words alone are kept first (``k_none``). When they are all kept, the
    filters and every count are applied to them; when there were more, the filters are applied
    while finding matches again (``k_all``), so that a filter narrows what is kept rather than what
    was kept, and the counts of each filter's values are those of the matches kept.
    """
    from .engine import MAX_HITS

    # At least one title candidate more than is kept: a word in thousands of titles says "more".
    params.update(more=MAX_HITS + 1, keep=MAX_HITS, candidates=max(TITLE_CANDIDATES, MAX_HITS + 1),
                  limit=per_page, offset=(asked - 1) * per_page)
    order = ORDER["relevance"]
    ctes = [f"k_none AS MATERIALIZED ({_matches(params, [])})",
            f"kn AS (SELECT * FROM k_none ORDER BY {order} LIMIT %(keep)s)"]
    if filters.active():
        narrowed = _matches(params, _conditions(filters, params, "d"))
        ctes.append(f"k_all AS MATERIALIZED (SELECT m.* FROM kn m WHERE (SELECT count(*) FROM k_none) <= %(keep)s "
                    f"AND {' AND '.join(_conditions(filters, params, 'm'))} UNION ALL "
                    f"SELECT f.* FROM ({narrowed}) f WHERE (SELECT count(*) FROM k_none) > %(keep)s)")
    else:
        ctes.append("k_all AS (SELECT * FROM k_none)")
    ctes.append(f"k AS (SELECT * FROM k_all ORDER BY {order} LIMIT %(keep)s)")

    def where(facet):
        return " AND ".join(_conditions(filters, params, "m", facet)) or "true"

    parts = ["SELECT 'matched', NULL, count(*) FROM k_none", "SELECT 'total', NULL, count(*) FROM k",
             "SELECT 'more', NULL, count(*) - %(keep)s FROM k_all"]
    parts += _count_parts(filters, lambda facet: "kn m", where)
    return (f"WITH {', '.join(ctes)} SELECT part, key, n, NULL::varchar, NULL::varchar[] FROM "
            f"({' UNION ALL '.join(parts)}) c(part, key, n) UNION ALL "
            f"SELECT 'row', page_id::text, 0, kind, supports FROM ({_rows_sql('k', sort)}) r")


#: "Closing soon" in three parts, each read in its own index order: open campaigns with an end
#: date (by end date), open campaigns without one, then everything else (newest first).
CLOSING_PARTS = (
    ("d.kind = 'campaign' AND NOT d.closed AND d.end_date >= %(today)s",
     "d.end_date ASC, d.published DESC NULLS LAST, d.page_id DESC"),
    ("d.kind = 'campaign' AND NOT d.closed AND d.end_date IS NULL", "d.published DESC NULLS LAST, d.page_id DESC"),
    ("NOT (d.kind = 'campaign' AND NOT d.closed AND (d.end_date IS NULL OR d.end_date >= %(today)s))",
     "d.published DESC NULLS LAST, d.page_id DESC"),
)


def _browse_rows_sql(params, filters, sort):
    """A page of every document (no words), read in an index's order: ``(page id, kind, supports)``."""
    where = " AND ".join([_base(params)] + _conditions(filters, params, "d"))
    if sort != "closing":
        return (f"SELECT d.page_id, d.kind, d.supports FROM search_searchdocument d WHERE {where} "
                f"ORDER BY d.published DESC NULLS LAST, d.page_id DESC LIMIT %(limit)s OFFSET %(offset)s")
    parts = [f"(SELECT {number} AS part, d.page_id, d.kind, d.supports, d.end_date, d.published "
             f"FROM search_searchdocument d WHERE {where} AND {condition} ORDER BY {order} "
             "LIMIT %(limit)s + %(offset)s)" for number, (condition, order) in enumerate(CLOSING_PARTS)]
    return (f"SELECT page_id, kind, supports FROM ({' UNION ALL '.join(parts)}) c ORDER BY part, "
            "CASE WHEN part = 0 THEN end_date END, published DESC NULLS LAST, page_id DESC "
            "LIMIT %(limit)s OFFSET %(offset)s")


def _browse(params, filters, sort, asked, per_page):
    """One statement: every document's counts (each facet with the other filters), and the page."""
    params.update(limit=per_page, offset=(asked - 1) * per_page)
    m = f"SELECT {COLUMNS} FROM search_searchdocument d WHERE {_base(params)}"

    def where(facet=None):
        return " AND ".join(_conditions(filters, params, "m", facet)) or "true"

    parts = ["SELECT 'matched', NULL, count(*) FROM m", f"SELECT 'total', NULL, count(*) FROM m WHERE {where()}"]
    parts += _count_parts(filters, lambda facet: "m", where)
    return (f"WITH m AS MATERIALIZED ({m}) SELECT part, key, n, NULL::varchar, NULL::varchar[] FROM "
            f"({' UNION ALL '.join(parts)}) c(part, key, n) UNION ALL "
            f"SELECT 'row', page_id::text, 0, kind, supports FROM ({_browse_rows_sql(params, filters, sort)}) r")


def _search(locale, terms, operator, filters, sort, page_number, per_page, restricted):
    from modelsearch.backends import get_search_backend
    from modelsearch.backends.database.postgres.weights import get_sql_weights
    from .engine import FACETS

    params = {"locale": locale.pk, "today": timezone.localdate(), "restricted": restricted}
    try:
        asked = max(1, int(page_number))
    except (TypeError, ValueError):
        asked = 1
    counts = {facet: Counter() for facet in FACETS}
    cached = None
    if terms:
        params.update(text=tsquery_text(terms, operator), weights=get_sql_weights(),
                      config=get_search_backend().config_for_language(locale.language_code))
        sql = _words(params, filters, sort, asked, per_page)

        def fetch(offset, limit):
            again = {**params, "offset": offset, "limit": limit}
            kept = (f"(SELECT * FROM ({_matches(again, _conditions(filters, again, 'd'))}) k "
                    f"ORDER BY {ORDER['relevance']} LIMIT %(keep)s) k")
            with connection.cursor() as cursor:
                cursor.execute(_rows_sql(kept, sort), again)
                return [_item(*row) for row in cursor.fetchall()]
    else:
        sql = _browse(params, filters, sort, asked, per_page)
        what = repr((locale.pk, sorted(filters.active().items()), restricted)).encode()
        cache_key = f"search:counts:{version()}:{hashlib.sha1(what).hexdigest()}"
        cached = cache.get(cache_key)

        def fetch(offset, limit):
            with connection.cursor() as cursor:
                cursor.execute(_browse_rows_sql(params, filters, sort), {**params, "offset": offset, "limit": limit})
                return [_item(*row) for row in cursor.fetchall()]
    ready = {}
    if cached is not None:
        matched, total, more, cached_counts = cached
        counts.update(cached_counts)
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            matched, total, more, ready[(asked - 1) * per_page] = _read(cursor.fetchall(), counts)
        if not terms:
            cache.set(cache_key, (matched, total, more, counts), BROWSE_COUNTS_SECONDS)
    window = Window(total, fetch, ready)
    page = Paginator(window, per_page).page(_page_number(page_number, total, per_page))
    return matched, more, page, counts


def run(locale, query_text="", filters=None, sort="relevance", page_number=1, per_page=None):
    """``engine.run`` on the documents: the same rules, found and counted by the database."""
    from .engine import PER_PAGE, Filters, Outcome

    filters = filters or Filters()
    per_page = per_page or PER_PAGE
    terms = query_text.split()
    if not terms and sort == "relevance":
        sort = "newest"
    restricted = restricted_paths()
    matched, more, page, counts = _search(locale, terms, "&", filters, sort, page_number, per_page, restricted)
    any_word = False
    if terms and not matched and len(terms) > 1:
        matched, more, page, counts = _search(locale, terms, "|", filters, sort, page_number, per_page, restricted)
        any_word = True
    return Outcome(items=page.paginator.object_list, counts=counts, page=page, more=more), any_word


#: A search ranks at most this many title matches (a very common word is in thousands of titles,
#: all about as relevant: ranking them all would cost more than it tells).
TITLE_CANDIDATES = 1000
#: Autocompletion ranks at most this many matching pages (a prefix of two letters may match most of
#: the site: ranking them all would cost more than the visitor waits between two keys).
CANDIDATES = 200
#: A last typed word shorter than this, after whole words, is not looked up in the index.
SHORT_PREFIX = 3


def suggest(locale, text, limit):
    """Ids of up to ``limit`` live public pages of ``locale`` whose title has every typed word, the
    last as a prefix (modelsearch's autocompletion), the first CANDIDATES found ranked as it ranks."""
    from wagtail.search.models import IndexEntry

    from .engine import content_types

    terms = text.split()
    if not terms:
        return []
    params = {"locale": locale.pk, "text": tsquery_text(terms, "&", prefix=True), "limit": limit,
              "restricted": restricted_paths(), "candidates": max(limit, CANDIDATES), "types": list(content_types())}
    match = "e.autocomplete @@ q.q"
    if len(terms) > 1 and len(terms[-1]) < SHORT_PREFIX:
        # "bank s": a one- or two-letter prefix matches most words; the index finds the pages with
        # the whole words, the prefix is checked on those (an expression the index cannot answer).
        params["indexed"] = tsquery_text(terms[:-1], "&")
        match = "e.autocomplete @@ to_tsquery('simple', %(indexed)s) AND (e.autocomplete || ''::tsvector) @@ q.q"
    sql = ("SELECT c.page_id FROM (SELECT d.page_id, ts_rank(e.autocomplete, q.q) AS score "
           f"FROM {connection.ops.quote_name(IndexEntry._meta.db_table)} e, "
           "(SELECT to_tsquery('simple', %(text)s) AS q) q, "
           "LATERAL (SELECT d.page_id FROM search_searchdocument d WHERE d.page_id = e.object_id::integer "
           f"AND {_base(params)}) d WHERE e.content_type_id = ANY(%(types)s) AND {match} "
           "LIMIT %(candidates)s) c ORDER BY c.score DESC, c.page_id DESC LIMIT %(limit)s")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]
