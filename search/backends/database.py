"""``search.backends.database``: the database backend for the ``default`` database's vendor.

PostgreSQL gets :class:`~search.backends.postgres.LocalisedPostgresSearchBackend` (Indonesian and
English stemming); SQLite, the embedded default, and the others get modelsearch's own backend.
"""
from django.db import connection
from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 - modelsearch looks the backend up by this name
    if connection.vendor == "postgresql":
        from .postgres import LocalisedPostgresSearchBackend

        return LocalisedPostgresSearchBackend(params)
    params = {key: value for key, value in params.items() if key != "LANGUAGE_CONFIGS"}
    return database.SearchBackend(params)
