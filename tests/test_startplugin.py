"""``manage.py startplugin NAME`` scaffolds a support type whose generated tests pass as generated.

The scaffold is generated into a temporary directory (never into the checkout), installed with
``pip install --no-deps --target`` or enabled through a settings module of its own, and exercised
in child processes: its tests pass and ``makemigrations --check`` is clean with it enabled.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import polib
import pytest
from django.core.management import CommandError, call_command

from campaigns.management.commands.startplugin import PLACEHOLDER, SCAFFOLD_DIR, settings_with_app

ROOT = Path(__file__).resolve().parent.parent
CORE = ["campaigns", "lokadaya", "home", "partners", "regions", "stories", "search", "plugins"]


def core_status():
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        return None
    result = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "--", *CORE],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    entries = [line for line in result.stdout.splitlines() if "__pycache__" not in line]
    # With each file's content hash, so that a change to an already modified file shows too.
    return sorted(f"{line}\t{file_hash(ROOT / line[3:].split(' -> ')[-1].strip(chr(34)))}" for line in entries)


def file_hash(path):
    return hashlib.sha1(path.read_bytes()).hexdigest()[:12] if path.is_file() else "-"


def core_changes_by(before, after, *names):
    """New ``git status`` entries during the test that concern the plugin (all of them under CI)."""
    if before is None:
        return []
    appeared = sorted(set(after) - set(before))
    if os.environ.get("CI"):
        return appeared
    blamed = []
    for entry in appeared:
        path = ROOT / entry.split("\t")[0][3:].split(" -> ")[-1].strip('"')
        text = path.read_text(errors="ignore") if path.is_file() else ""
        if any(name in entry or name in text for name in names):
            blamed.append(entry)
    return blamed


def child_env(python_path=(), settings_module="lokadaya.settings.test", db_suffix="startplugin"):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONPATH"))}
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    if python_path:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in python_path)
    if (env.get("DATABASE_URL") or "").startswith(("postgres://", "postgresql://")):
        base = os.environ.get("TEST_DB_NAME") or "test_lokadaya"
        env["TEST_DB_NAME"] = "_".join(filter(None, [base, db_suffix, os.environ.get("PYTEST_XDIST_WORKER", "")]))
    else:
        env["TEST_DB_NAME"] = str(Path(python_path[0] if python_path else ROOT).parent / f"test-{db_suffix}.sqlite3")
    return env


def run(args, env, timeout=1800):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def startplugin(*args, **options):
    call_command("startplugin", *args, stdout=open(os.devnull, "w"), **options)


def junit_outcomes(path):
    outcomes = {}
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        children = {child.tag for child in case}
        outcomes[case.get("name")] = ("failed" if children & {"failure", "error"} else
                                      "skipped" if "skipped" in children else "passed")
    return outcomes


def assert_migrations_clean(env):
    result = run(["-m", "django", "makemigrations", "--check", "--dry-run"], env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


# -- validation ---------------------------------------------------------------------------


@pytest.mark.parametrize("name, message", [
    ("Tool-Share", "is not a valid plugin name"),
    ("1tools", "is not a valid plugin name"),
    ("t", "is not a valid plugin name"),
    ("tool share", "is not a valid plugin name"),
    ("x" * 41, "is not a valid plugin name"),
    ("class", "reserved"),
    ("unavailable", "reserved"),
    ("donation", "already a support type key"),
    ("campaigns", "already the label of an installed Django app"),
    ("wagtailcore", "already the label of an installed Django app"),
])
def test_bad_names_are_refused_clearly(tmp_path, name, message):
    with pytest.raises(CommandError, match=message):
        startplugin(name, target=str(tmp_path / "pkg"), no_migration=True)
    assert not (tmp_path / "pkg").exists()


def test_a_non_empty_target_is_refused(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "notes.txt").write_text("mine")
    with pytest.raises(CommandError, match="already exists and is not empty"):
        startplugin("toolshare", target=str(tmp_path / "pkg"), no_migration=True)
    assert sorted(p.name for p in (tmp_path / "pkg").iterdir()) == ["notes.txt"]


def test_an_existing_builtin_plugin_directory_is_refused(settings, tmp_path):
    settings.BASE_DIR = tmp_path
    (tmp_path / "plugins" / "toolshare").mkdir(parents=True)
    (tmp_path / "plugins" / "toolshare" / "models.py").write_text("")
    with pytest.raises(CommandError, match="already exists and is not empty"):
        startplugin("toolshare", no_migration=True)


@pytest.mark.parametrize("option", [{"label": 'Tool "library"'}, {"label_id": "Alat {x}"}, {"label": " "}])
def test_labels_that_would_break_the_generated_code_are_refused(tmp_path, option):
    with pytest.raises(CommandError, match="must be 1 to 60 characters"):
        startplugin("toolshare", target=str(tmp_path / "pkg"), no_migration=True, **option)


def test_every_scaffold_placeholder_is_known(tmp_path):
    startplugin("toolshare", target=str(tmp_path / "pkg"), no_migration=True)
    generated = [p for p in (tmp_path / "pkg").rglob("*") if p.is_file() and p.suffix != ".mo"]
    leftovers = [p for p in generated if PLACEHOLDER.search(p.read_text()) or PLACEHOLDER.search(str(p))]
    assert generated and not leftovers
    for path in generated:
        if path.suffix == ".py":
            compile(path.read_text(), str(path), "exec")  # valid Python
    assert not list((tmp_path / "pkg").rglob("*-tpl"))
    assert len(list(SCAFFOLD_DIR.rglob("*-tpl"))) == len(generated)


# -- a package (--target) -------------------------------------------------------------------


def test_a_package_plugin_installs_and_its_generated_tests_pass(tmp_path, child_database):
    before = core_status()
    package = tmp_path / "pkg"
    startplugin("toolshare", target=str(package), label="Tool library", label_id="Perpustakaan Alat")

    app = package / "lokadaya_toolshare"
    for name in ("apps.py", "models.py", "blocks.py", "forms.py", "views.py", "hooks.py", "migrations/__init__.py",
                 "migrations/0001_initial.py", "templates/toolshare/pledge_form.html",
                 "templates/toolshare/email/pledged.txt", "locale/id/LC_MESSAGES/django.po",
                 "locale/id/LC_MESSAGES/django.mo", "tests/conftest.py", "tests/test_toolshare.py"):
        assert (app / name).is_file(), name
    pyproject = tomllib.loads((package / "pyproject.toml").read_text())
    assert pyproject["project"]["name"] == "lokadaya-toolshare"
    assert pyproject["project"]["entry-points"]["lokadaya.plugins"] == {"toolshare": "lokadaya_toolshare"}
    migration = (app / "migrations/0001_initial.py").read_text()
    assert "name='ToolsharePledge'" in migration
    assert "('campaigns', " in migration
    po = polib.pofile(str(app / "locale/id/LC_MESSAGES/django.po"))
    assert po.find("Tool library").msgstr == "Perpustakaan Alat"
    assert not po.untranslated_entries() and not po.fuzzy_entries()
    # The button's short word has the type key as context, so core's "Pledge" cannot take its place.
    assert po.find("Pledge", msgctxt="toolshare").msgstr == "Dukung"
    hooks = (app / "hooks.py").read_text()
    assert 'pgettext_lazy("toolshare", "Pledge")' in hooks and "def api_ask(" in hooks

    # Installed like any third-party plugin: its entry point is all Lokadaya needs.
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-input", "--quiet",
                             "--disable-pip-version-check", "--target", str(site), str(package)],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:  # offline: build with the virtualenv's own setuptools
        result = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-input", "--quiet",
                                 "--no-build-isolation", "--target", str(site), str(package)],
                                capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "lokadaya_toolshare/locale/id/LC_MESSAGES/django.mo").is_file()
    env = child_env([site], db_suffix="toolshare")

    report = tmp_path / "report.xml"
    # On a copy of this run's database: the child applies only the plugin's migration (lokadaya/testdb.py).
    with child_database(env["TEST_DB_NAME"]) as db_options:
        tests = run(["-m", "pytest", str(site / "lokadaya_toolshare" / "tests"), "-p", "no:cacheprovider",
                     "-p", "no:xdist", *db_options, "-q", f"--junitxml={report}"], env)
    assert tests.returncode == 0, tests.stdout[-6000:] + tests.stderr[-3000:]
    outcomes = junit_outcomes(report)
    assert "failed" not in outcomes.values()
    assert sum(outcome == "passed" for outcome in outcomes.values()) >= 15
    assert outcomes["test_pledge_is_recorded_and_announced"] == "passed"
    assert outcomes["test_records_admin_lists_exports_and_changes_status"] == "passed"
    assert outcomes["test_the_api_gives_public_facts_only"] == "passed"

    assert_migrations_clean(env)  # the generated migration matches the generated models
    assert_migrations_clean(child_env())  # and core needs none, with or without the plugin
    assert core_changes_by(before, core_status(), "toolshare", "Toolshare") == []
    assert not (ROOT / "plugins" / "toolshare").exists()


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs gettext's xgettext")
def test_the_generated_translation_covers_every_message(tmp_path):
    startplugin("toolshare", target=str(tmp_path / "pkg"), no_migration=True)
    app = tmp_path / "pkg" / "lokadaya_toolshare"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-m", "django", "makemessages", "-l", "id"], cwd=app, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    po = polib.pofile(str(app / "locale/id/LC_MESSAGES/django.po"))
    assert len(po) > 40
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert not [entry.msgid for entry in po.obsolete_entries()]


# -- a built-in plugin (plugins/NAME) -------------------------------------------------------


def test_a_builtin_plugin_is_generated_under_plugins_and_works_once_listed(settings, tmp_path, child_database):
    settings.BASE_DIR = tmp_path  # plugins/<name> of a stand-in checkout, not the real one
    (tmp_path / "plugins").mkdir()
    startplugin("seedbank", label="Seed bank", label_id="Bank Benih")

    app = tmp_path / "plugins" / "seedbank"
    assert (app / "migrations" / "0001_initial.py").is_file()
    assert (app / "apps.py").read_text().count('name = "plugins.seedbank"') == 1
    assert not (app / "tests" / "conftest.py").exists()  # in a checkout, the project's conftest serves
    assert not (tmp_path / "plugins" / "pyproject.toml").exists()

    # Listed in settings (here: a settings module that adds it), it loads, needs no new migration,
    # and its tests are collected and pass.
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "seedbank_settings.py").write_text(
        settings_with_app("lokadaya.settings.test", "plugins.seedbank", app))
    env = child_env([tmp_path / "conf"], settings_module="seedbank_settings", db_suffix="seedbank")
    assert_migrations_clean(env)
    # Like the checkout's own conftest.py, which gives every plugin's tests Lokadaya's fixtures.
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["lokadaya.testing"]\n')
    with child_database(env["TEST_DB_NAME"]) as db_options:
        tests = run(["-m", "pytest", str(app / "tests"), f"--rootdir={tmp_path}", "-p", "no:cacheprovider",
                     "-p", "no:xdist", *db_options, "-q", "-k", "installed or translations"], env)
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    assert "2 passed" in tests.stdout
    assert not (ROOT / "plugins" / "seedbank").exists()  # the real checkout was not touched
