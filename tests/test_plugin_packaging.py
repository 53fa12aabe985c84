"""A third-party support type, installed with pip, works with no file of core changed.

``examples/lokadaya-bookdrive`` is built and installed with ``pip install --no-deps --target <tmp>``
(a real, non-editable install: the dist-info with its ``lokadaya.plugins`` entry point lands in
<tmp>). Subprocesses with ``PYTHONPATH=<tmp>`` then see that install. In them the installed
package's integration tests run: the ``asks`` block chooser and the page editor offer the book
drive, a campaign page renders its progress, the records admin lists and exports its pledges. ``makemigrations
--check`` is clean with the plugin and without it, and no file of core is touched.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from django.conf import settings

from campaigns.discovery import ENTRY_POINT_GROUP
from campaigns.plugins import registry

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_SOURCE = ROOT / "examples" / "lokadaya-bookdrive"
CORE = ["campaigns", "lokadaya", "home", "partners", "regions", "stories", "search"]
INTEGRATION_TESTS = {
    "test_discovered_through_the_entry_point_and_installed_as_an_app",
    "test_the_asks_block_chooser_offers_the_book_drive",
    "test_asks_field_deconstructs_without_the_plugin",
    "test_page_editor_offers_the_book_drive_block",
    "test_campaign_page_renders_the_book_drive_with_its_progress",
    "test_records_admin_lists_and_exports_book_pledges",
}


def core_status():
    """``git status`` of the core packages (None outside a git checkout)."""
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
    """Entries of ``git status`` that appeared during the test and concern the plugin ``names``.

    In a quiet checkout (CI) any new entry at all is reported; in a checkout others are editing at
    the same time, only new or changed files that name the plugin (in their path or content: a
    core migration that froze its block, a catalogue that took its strings) count against it.
    """
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


def pip_install(source, target):
    """``pip install --no-deps --target target`` a copy of ``source`` (the source tree stays clean).

    Built offline with the virtualenv's own setuptools and wheel (test extras): nothing is downloaded.
    """
    copy = target.parent / f"{source.name}-src"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "dist"))
    base = [sys.executable, "-m", "pip", "install", "--no-deps", "--no-input", "--disable-pip-version-check",
            "--quiet", "--target", str(target)]
    outputs = []
    for extra in (["--no-build-isolation"],):
        result = subprocess.run([*base, *extra, str(copy)], capture_output=True, text=True, timeout=600)
        if result.returncode == 0:
            return
        outputs.append(result.stdout + result.stderr)
    pytest.fail("pip could not install the package:\n" + "\n---\n".join(outputs))


def subprocess_env(site=None, db_suffix="plugin"):
    """The environment of a child Django process: test settings, its own test database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONPATH"))}
    env["DJANGO_SETTINGS_MODULE"] = "lokadaya.settings.test"
    if site is not None:
        env["PYTHONPATH"] = str(site)
    if (env.get("DATABASE_URL") or "").startswith(("postgres://", "postgresql://")):
        base = os.environ.get("TEST_DB_NAME") or "test_lokadaya"
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        env["TEST_DB_NAME"] = "_".join(filter(None, [base, db_suffix, worker]))[:63]
    else:
        env["TEST_DB_NAME"] = str(Path(site or ROOT).parent / f"test-{db_suffix}.sqlite3")
    return env


def run(args, env, timeout=1800):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def makemigrations_check(env):
    result = run(["manage.py", "makemigrations", "--check", "--dry-run"], env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
    return result


def junit_results(path):
    """``{test name: outcome}`` from a pytest JUnit XML report."""
    outcomes = {}
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        name = case.get("name")
        children = {child.tag for child in case}
        outcome = ("failed" if children & {"failure", "error"} else "skipped" if "skipped" in children
                   else "passed")
        outcomes[name] = outcome
    return outcomes


def test_the_example_plugin_is_never_installed_into_the_virtualenv():
    """The example is never installed into the project's virtualenv: without ``make test``'s copy in
    ``build/`` (``EXAMPLE_PLUGIN=0``, or pytest run directly) no test sees it; with it, it comes from there."""
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == "bookdrive"]
    if not found:
        assert "lokadaya_bookdrive" not in settings.INSTALLED_APPS
        assert not registry.is_installed("bookdrive")
        assert "lokadaya_bookdrive" not in sys.modules
        return
    location = Path(str(found[0].dist.locate_file(""))).resolve()
    assert not location.is_relative_to(Path(sys.prefix).resolve()), location
    assert location.is_relative_to(ROOT / "build"), location
    assert registry.is_installed("bookdrive")


def test_the_package_declares_its_entry_point():
    import tomllib

    pyproject = tomllib.loads((PACKAGE_SOURCE / "pyproject.toml").read_text())
    assert pyproject["project"]["name"] == "lokadaya-bookdrive"
    assert pyproject["project"]["entry-points"][ENTRY_POINT_GROUP] == {"bookdrive": "lokadaya_bookdrive"}
    app = PACKAGE_SOURCE / "lokadaya_bookdrive"
    for name in ("apps.py", "models.py", "blocks.py", "forms.py", "views.py", "hooks.py",
                 "migrations/0001_initial.py", "templates/bookdrive/pledge_form.html",
                 "locale/id/LC_MESSAGES/django.po", "locale/id/LC_MESSAGES/django.mo", "tests/test_integration.py"):
        assert (app / name).is_file(), name


def test_installed_with_pip_it_works_with_no_file_of_core_changed(tmp_path, child_database):
    before = core_status()
    site = tmp_path / "site"
    pip_install(PACKAGE_SOURCE, site)

    # A real install: the dist-info carries the entry point, and the package its data files.
    (dist_info,) = site.glob("lokadaya_bookdrive-*.dist-info")
    entry_points = (dist_info / "entry_points.txt").read_text()
    assert f"[{ENTRY_POINT_GROUP}]" in entry_points and "bookdrive = lokadaya_bookdrive" in entry_points
    installed = site / "lokadaya_bookdrive"
    assert (installed / "locale/id/LC_MESSAGES/django.mo").is_file()
    assert (installed / "templates/bookdrive/pledge_form.html").is_file()
    assert (installed / "migrations/0001_initial.py").is_file()

    env = subprocess_env(site, db_suffix="bookdrive")

    # Settings list the entry point without importing the plugin; the app then loads.
    probe = run(["-c", (
        "import sys; from campaigns.discovery import plugin_apps;"
        "apps = plugin_apps(['plugins.donation']);"
        "print('listed' if 'lokadaya_bookdrive' in apps else 'missing');"
        "print('imported' if 'lokadaya_bookdrive' in sys.modules else 'not-imported');"
        "import django; django.setup();"
        "from campaigns.plugins import registry; print('registered', registry.apps.get('bookdrive'))"
    )], env, timeout=300)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split() == ["listed", "not-imported", "registered", "lokadaya_bookdrive"]

    # The installed package's integration tests pass inside Lokadaya. (`make test` runs all of its
    # tests, from an install made the same way: build/example-plugin.)
    report = tmp_path / "bookdrive-tests.xml"
    # On a copy of this run's database: the child applies only what it lacks (lokadaya/testdb.py).
    with child_database(env["TEST_DB_NAME"]) as db_options:
        tests = run(["-m", "pytest", str(installed / "tests"), "-p", "no:cacheprovider", "-p", "no:xdist",
                     *db_options, "-q", "-k", " or ".join(sorted(INTEGRATION_TESTS)), f"--junitxml={report}",
                     "-o", "junit_family=xunit2"], env)
    assert tests.returncode == 0, tests.stdout[-6000:] + tests.stderr[-3000:]
    outcomes = junit_results(report)
    assert {name: outcomes.get(name) for name in INTEGRATION_TESTS} == dict.fromkeys(INTEGRATION_TESTS, "passed")
    assert "failed" not in outcomes.values()

    # Core needs no migration, with the plugin and without it.
    makemigrations_check(env)
    makemigrations_check(subprocess_env(None, db_suffix="bookdrive"))

    # The source tree of the package was not built in place, and core is untouched.
    assert not list(PACKAGE_SOURCE.glob("*.egg-info")) and not (PACKAGE_SOURCE / "build").exists()
    assert core_changes_by(before, core_status(), "bookdrive", "BookPledge") == []
