"""The project checks clean: system checks, migrations, production settings, gunicorn, translations."""
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from lokadaya.management.commands import translations

BASE_DIR = Path(settings.BASE_DIR)
SKIP_DIRS = {".venv", ".git", "node_modules", "media", "staticfiles", "build", "dist", "test-artifacts"}
needs_gettext = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msguniq", "msgattrib", "msgfmt")),
    reason="needs GNU gettext (apt-get install gettext)")


# -- system checks and migrations -------------------------------------------------------------

def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_database_checks_pass():
    call_command("check", databases=["default"], fail_level="WARNING")


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    # Exits with status 1 (SystemExit) when a migration is missing.
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


# -- production settings ----------------------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "lokadaya.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "lokadaya.example, www.lokadaya.example",
    "CSRF_TRUSTED_ORIGINS": "https://lokadaya.example",
    "DATABASE_URL": "postgres://lokadaya:rahasia@db.lokadaya.example:5433/lokadaya_prod",
    "EMAIL_HOST": "smtp.lokadaya.example",
    "EMAIL_PORT": "2525",
    "EMAIL_HOST_USER": "mailer",
    "EMAIL_HOST_PASSWORD": "mail-secret",
    "DEFAULT_FROM_EMAIL": "Lokadaya <halo@lokadaya.example>",
    "CACHE_URL": "redis://cache.lokadaya.example:6379/1",
    "ELASTICSEARCH_URL": "http://search.lokadaya.example:9200",
    "SITE_URL": "https://lokadaya.example",
    "PAYMENT_HOST": "lokadaya.example",
}
#: Variables of this process that would leak into the production subprocess.
CLEARED = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "TEST_DB_NAME", "SECRET_KEY", "ALLOWED_HOSTS",
           "CACHE_URL", "ELASTICSEARCH_URL", "DUMMY_PAYMENTS", "STATIC_ROOT", "MEDIA_ROOT",
           "DJANGO_ALLOW_ASYNC_UNSAFE")  # conftest.py sets it for Playwright


def production(args, env=None, **kwargs):
    """Run ``args`` (after the Python interpreter) with production settings from ``env``."""
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(PRODUCTION_ENV if env is None else env)
    return subprocess.run([sys.executable, *args], cwd=BASE_DIR, env=environment, capture_output=True,
                          text=True, timeout=300, **kwargs)


SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG, "SECRET_KEY": s.SECRET_KEY, "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS, "DATABASE": s.DATABASES["default"],
    "EMAIL": [s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD,
              s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL],
    "CACHE": s.CACHES["default"], "SEARCH": s.WAGTAILSEARCH_BACKENDS["default"],
    "STATICFILES": s.STORAGES["staticfiles"]["BACKEND"], "MIDDLEWARE": s.MIDDLEWARE,
    "SECURE": [s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS],
    "PAYMENT_VARIANTS": sorted(s.PAYMENT_VARIANTS), "WAGTAILADMIN_BASE_URL": s.WAGTAILADMIN_BASE_URL,
}, default=str))
"""


def test_production_settings_come_from_the_environment():
    import json

    result = production(["-c", SHOW_SETTINGS])
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["DEBUG"] is False
    assert shown["SECRET_KEY"] == PRODUCTION_ENV["SECRET_KEY"]
    assert shown["ALLOWED_HOSTS"] == ["lokadaya.example", "www.lokadaya.example"]
    assert shown["CSRF_TRUSTED_ORIGINS"] == ["https://lokadaya.example"]
    database = shown["DATABASE"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"], database["USER"], database["PASSWORD"]) == (
        "db.lokadaya.example", 5433, "lokadaya_prod", "lokadaya", "rahasia")
    assert database["CONN_MAX_AGE"] > 0 and database["CONN_HEALTH_CHECKS"] is True
    assert shown["EMAIL"] == ["django.core.mail.backends.smtp.EmailBackend", "smtp.lokadaya.example", 2525,
                              "mailer", "mail-secret", True, "Lokadaya <halo@lokadaya.example>"]
    assert shown["CACHE"]["BACKEND"] == "lokadaya.redis_cache.RedisCache"
    assert shown["CACHE"]["LOCATION"] == "redis://cache.lokadaya.example:6379/1"
    assert "elasticsearch" in shown["SEARCH"]["BACKEND"]
    assert shown["SEARCH"]["URLS"] == ["http://search.lokadaya.example:9200"]
    assert shown["SEARCH"]["INDEX_PREFIX"] == "lokadaya_"
    assert shown["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in shown["MIDDLEWARE"]
    assert shown["SECURE"] == [True, True, True, 31536000]
    assert "dummy" not in shown["PAYMENT_VARIANTS"]  # the test provider confirms without money
    assert shown["WAGTAILADMIN_BASE_URL"] == "https://lokadaya.example"


def test_production_defaults_without_optional_services():
    import json

    env = {"DJANGO_SETTINGS_MODULE": "lokadaya.settings.production", "SECRET_KEY": secrets.token_urlsafe(50)}
    result = production(["-c", SHOW_SETTINGS], env=env)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["SEARCH"]["BACKEND"].endswith(".database")  # search in the database, no Elasticsearch
    assert shown["CACHE"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["ALLOWED_HOSTS"] == []


def test_production_passes_the_deploy_checks_without_warnings():
    result = production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_warns_when_the_page_cache_is_not_shared():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CACHE_URL"}
    result = production(["manage.py", "check", "--deploy", "--fail-level", "ERROR"], env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "pagecache.W001" in result.stdout + result.stderr
    # The kept parts of pages follow the same purges: both off, nothing can go stale.
    page_cache_off = production(["manage.py", "check", "--deploy", "--fail-level", "ERROR"],
                                env={**env, "LOKADAYA_PAGE_CACHE": "0"})
    assert "pagecache.W001" in page_cache_off.stdout + page_cache_off.stderr
    off = production(["manage.py", "check", "--deploy", "--fail-level", "ERROR"],
                     env={**env, "LOKADAYA_PAGE_CACHE": "0", "LOKADAYA_KEPT_PARTS": "0"})
    assert "pagecache.W001" not in off.stdout + off.stderr


@pytest.mark.parametrize("secret", [None, "", "   "])
def test_production_refuses_to_start_without_a_secret_key(secret):
    env = dict(PRODUCTION_ENV)
    del env["SECRET_KEY"]
    if secret is not None:
        env["SECRET_KEY"] = secret
    result = production(["manage.py", "check"], env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment." in result.stderr


def test_production_refuses_an_unknown_cache_url():
    result = production(["manage.py", "check"], env={**PRODUCTION_ENV, "CACHE_URL": "memcache://x:11211"})
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_the_wsgi_application(tmp_path):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    assert gunicorn.exists(), "gunicorn is a dependency of the project"
    env = {**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
    check = production(["-m", "gunicorn", "--check-config", "--no-control-socket", "lokadaya.wsgi:application"],
                       env=env)
    assert check.returncode == 0, check.stdout + check.stderr

    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if k not in CLEARED}
    environment.update(env)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--no-control-socket", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "lokadaya.wsgi:application"],
        cwd=BASE_DIR, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def get(path, **headers):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                         headers={"Host": "lokadaya.example", **headers})
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers)

    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                status, headers = get("/admin/", **{"X-Forwarded-Proto": "https"})
                break
            except (ConnectionError, urllib.error.URLError):
                assert server.poll() is None, server.stdout.read()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.5)
        # The admin asks for a login (no database needed for that), over HTTPS only.
        assert status == 302
        assert headers["Location"] == "/admin/login/?next=/admin/"
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert headers["X-Frame-Options"] == "DENY"
        status, headers = get("/admin/")
        assert status == 301 and headers["Location"] == "https://lokadaya.example/admin/"
        status, _ = get("/admin/", Host="evil.example", **{"X-Forwarded-Proto": "https"})
        assert status == 400
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# -- translations -----------------------------------------------------------------------------

def committed_catalogues():
    """Every .po file of the project (not of the virtualenv or build output)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(BASE_DIR):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")]
        found += [Path(dirpath) / f for f in filenames if f.endswith(".po")]
    return sorted(found)


def test_every_component_has_its_indonesian_catalogue():
    for name, path in translations.components().items():
        po = path / "locale" / "id" / "LC_MESSAGES" / "django.po"
        assert po.exists(), f"{name} has no {po.relative_to(BASE_DIR)}: run manage.py translations {name}"
        assert po.with_suffix(".mo").exists(), f"{po.relative_to(BASE_DIR)} is not compiled"
    assert {"lokadaya", "home", "regions", "sdgs", "partners", "campaigns", "stories", "search"} <= set(
        translations.components())


@pytest.mark.parametrize("po_path", committed_catalogues(), ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    where = po_path.relative_to(BASE_DIR)
    assert po.metadata.get("Language") == "id" or "/id/" in str(po_path), where
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{where}: no msgstr for {untranslated}"
    assert not fuzzy, f"{where}: fuzzy entries {fuzzy}"
    for entry in po.translated_entries():
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        assert all(s.strip() for s in strings), f"{where}: blank msgstr for {entry.msgid!r}"

    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{where} is not compiled: run manage.py translations --compile-only"

    def key(entry):
        plural = tuple(sorted(entry.msgstr_plural.items())) if entry.msgid_plural else ()
        return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "", entry.msgstr or "", plural)

    compiled = {key(e) for e in polib.mofile(str(mo_path)) if e.msgid}
    source = {key(e) for e in po.translated_entries()}
    assert compiled == source, (f"{mo_path.relative_to(BASE_DIR)} is out of date with its .po: "
                                f"run manage.py translations --compile-only")


@needs_gettext
@pytest.mark.parametrize("name", sorted(translations.components()))
def test_catalogue_has_every_string_of_its_component(name, tmp_path):
    """Re-extract the component's strings into a scratch catalogue: none is missing from the committed one."""
    path = translations.components()[name]
    committed = path / "locale" / "id" / "LC_MESSAGES" / "django.po"
    extra = [os.path.relpath(BASE_DIR / d, path) for d in translations.EXTRA_SOURCES.get(name, ())]
    with translations.working_directory(path):
        call_command(translations.Extract(locale_dir=tmp_path, extra_dirs=extra), locale=["id"],
                     ignore_patterns=list(translations.IGNORE), verbosity=0)
    scratch = tmp_path / "id" / "LC_MESSAGES" / "django.po"
    if not scratch.exists():
        return  # nothing to translate in this component
    extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(scratch)) if e.msgid}
    known = {(e.msgctxt, e.msgid) for e in polib.pofile(str(committed))} if committed.exists() else set()
    missing = sorted(msgid for _, msgid in extracted - known)
    assert not missing, f"{name}: strings missing from its catalogue (run manage.py translations {name}): {missing}"


@needs_gettext
def test_translations_command_keeps_one_catalogue_per_component(tmp_path):
    """In a small project tree: each app's strings go to its own catalogue, templates/ to lokadaya's."""
    def write(relative, text):
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    write("lokadaya/apps.py", 'from django.utils.translation import gettext_lazy as _\nNAME = _("Core name")\n')
    write("templates/base.html", '{% load i18n %}{% trans "From the project templates" %}')
    write("home/apps.py", 'from django.utils.translation import gettext_lazy as _\nNAME = _("Home name")\n')
    write("home/templates/home/page.html", '{% load i18n %}{% blocktrans count n=n %}{{ n }} thing{% plural %}'
                                          '{{ n }} things{% endblocktrans %}')
    write("home/tests/test_x.py", 'from django.utils.translation import gettext as _\nX = _("Only a test")\n')
    write("plugins/__init__.py", "")
    write("plugins/kopi/apps.py", 'from django.utils.translation import gettext_lazy as _\nNAME = _("Coffee")\n')
    write("plugins/kopi/locale/id/LC_MESSAGES/django.po",
          'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: id\\n"\n\n'
          'msgid "Coffee"\nmsgstr "Kopi"\n\nmsgid "Tea"\nmsgstr "Teh"\n')
    write("docs/notes.py", 'from django.utils.translation import gettext as _\nX = _("Not a component")\n')

    with override_settings(BASE_DIR=tmp_path):
        assert list(translations.components()) == ["lokadaya", "home", "plugins/kopi"]
        call_command("translations", verbosity=0)

    def msgids(component):
        po = polib.pofile(str(tmp_path / component / "locale/id/LC_MESSAGES/django.po"))
        return {e.msgid for e in po if not e.obsolete}

    assert msgids("lokadaya") == {"Core name", "From the project templates"}
    assert msgids("home") == {"Home name", "%(n)s thing"}
    assert msgids("plugins/kopi") == {"Coffee"}  # "Tea" is gone: no obsolete entries are kept
    kopi = polib.pofile(str(tmp_path / "plugins/kopi/locale/id/LC_MESSAGES/django.po"))
    assert kopi.find("Coffee").msgstr == "Kopi"  # existing translations are kept
    home = polib.pofile(str(tmp_path / "home/locale/id/LC_MESSAGES/django.po"))
    assert home.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert not home.metadata_is_fuzzy
    for component in ("lokadaya", "home", "plugins/kopi"):
        assert (tmp_path / component / "locale/id/LC_MESSAGES/django.mo").exists()
    assert [e.msgstr for e in polib.mofile(str(tmp_path / "plugins/kopi/locale/id/LC_MESSAGES/django.mo"))
            if e.msgid] == ["Kopi"]
    assert not list(tmp_path.rglob("*.pot")) and not list(tmp_path.rglob("*.html.py"))
    assert not (tmp_path / "docs" / "locale").exists()
