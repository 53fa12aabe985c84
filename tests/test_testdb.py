"""The test database: migrated once into a template, copied fresh for each worker (lokadaya/testdb.py).

A transactional test empties every table when it ends; with pytest-django's own set-up a database
kept by ``--reuse-db`` was then left empty, and the next run failed every test that needs the
migrations' reference data. Each run now starts from a fresh copy of the template, kept or not.
"""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from lokadaya import testdb

ROOT = Path(__file__).resolve().parent.parent

#: The child's conftest: the project's own (loaded under another name: both files are "conftest").
CHILD_CONFTEST = f'''
import importlib.util

_spec = importlib.util.spec_from_file_location("lokadaya_project_conftest", {str(ROOT / "conftest.py")!r})
_project = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_project)
globals().update({{name: value for name, value in vars(_project).items() if not name.startswith("__")}})
'''

RACE_TEST = '''
import pytest


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_the_reference_data_then_empties_every_table():
    from regions.models import Province

    assert Province.objects.exists()
'''


def _exists(name):
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the template copy is PostgreSQL's")


@pytest.mark.django_db
def test_each_worker_works_on_a_copy_of_a_template_fingerprinted_by_the_migrations(postgresql):
    template = testdb.template_in_use
    assert template and template != connection.settings_dict["NAME"]
    assert _exists(template)
    if not os.environ.get("LOKADAYA_TEST_TEMPLATE"):
        assert template.endswith("_tpl_" + testdb.fingerprint())


def test_the_fingerprint_follows_the_installed_apps(monkeypatch):
    from django.conf import settings

    before = testdb.fingerprint()
    # Set directly, without the settings fixture's signal: the app registry must not reload.
    monkeypatch.setattr(settings, "INSTALLED_APPS", [*settings.INSTALLED_APPS, "lokadaya_bookdrive_v2"])
    assert testdb.fingerprint() != before


@pytest.mark.django_db
def test_a_kept_database_emptied_by_a_transactional_test_is_fresh_on_the_next_run(postgresql, tmp_path):
    (tmp_path / "conftest.py").write_text(CHILD_CONFTEST)
    (tmp_path / "test_race_once.py").write_text(RACE_TEST)
    child_db = connection.settings_dict["NAME"] + "_child"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(TEST_DB_NAME=child_db, LOKADAYA_TEST_TEMPLATE=testdb.template_in_use,
               DJANGO_SETTINGS_MODULE="lokadaya.settings.test")
    command = [sys.executable, "-m", "pytest", str(tmp_path / "test_race_once.py"), "-p", "no:xdist",
               "-p", "no:cacheprovider", "--reuse-db", "-q", f"--rootdir={ROOT}", "-c", str(ROOT / "pyproject.toml")]
    try:
        for run in (1, 2):
            result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
            assert result.returncode == 0, f"run {run}: " + result.stdout[-3000:] + result.stderr[-2000:]
            assert "1 passed" in result.stdout
            # Kept (--reuse-db), and left empty by the transactional test.
            assert _exists(child_db)
    finally:
        with connection.creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{child_db}"')
