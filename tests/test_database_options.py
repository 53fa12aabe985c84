"""PostgreSQL connection options (``lokadaya.settings.base.postgresql_options``): parameters bound
on the server, and the queries a connection repeats prepared once (issue 13)."""
import pytest
from django.db import connection

from lokadaya.settings.base import postgresql_options

POSTGRESQL = {"ENGINE": "django.db.backends.postgresql", "NAME": "lokadaya"}


@pytest.mark.parametrize("environ, expected", [
    ({}, {"server_side_binding": True, "prepare_threshold": 5}),
    ({"DATABASE_PREPARE_THRESHOLD": "2"}, {"server_side_binding": True, "prepare_threshold": 2}),
    ({"DATABASE_PREPARE_THRESHOLD": "off"}, {"server_side_binding": True}),
    # Behind PgBouncer in transaction mode neither may be on: a statement prepared on one server
    # connection is unknown on the next.
    ({"DATABASE_SERVER_SIDE_BINDING": "false"}, {"server_side_binding": False}),
    ({"DATABASE_SERVER_SIDE_BINDING": "false", "DATABASE_PREPARE_THRESHOLD": "3"}, {"server_side_binding": False}),
])
def test_options_follow_the_environment(monkeypatch, environ, expected):
    monkeypatch.delenv("DATABASE_PREPARE_THRESHOLD", raising=False)
    monkeypatch.delenv("DATABASE_SERVER_SIDE_BINDING", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert postgresql_options(dict(POSTGRESQL))["OPTIONS"] == expected


def test_sqlite_gets_no_postgresql_options():
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    assert postgresql_options(dict(database)) == database


@pytest.mark.django_db
def test_a_query_run_often_is_prepared_once_on_the_server():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    from regions.models import Province

    threshold = connection.settings_dict["OPTIONS"]["prepare_threshold"]
    query = Province.objects.filter(code="53").values_list("name", flat=True)
    names = {tuple(query.all()) for _ in range(threshold + 3)}  # .all(): a fresh query each time
    assert len(names) == 1, "the prepared query answers as the planned one did"
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements "
                       "WHERE statement LIKE %s", ['%FROM "regions_province"%'])
        prepared = cursor.fetchall()
    assert len(prepared) == 1, prepared
    assert prepared[0][1] >= 3, "each run after the threshold used the prepared statement"
