"""Pytest set-up shared by the project's tests and the built-in plugins' tests."""
import json
import os
from contextlib import contextmanager

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM stays synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["lokadaya.testing"]

#: What the migrations loaded (regions, SDGs, locales, the page root, networks, groups...), per table.
_SNAPSHOT = {}
#: The same, serialized by Django, on other databases (SQLite).
_SERIALIZED = []


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_use_migrations,
                    django_db_keepdb, django_db_createdb, django_db_modify_db_settings):
    """The test database, and a snapshot of its migrated data for transactional tests to restore.

    PostgreSQL: the schema is migrated once into a template and each worker gets a fresh copy of it
    (``lokadaya/testdb.py``), so no run starts from what an earlier one left (a transactional test
    empties every table) and no worker migrates. ``--create-db`` migrates the template again;
    ``--reuse-db`` keeps the worker's copy when the session ends. Elsewhere (SQLite): pytest-django's
    own set-up, and Django's serialized copy of the data.
    """
    import re

    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    verbosity = request.config.option.verbose
    if connection.vendor != "postgresql" or not django_db_use_migrations:
        with django_db_blocker.unblock():
            config = setup_databases(verbosity=verbosity, interactive=False,
                                     keepdb=django_db_keepdb and not django_db_createdb)
            if connection.vendor != "postgresql":
                _SERIALIZED.append(connection.creation.serialize_db_to_string())
        yield
        if not django_db_keepdb:
            with django_db_blocker.unblock():
                teardown_databases(config, verbosity=verbosity)
        return

    from lokadaya.testdb import drop_worker_database, setup_worker_database

    with django_db_blocker.unblock():
        worker = connection.creation._get_test_db_name()
        # The workers of one run (xdist's _gw0, _gw1...) share one template.
        base = re.sub(r"_gw\d+$", "", worker) if hasattr(request.config, "workerinput") else worker
        original = setup_worker_database(connection, worker, base, rebuild=django_db_createdb,
                                         verbosity=verbosity)
        _take_snapshot()
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            drop_worker_database(connection, worker, original)


@pytest.fixture
def child_database(django_db_setup, django_db_blocker):
    """``with child_database(name) as options:``: the database options of a child pytest whose
    ``TEST_DB_NAME`` is ``name``. On PostgreSQL, ``--reuse-db`` on a copy of this run's template
    (dropped afterwards), so the child migrates only what it adds; elsewhere ``--create-db``."""
    from lokadaya import testdb

    @contextmanager
    def database(name):
        with django_db_blocker.unblock():
            made = testdb.copy_for_child(name)
        try:
            yield ["--reuse-db"] if made else ["--create-db"]
        finally:
            if made:
                with django_db_blocker.unblock():
                    testdb.drop_database(name)

    return database


def _take_snapshot():
    from django.db import connection

    _SNAPSHOT.clear()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')
            if cursor.fetchone()[0]:
                with cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                    _SNAPSHOT[table] = b"".join(bytes(chunk) for chunk in copy)


def _restore_snapshot():
    """Put the migrated data back after a transactional test emptied the tables (PostgreSQL: COPY)."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        tables = ", ".join(f'"{table}"' for table in _SNAPSHOT)
        cursor.execute(f"TRUNCATE {tables} CASCADE")
        for table, data in _SNAPSHOT.items():
            with cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                copy.write(data)
        models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in _SNAPSHOT]
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, whatever an earlier test on this worker left active."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no kept page, and none of the rows the site keeps in the shared cache
    (permit policy, privacy settings, notice version, retention run, fee history, joint actions'
    campaigns, match funds' scopes), and no figure kept from before (network.figures_cache): the
    database under them was rolled back without signals. Nor any value read at a request's start
    (``request_reads``): a view that raised inside the test client never finished its request."""
    from django.core.cache import cache, caches

    from lokadaya import request_reads

    from alliances.joint import LINKED_CACHE_KEY
    from campaigns.plugins import DISABLED_CACHE_KEY
    from finance.models import FEE_HISTORY_CACHE_KEY
    from network.figures_cache import bump as forget_kept_figures
    from permits.models import POLICY_CACHE_KEY
    from plugins.donation.matching.scopes import SCOPES_KEY as MATCH_FUND_SCOPES_KEY
    from privacy.consent.notices import VERSION_CACHE_KEY
    from privacy.models import SETTINGS_CACHE_KEY
    from privacy.retention.service import LAST_RUN_CACHE_KEY

    request_reads.finish()
    caches["pages"].clear()
    cache.delete(POLICY_CACHE_KEY)
    cache.delete(DISABLED_CACHE_KEY)
    cache.delete(SETTINGS_CACHE_KEY)
    cache.delete(VERSION_CACHE_KEY)
    cache.delete(LAST_RUN_CACHE_KEY)
    cache.delete(FEE_HISTORY_CACHE_KEY)
    cache.delete(LINKED_CACHE_KEY)
    cache.delete(MATCH_FUND_SCOPES_KEY)
    forget_kept_figures()


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """A transactional test (threads, live server) starts with the migrated data, whatever ran before.

    Such tests empty every table when they end; the next one gets the snapshot back (PostgreSQL),
    or the serialized copy Django keeps (SQLite, slower).
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")) and "live_server" not in request.fixturenames:
        return
    from django.db import connection

    if connection.vendor != "postgresql" and "live_server" not in request.fixturenames:
        # Threads racing on row locks: only PostgreSQL has them (README); SQLite skips, up front.
        pytest.skip("concurrency tests need PostgreSQL's row locks")
    request.getfixturevalue("transactional_db")

    from regions.models import Province

    if Province.objects.exists():
        return
    if _SNAPSHOT:
        _restore_snapshot()
    elif _SERIALIZED:
        from django.contrib.auth.models import Permission
        from django.contrib.contenttypes.models import ContentType

        # The flush re-created these with other ids; the serialized copy brings the original ones.
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        # Content types first: building some objects (Wagtail's tasks) looks their own up, and would
        # create it with another id before the serialized one arrives.
        objects = json.loads(_SERIALIZED[0])
        is_content_type = [item["model"] == "contenttypes.contenttype" for item in objects]
        for first in (True, False):
            part = [item for item, flag in zip(objects, is_content_type) if flag is first]
            connection.creation.deserialize_db_from_string(json.dumps(part))
