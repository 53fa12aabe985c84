"""Campaign progress for many campaigns at once, in a fixed number of queries.

``prefetch_progress(campaigns)`` measures every ask of every campaign given (any language: records
always point at the source page) and stores the answer on each instance, so that
``campaign.get_progress()`` and ``campaign.money_progress`` then read it without a query.

How: the source pages of campaigns not in the default language are read in one query; then every
support type implementing the batched hooks (``progress_query`` + ``progress_from_rows``) hands
over an unevaluated queryset of *normalized rows* (:func:`progress_rows`), and the core runs them
all as one ``UNION ALL``, whose SQL is compiled once per shape and reused (``lokadaya.compiled_queries``).
A type without the batched hooks is asked through ``ask_progress``, once per campaign (its own
queries: a third-party plugin keeps working, at its own cost).

Invariants: what is stored is what ``get_progress()`` computes at that moment (one rule, this
module, for both); a record counts only for the source campaign and the ask it names; every row
of the union has the same columns, of the same types on PostgreSQL and SQLite (:class:`Normalized`).
"""
from collections import defaultdict
from typing import Any, NamedTuple

from django.db import models
from django.db.models import F, Func, Value

from lokadaya import compiled_queries

#: The columns of a normalized progress row, in order (the names of :class:`ProgressRow`).
COLUMNS = ("campaign_id", "ask_id", "part", "count", "count2", "count3", "amount")


class ProgressRow(NamedTuple):
    """One row of a type's aggregate: a campaign, an ask, an optional part of it (an item, a shift:
    "" for the ask as a whole), up to three integers and one decimal amount (None when not asked)."""

    campaign_id: int
    ask_id: str
    part: str
    count: int
    count2: int
    count3: int
    amount: Any


class Normalized(Func):
    """An expression given one SQL type on PostgreSQL (``UNION ALL`` needs every branch's column to
    agree); SQLite is typed per value and takes it as it is."""

    def __init__(self, expression, pg_type, output_field):
        super().__init__(expression, output_field=output_field)
        self.pg_type = pg_type

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"({sql})::{self.pg_type}", params
        return sql, params

    def get_group_by_cols(self):
        # Group by the column itself, never by a constant or an aggregate.
        return self.source_expressions[0].get_group_by_cols()


def as_integer(expression):
    return Normalized(expression, "bigint", models.BigIntegerField())


def as_text(expression):
    return Normalized(expression, "text", models.TextField())


def as_decimal(expression):
    return Normalized(expression, "numeric", models.DecimalField())


def as_datetime(expression):
    return Normalized(expression, "timestamptz", models.DateTimeField())


def _expression(value, default):
    if value is None:
        return default
    return F(value) if isinstance(value, str) else value


def progress_rows(queryset, *, part=None, counts=(), amount=None):
    """A type's records as normalized progress rows, for its ``progress_query`` hook. Unevaluated.

    ``queryset``: the type's records, filtered (``campaign_id__in``, ``ask_id__in``, statuses...).
    Rows are grouped by campaign, ask and ``part`` (a field name or expression, e.g. the item key;
    None: one row per ask). ``counts``: up to three integer aggregates (``Count``, ``Sum`` of
    integers); ``amount``: one decimal aggregate (``Sum`` of money or hours), or None.
    """
    if len(counts) > 3:
        raise ValueError("progress_rows takes at most three counts")
    counts = list(counts) + [None] * (3 - len(counts))
    zero = Value(0, output_field=models.BigIntegerField())
    keys = {
        "_p_campaign": as_integer(F("campaign_id")),
        "_p_ask": as_text(F("ask_id")),
        "_p_part": as_text(_expression(part, Value("", output_field=models.TextField()))),
    }
    aggregates = {
        "_p_count": as_integer(_expression(counts[0], zero)),
        "_p_count2": as_integer(_expression(counts[1], zero)),
        "_p_count3": as_integer(_expression(counts[2], zero)),
        "_p_amount": as_decimal(_expression(amount, Value(None, output_field=models.DecimalField()))),
    }
    return (queryset.order_by().annotate(**keys).values_list(*keys)
            .annotate(**aggregates).values_list(*keys, *aggregates))


#: The SQL names of the normalized columns, in ``COLUMNS``' order.
_COLUMN_NAMES = ("_p_campaign", "_p_ask", "_p_part", "_p_count", "_p_count2", "_p_count3", "_p_amount")


# Compiled once per shape (``lokadaya.compiled_queries``): building a dozen querysets through the
# plugins and compiling their union cost more CPU than the database takes to run it (issue 13).


def as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


# --- Sources ------------------------------------------------------------------------------------


def resolve_sources(campaigns):
    """Fill ``campaign.source`` of every campaign whose source is not known yet: at most one query
    for the pages (none when all are in the default language) besides ``Locale.get_default()``.

    Same answer as ``CampaignPage.source``: the campaign itself in the default locale, else the
    page of the same translation key in the default locale (live or not), else the campaign itself.
    """
    from wagtail.models import Locale

    from .models import CampaignPage

    pending = [c for c in campaigns if "source" not in c.__dict__]
    if not pending:
        return
    default_id = Locale.get_default().pk
    translated = [c for c in pending if c.locale_id != default_id and c.pk is not None]
    found = {}
    if translated:
        found = {page.translation_key: page for page in CampaignPage.objects.filter(
            translation_key__in={c.translation_key for c in translated}, locale_id=default_id)}
    for campaign in pending:
        campaign.__dict__["source"] = found.get(campaign.translation_key, campaign)


# --- Measuring ----------------------------------------------------------------------------------


def batched(registry, key):
    return registry.implements(key, "progress_query") and registry.implements(key, "progress_from_rows")


def measure(campaigns):
    """``[get_progress() rows]`` for each of ``campaigns``, in order (nothing stored)."""
    from .plugins import registry

    campaigns = list(campaigns)
    resolve_sources(campaigns)
    plans = []  # (campaign, source, asks, {type key: [asks]})
    wanted = defaultdict(lambda: (set(), set()))  # batched type key -> (campaign ids, ask ids)
    for campaign in campaigns:
        asks = campaign.get_asks()
        source = campaign.source
        by_type = {}
        for ask in asks:
            by_type.setdefault(ask.type_key, []).append(ask)
        plans.append((campaign, source, asks, by_type))
        if source.pk is None:  # the preview of a campaign never saved: nothing pledged
            continue
        for key, type_asks in by_type.items():
            if batched(registry, key):
                campaign_ids, ask_ids = wanted[key]
                campaign_ids.add(source.pk)
                ask_ids.update(ask.id for ask in type_asks)

    keys = sorted(wanted)
    groups = []
    for key in keys:
        campaign_ids, ask_ids = wanted[key]
        groups += [sorted(campaign_ids), sorted(ask_ids)]

    def build(groups):
        querysets = []
        for i, key in enumerate(keys):
            querysets += as_list(registry.call(key, "progress_query", campaign_ids=groups[2 * i],
                                               ask_ids=groups[2 * i + 1]))
        return querysets

    shape = ("progress", registry.manager, tuple((key, len(wanted[key][0]), len(wanted[key][1])) for key in keys))
    rows = defaultdict(list)  # (campaign id, ask id) -> [ProgressRow]
    for values in compiled_queries.rows(shape, build, groups, _COLUMN_NAMES) if keys else ():
        row = ProgressRow(*values)
        rows[(row.campaign_id, row.ask_id)].append(row)

    answers = []
    for campaign, source, asks, by_type in plans:
        if source.pk is None:
            answers.append([(ask, registry.get(ask.type_key), None) for ask in asks])
            continue
        progress = {}
        for key, type_asks in by_type.items():
            if batched(registry, key):
                type_rows = [row for ask in type_asks for row in rows.get((source.pk, ask.id), ())]
                result = registry.call(key, "progress_from_rows", campaign=source, asks=type_asks, rows=type_rows)
            else:
                result = registry.call(key, "ask_progress", campaign=source, asks=type_asks)
            progress.update(result or {})
        answers.append([(ask, registry.get(ask.type_key), progress.get(ask.id)) for ask in asks])
    return answers


def prefetch_progress(campaigns):
    """Measure the progress of every ask of ``campaigns`` (CampaignPages, any language) and store it
    on each, for ``get_progress()`` and ``money_progress``: two queries in all when every type
    implements the batched hooks (the source pages, skipped when known; the union). Returns the list.
    """
    campaigns = [c for c in campaigns if c is not None]
    for campaign, rows in zip(campaigns, measure(campaigns)):
        campaign.set_progress(rows)
    return campaigns
