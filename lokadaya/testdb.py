"""The test database: migrated once into a template, then copied for each test process.

Migrating the schema takes about a minute; copying a PostgreSQL database with ``CREATE DATABASE
... TEMPLATE`` takes a second or two. So the first process of a run (under a file lock, so two
xdist workers never both migrate) builds ``<test db name>_tpl_<fingerprint>`` and every worker
copies it to its own database. The fingerprint covers the migration files and the installed apps:
a template built before a migration changed, or with another set of plugins installed, is never
used. The template stays for later runs, which skip the migrations while the fingerprint holds;
``--create-db`` rebuilds it. A worker's copy is made anew each run (so a run never starts from
what an earlier one left) and dropped at its end unless ``--reuse-db`` asks to keep it.

``LOKADAYA_TEST_TEMPLATE`` names the template instead (a test that starts a child pytest on the
template of its own run: ``tests/test_testdb.py``). ``copy_for_child`` gives a child pytest with
pytest-django's own set-up (an installed plugin's tests) a copy to start from with ``--reuse-db``:
Django then applies only the migrations the child lacks, in seconds (the ``child_database``
fixture of ``conftest.py``).

Invariants: a worker's database is always a fresh copy of a template whose fingerprint matches the
code under test; the template is never connected to while it is copied.
"""
import fcntl
import hashlib
import importlib
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


def fingerprint():
    """A short hash of the installed apps and every migration file they have."""
    from django.apps import apps
    from django.conf import settings

    digest = hashlib.sha256("\n".join(settings.INSTALLED_APPS).encode())
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.migrations")
        except ImportError:
            continue
        folder = Path(module.__file__).parent
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


#: The template this process's test database was copied from.
template_in_use = None


@contextmanager
def _lock(name):
    with open(Path(tempfile.gettempdir()) / f"lokadaya-{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _exists(cursor, name):
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def setup_worker_database(connection, worker_name, base_name, rebuild, verbosity=0):
    """Point ``connection`` at ``worker_name``, a fresh copy of the template for this code.

    ``base_name`` is the test database name without a worker suffix; ``rebuild`` (``--create-db``)
    migrates the template again even if one with the same fingerprint exists.
    """
    from django.conf import settings

    global template_in_use
    template = os.environ.get("LOKADAYA_TEST_TEMPLATE") or f"{base_name}_tpl_{fingerprint()}"
    template_in_use = template
    original_name = connection.settings_dict["NAME"]
    with _lock(template):
        with connection.creation._nodb_cursor() as cursor:
            have_template = _exists(cursor, template)
        if rebuild or not have_template:
            test_settings = connection.settings_dict.setdefault("TEST", {})
            worker_test_name = test_settings.get("NAME")
            test_settings["NAME"] = template
            try:
                connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False)
            finally:
                test_settings["NAME"] = worker_test_name
                connection.close()
                connection.settings_dict["NAME"] = original_name
        with connection.creation._nodb_cursor() as cursor:
            quoted = connection.ops.quote_name
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted(worker_name)}")
            cursor.execute(f"CREATE DATABASE {quoted(worker_name)} TEMPLATE {quoted(template)}")
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = worker_name
    connection.settings_dict["NAME"] = worker_name
    return original_name


def copy_for_child(name):
    """Make database ``name`` a fresh copy of this run's template (PostgreSQL only); True if made.

    A child pytest whose ``TEST_DB_NAME`` is ``name``, run with ``--reuse-db``, then migrates only
    what it adds (a plugin's own migrations) instead of everything. The copy holds core and the
    built-in plugins only: the tables of plugins installed from packages (entry points) are dropped,
    since a child may not install them, and their foreign keys would stop its transactional tests
    from emptying core's tables; a child that has such a plugin migrates it again. Drop the copy
    afterwards with ``drop_database``.
    """
    import psycopg
    from django.apps import apps
    from django.db import connection

    from campaigns.discovery import entry_point_apps

    if connection.vendor != "postgresql" or not template_in_use:
        return False
    quoted = connection.ops.quote_name
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted(name)}")
        cursor.execute(f"CREATE DATABASE {quoted(name)} TEMPLATE {quoted(template_in_use)}")
    packaged = {module for _name, module in entry_point_apps()}
    configs = [config for config in apps.get_app_configs() if config.name in packaged]
    if configs:
        params = {**connection.get_connection_params(), "dbname": name}
        with psycopg.connect(**params, autocommit=True) as child:
            for config in configs:
                tables = {model._meta.db_table for model in config.get_models(include_auto_created=True)}
                for table in sorted(tables):
                    child.execute(f"DROP TABLE IF EXISTS {quoted(table)} CASCADE")
                child.execute("DELETE FROM django_migrations WHERE app = %s", [config.label])
    return True


def drop_database(name):
    """Drop database ``name`` (a child's copy) if it exists."""
    from django.db import connection

    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(name)} WITH (FORCE)")


def drop_worker_database(connection, worker_name, original_name):
    """Drop a worker's copy at the end of its session (the template stays for the next run)."""
    from django.conf import settings

    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = original_name
    connection.settings_dict["NAME"] = original_name
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(worker_name)}")
