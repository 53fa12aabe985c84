"""A campaign's wall of supporters across every support type, in one query.

Each type implementing the batched hooks (``supporter_query`` + ``supporter_from_row``) hands over
an unevaluated queryset of *normalized rows* (:func:`supporter_rows`): its own newest public
supporters, at most ``limit``, chosen by its own rule. The core runs them as one ``UNION ALL``
ordered newest first. A type with only ``supporter_wall`` is asked that (its own query).

Invariants: a type shows on the wall exactly the supporters its ``supporter_wall`` would; the name
of an anonymous supporter is blanked in SQL (``name`` below), so it never leaves the database.
"""
from typing import Any, NamedTuple

from django.db import models
from django.db.models import F, Value

from lokadaya import compiled_queries

from .progress import as_decimal, as_datetime, as_integer, as_text

#: The names of the normalized columns, in order (see :class:`SupporterRow`).
_COLUMNS = ("_w_type", "_w_created", "_w_pk", "_w_name", "_w_text", "_w_text2", "_w_number", "_w_amount")


class SupporterRow(NamedTuple):
    """One supporter as a type's ``supporter_query`` normalized it."""

    type_key: str
    created_at: Any
    pk: int
    name: str  # "" for an anonymous supporter
    text: str
    text2: str
    number: int
    amount: Any  # Decimal or None


def _expr(value, default):
    if value is None:
        return default
    return F(value) if isinstance(value, str) else value


def supporter_rows(queryset, type_key, limit, *, order_by=("-created_at", "-pk"), created_at="created_at",
                   name, text=None, text2=None, number=None, amount=None):
    """``queryset``'s first ``limit`` records (by ``order_by``) as normalized wall rows. Unevaluated.

    ``queryset``: the type's public supporters of one campaign (filtered by its own rule).
    ``name``: an expression giving "" for an anonymous supporter (never the real name);
    ``created_at``: when they supported (the wall's order); ``text``, ``text2`` (text), ``number``
    (integer) and ``amount`` (decimal): whatever ``supporter_from_row`` needs to describe them.
    Each is a field name or an expression.
    """
    model = queryset.model
    chosen = queryset.order_by(*order_by).values("pk")[:limit]
    blank = Value("", output_field=models.TextField())
    columns = {
        "_w_type": as_text(Value(type_key, output_field=models.TextField())),
        "_w_created": as_datetime(_expr(created_at, None)),
        "_w_pk": as_integer(F("pk")),
        "_w_name": as_text(_expr(name, None)),
        "_w_text": as_text(_expr(text, blank)),
        "_w_text2": as_text(_expr(text2, blank)),
        "_w_number": as_integer(_expr(number, Value(0, output_field=models.BigIntegerField()))),
        "_w_amount": as_decimal(_expr(amount, Value(None, output_field=models.DecimalField()))),
    }
    return model._base_manager.filter(pk__in=chosen).order_by().annotate(**columns).values_list(*_COLUMNS)


def anonymous_blank(name_field="name", anonymous_field="is_anonymous"):
    """``name``, or "" when the supporter asked to be anonymous (or gave no name)."""
    from django.db.models import Case, Q, When

    return Case(When(Q(**{anonymous_field: True}) | Q(**{name_field: ""}), then=Value("")),
                default=F(name_field), output_field=models.TextField())


def batched(registry, key):
    return registry.implements(key, "supporter_query") and registry.implements(key, "supporter_from_row")


def wall(source, type_keys, limit):
    """The ``limit`` newest public supporters of ``source`` (a saved source page) across ``type_keys``."""
    from .plugins import registry

    entries, keys = [], []
    for key in type_keys:
        if batched(registry, key):
            keys.append(key)
        elif registry.implements(key, "supporter_wall"):
            entries.extend(registry.call(key, "supporter_wall", campaign=source, limit=limit) or [])

    def build(groups):
        querysets = [registry.call(key, "supporter_query", campaign_id=group[0], limit=limit)
                     for key, group in zip(keys, groups)]
        querysets = [qs for qs in querysets if qs is not None]
        if len(querysets) > 1:
            # Newest first across types; each branch is already cut to ``limit``.
            return [querysets[0].union(*querysets[1:], all=True).order_by("-_w_created", "-_w_pk")[:limit]]
        return querysets

    shape = ("wall", registry.manager, tuple(keys), limit)
    rows = compiled_queries.rows(shape, build, [[source.pk] for _key in keys], _COLUMNS) if keys else ()
    for values in rows:
        row = SupporterRow(*values)
        supporter = registry.call(row.type_key, "supporter_from_row", row=row)
        if supporter is not None:
            entries.append(supporter)
    entries.sort(key=lambda e: e.created_at, reverse=True)
    return entries[:limit]
