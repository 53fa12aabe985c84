"""Queries whose SQL is compiled once per shape and run again with other values (issue 13).

Building a queryset and compiling it to SQL costs Python more than PostgreSQL takes to run the
query: a campaign render spent more in Django's compiler than in the database. The SQL depends
only on the query's *shape* (which filters, how many ids), so it is compiled once per process,
with stand-in values, and run again with the real ones as parameters:

* ``rows(shape, build, groups, columns)``: tuples, e.g. a ``UNION ALL`` of the support types'
  progress rows (``campaigns.progress``) or their walls (``campaigns.wall``);
* ``instances(shape, build, groups)``: model instances, as iterating the queryset would give them,
  ``select_related`` and annotations included (the page a remembered route finds, the match fund).

``build(groups)`` returns the queryset (or the querysets of a union) for ``groups``, lists of
values: ints, strings or dates, the only values that may vary between runs.

Invariants:

1. **Same answer.** A run gives what evaluating ``build(groups)`` would: the same SQL, the real
   values in the stand-ins' places, the same converters and the same instances.
2. **Only reused when every value is a parameter.** A shape is reused only if every stand-in came
   out as its own query parameter (never written into the SQL text, never folded into another
   value); otherwise the query is built anew on every run (``NOT_REUSABLE``). Any other parameter
   of the compiled SQL is a constant of the shape: whatever may change between runs (today's date,
   an id) must come in ``groups``.
3. **Per process, bounded.** At most ``_COMPILED_MAX`` shapes are kept; no connection is kept.
"""
import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connections

#: Compiled queries by (database, vendor, shape); per process.
_COMPILED = {}
_COMPILED_MAX = 512
NOT_REUSABLE = "not reusable"


class _Slot:
    """Where the ``index``-th real value goes among a compiled query's parameters."""

    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index


def _stand_ins(groups):
    """Stand-in values for ``groups``, each never equal to a real value nor to another stand-in."""
    stand_ins, flat = [], []
    for group in groups:
        made = []
        for value in group:
            n = len(flat)
            if isinstance(value, datetime.datetime):
                raise TypeError("compiled queries take dates, not datetimes")
            if isinstance(value, datetime.date):
                made.append(datetime.date(1, 1, 1) + datetime.timedelta(days=n))  # year 1: never real
            elif isinstance(value, int):
                made.append(-(10 ** 15) - n)
            else:
                made.append(f"~lokadaya-stand-in-{n}~")
            flat.append(made[-1])
        stand_ins.append(made)
    return stand_ins, flat


def _parameter_template(params, flat):
    """``params`` with each stand-in replaced by its ``_Slot``; None when some stand-in is missing."""
    position = {value: index for index, value in enumerate(flat)}
    template, seen = [], set()
    for param in params:
        index = position.get(param) if isinstance(param, (int, str, datetime.date)) else None
        if index is not None and type(param) is type(flat[index]):
            template.append(_Slot(index))
            seen.add(index)
        else:
            template.append(param)
    return template if len(seen) == len(flat) else None


def _compile(queryset, flat, using):
    """``(compiler, sql, parameter template)`` of ``queryset`` built with the stand-ins ``flat``, or
    None when it cannot be reused (a stand-in is not a parameter; an empty group, which Django
    answers without SQL)."""
    compiler = queryset.query.get_compiler(using=using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    template = _parameter_template(params, flat)
    return None if template is None else (compiler, sql, template)


def _compiled(key, compile_):
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = compile_()
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = compiled
    return compiled


def _execute(using, sql, template, groups, converters):
    """The rows of ``sql`` run with ``groups``' values in their slots, through the converters."""
    flat = [value for group in groups for value in group]
    params = [flat[p.index] if isinstance(p, _Slot) else p for p in template]
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not converters:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for position, (functions, expression) in converters.items():
            value = row[position]
            for function in functions:
                value = function(value, expression, connection)
            row[position] = value
        converted.append(row)
    return converted


# --- Rows ---------------------------------------------------------------------------------------


def combine(querysets):
    """One queryset: ``querysets`` (of one shape) as a ``UNION ALL``; None when there are none."""
    querysets = [qs for qs in querysets if qs is not None]
    if not querysets:
        return None
    if len(querysets) == 1:
        return querysets[0]
    return querysets[0].union(*querysets[1:], all=True)


def run_union(querysets):
    """Evaluate ``querysets`` (of one shape) as one ``UNION ALL``: a list of tuples."""
    combined = combine(querysets)
    return [] if combined is None else [tuple(row) for row in combined]


def rows(shape, build, groups, columns, using="default"):
    """Rows (tuples, in ``columns``' order) of the union of the ``values_list`` querysets that
    ``build(groups)`` returns, compiled once per ``shape`` (a hashable naming everything but the
    values in ``groups``)."""

    def compile_():
        stand_ins, flat = _stand_ins(groups)
        combined = combine(build(stand_ins))
        if combined is None:
            return None
        made = _compile(combined, flat, using)
        if made is None:
            return NOT_REUSABLE
        compiler, sql, template = made
        if tuple(alias for _expr, _sql, alias in compiler.select) != tuple(columns):
            return NOT_REUSABLE
        return sql, template, compiler.get_converters([expr for expr, _sql, _alias in compiler.select])

    compiled = _compiled((using, connections[using].vendor, "rows", shape), compile_)
    if compiled is None:
        return []
    if compiled is NOT_REUSABLE:
        return run_union(build(groups))
    sql, template, converters = compiled
    return [tuple(row) for row in _execute(using, sql, template, groups, converters)]


# --- Model instances ----------------------------------------------------------------------------


class _Instances:
    """What turns a compiled query's rows into instances, as ``django.db.models.query.ModelIterable`` does."""

    __slots__ = ("sql", "template", "converters", "model", "init_list", "start", "end", "related", "annotations")

    def __init__(self, compiler, sql, template, using):
        from django.db.models.query import get_related_populators

        select, klass_info = compiler.select, compiler.klass_info
        self.sql, self.template = sql, template
        self.converters = compiler.get_converters([column[0] for column in select[:compiler.col_count]])
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start:self.end]]
        self.related = get_related_populators(klass_info, select, using)
        self.annotations = compiler.annotation_col_map

    def make(self, row, using):
        obj = self.model.from_db(using, self.init_list, row[self.start:self.end])
        for populator in self.related:
            populator.populate(row, obj)
        for name, position in (self.annotations or {}).items():
            setattr(obj, name, row[position])
        return obj


def instances(shape, build, groups, using="default"):
    """The model instances of the queryset ``build(groups)`` returns, in its order, its SQL compiled
    once per ``shape``. A queryset with ``prefetch_related``, known related objects or another
    iterable than instances is evaluated as it is each time."""
    from django.db.models.query import ModelIterable

    def reusable(queryset):
        return (queryset._iterable_class is ModelIterable and not queryset._prefetch_related_lookups
                and not queryset._known_related_objects and not queryset.query.select_for_update)

    def compile_():
        stand_ins, flat = _stand_ins(groups)
        queryset = build(stand_ins)
        made = _compile(queryset, flat, using) if reusable(queryset) else None
        if made is None or made[0].has_extra_select:
            return NOT_REUSABLE
        return _Instances(*made, using)

    compiled = _compiled((using, connections[using].vendor, "instances", shape), compile_)
    if compiled is NOT_REUSABLE:
        return list(build(groups))
    return [compiled.make(row, using) for row in _execute(using, compiled.sql, compiled.template, groups,
                                                         compiled.converters)]
