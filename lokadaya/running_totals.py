"""Running totals kept by the database: a table of sums that triggers keep equal to its source rows.

For figures read on every render whose source grows without bound (a campaign's ledger lines, its
donations): summing the source per render costs more the more there is (25,000 ledger lines took
5 ms to sum on each campaign page). A ``RunningTotal`` names the source table, the totals table,
the key they share and what each source row adds; a migration runs its ``create`` statements
(after ``backfill``) and ``drop`` to undo them.

The invariants it keeps:

* **Always equal, whoever writes.** After any INSERT, UPDATE or DELETE on the source (the ORM, a
  bulk insert that skips conflicts, raw SQL, COPY), each total equals the sum of what the source's
  rows under its key add, within the same statement and so the same transaction.
* **No lock without a change.** PostgreSQL sums a statement's changes per key (statement triggers
  with transition tables) and writes only keys whose sums move, in key order: two transactions
  that both touch a key queue on its row and never deadlock on each other, and an update that
  changes nothing counted (a timestamp) takes no lock. SQLite (the embedded default of ``make run``)
  adds row by row.
* The triggers are part of the schema: changing a ``RunningTotal`` means a new migration that drops
  the old triggers and creates the new ones.

A total can differ from its rows only if rows were written with the triggers disabled (or the
totals table written by hand): ``differences`` recounts the source and says where, and
``manage.py reconcile`` reports it (the ledger's balances itself; a plugin's totals through its
``money_problems`` or ``count_problems``).

Define a plugin's totals in its own module (``plugins/petition/totals.py``), import them in the
migration that installs them and in the check. If a definition ever changes, copy the old one into
that migration first, and install the new one in a new migration.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RunningTotal:
    """Sums of ``source`` rows per ``key``, kept in ``target``.

    ``sums``: ``{target column: SQL expression}``, what one source row adds, written with ``{row}``
    for the row (``"{row}.received_amount - {row}.refunded_amount"``, or ``"1"`` to count rows).
    ``where``: an SQL condition over ``{row}``; only rows meeting it count ("" for every row).
    ``name`` prefixes the triggers' names and must be unique in the database.
    """

    name: str
    source: str
    target: str
    key: tuple
    sums: dict = field(hash=False)
    where: str = ""

    # -- what a migration runs -----------------------------------------------------------------

    def backfill(self):
        """One statement adding what is already in the source (run it before ``create``)."""
        return self._upsert([(self.source, "")])

    def create(self, vendor):
        """The statements that create the triggers on ``vendor`` ("postgresql" or "sqlite")."""
        if vendor == "postgresql":
            return self._postgresql()
        if vendor == "sqlite":
            return self._sqlite()
        raise RuntimeError(f"Running totals ({self.name}) need triggers written for {vendor}.")

    def drop(self, vendor):
        """The statements that remove what ``create`` made."""
        events = ("insert", "delete", "update")
        if vendor == "postgresql":
            return ([f"DROP TRIGGER IF EXISTS {self.name}_{event} ON {self.source}" for event in events]
                    + [f"DROP FUNCTION IF EXISTS {self.name}_keep()"])
        return [f"DROP TRIGGER IF EXISTS {self.name}_{event}" for event in events]

    # -- the SQL ---------------------------------------------------------------------------------

    def _condition(self, row):
        return self.where.format(row=row) if self.where else "1 = 1"

    def _rows(self, table, sign, columns=None):
        """A SELECT of the key and each row's signed contribution, from ``table`` (``columns``: these
        target columns in this order, 0 for those this total does not add to)."""
        keys = ", ".join(f"r.{column}" for column in self.key)
        parts = ", ".join(f"{sign}({self.sums[column].format(row='r')}) AS {column}" if column in self.sums
                          else f"0 AS {column}" for column in (columns or self.sums))
        return f"SELECT {keys}, {parts} FROM {table} AS r WHERE {self._condition('r')}"

    def _upsert(self, parts):
        """Add the rows of ``parts`` (``[(table, sign)]``: a transition table or the source) to the
        totals, summed per key: one statement."""
        key = ", ".join(self.key)
        columns = list(self.sums)
        deltas = " UNION ALL ".join(self._rows(table, sign) for table, sign in parts)
        moved = " OR ".join(f"SUM({column}) <> 0" for column in columns)
        return (f"INSERT INTO {self.target} ({key}, {', '.join(columns)}) "
                f"SELECT {key}, {', '.join(f'SUM({column})' for column in columns)} FROM ({deltas}) AS delta "
                f"GROUP BY {key} HAVING {moved} ORDER BY {key} "
                f"ON CONFLICT ({key}) DO UPDATE SET "
                + ", ".join(f"{column} = {self.target}.{column} + EXCLUDED.{column}" for column in columns))

    def _postgresql(self):
        changed = {
            "INSERT": self._upsert([("new_rows", "")]),
            "DELETE": self._upsert([("old_rows", "-")]),
            "UPDATE": self._upsert([("old_rows", "-"), ("new_rows", "")]),
        }
        function = (f"CREATE FUNCTION {self.name}_keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    f"IF TG_OP = 'INSERT' THEN {changed['INSERT']}; "
                    f"ELSIF TG_OP = 'DELETE' THEN {changed['DELETE']}; "
                    f"ELSE {changed['UPDATE']}; END IF; RETURN NULL; END $$")
        # A trigger with transition tables takes one event each.
        tables = {"insert": "NEW TABLE AS new_rows", "delete": "OLD TABLE AS old_rows",
                  "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}
        return [function] + [
            f"CREATE TRIGGER {self.name}_{event} AFTER {event.upper()} ON {self.source} REFERENCING {tables[event]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {self.name}_keep()" for event in ("insert", "delete", "update")]

    def _sqlite_add(self, row, sign):
        key = ", ".join(self.key)
        columns = list(self.sums)
        values = ", ".join([f"{row}.{column}" for column in self.key]
                           + [f"{sign}({expression.format(row=row)})" for expression in self.sums.values()])
        # SQLite needs the WHERE before ON CONFLICT to read an INSERT ... SELECT as an upsert.
        return (f"INSERT INTO {self.target} ({key}, {', '.join(columns)}) SELECT {values} "
                f"WHERE {self._condition(row)} ON CONFLICT ({key}) DO UPDATE SET "
                + ", ".join(f"{column} = {column} + excluded.{column}" for column in columns) + ";")

    def _sqlite(self):
        return [
            f"CREATE TRIGGER {self.name}_insert AFTER INSERT ON {self.source} WHEN {self._condition('NEW')} "
            f"BEGIN {self._sqlite_add('NEW', '')} END",
            f"CREATE TRIGGER {self.name}_delete AFTER DELETE ON {self.source} WHEN {self._condition('OLD')} "
            f"BEGIN {self._sqlite_add('OLD', '-')} END",
            f"CREATE TRIGGER {self.name}_update AFTER UPDATE ON {self.source} "
            f"WHEN ({self._condition('OLD')}) OR ({self._condition('NEW')}) "
            f"BEGIN {self._sqlite_add('OLD', '-')} {self._sqlite_add('NEW', '')} END",
        ]


def install(*totals):
    """``(forwards, backwards)`` for ``migrations.RunPython``: backfill and create ``totals``' triggers."""

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        statements = [total.backfill() for total in totals]
        for total in totals:
            statements += total.create(vendor)
        _run(schema_editor, statements)

    def backwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        _run(schema_editor, [statement for total in totals for statement in total.drop(vendor)])

    return forwards, backwards


def differences(model, *totals):
    """``[(key, kept, counted)]`` for each key where the totals table (``model``) differs from what
    the ``totals``' sources (sharing that table and key) add up to; values as ``model``'s fields hold
    them, a key missing on one side reading as zeros. Empty when all agree."""
    from django.db import connection

    key = totals[0].key
    for total in totals:
        if total.target != model._meta.db_table or total.key != key:
            raise ValueError(f"{total.name} does not keep {model._meta.db_table} by {key}")
    columns = list(dict.fromkeys(column for total in totals for column in total.sums))
    fields = [model._meta.get_field(column) for column in columns]

    def values(row):
        return tuple(field.to_python(value if value is not None else 0) for field, value in zip(fields, row))

    parts = [total._rows(total.source, "", columns) for total in totals]
    keys = ", ".join(key)
    sql = (f"SELECT {keys}, {', '.join(f'SUM({column})' for column in columns)} "
           f"FROM ({' UNION ALL '.join(parts)}) AS counted GROUP BY {keys}")
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counted = {tuple(row[:len(key)]): values(row[len(key):]) for row in cursor.fetchall()}
    kept = {tuple(row[:len(key)]): values(row[len(key):])
            for row in model.objects.values_list(*key, *columns)}
    nothing = values([0] * len(columns))
    return [(found, kept.get(found, nothing), counted.get(found, nothing))
            for found in sorted(set(kept) | set(counted), key=str)
            if kept.get(found, nothing) != counted.get(found, nothing)]


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
