"""Pytest fixtures for Lokadaya and its plugins (``pytest_plugins = ["lokadaya.testing"]``).

They build the page tree a test needs (home, indexes, an OMS, campaigns with asks), users with
the roles of the product, and a Playwright browser on Debian's chromium.
"""
import contextlib
import datetime
import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, Locale, Page, Site

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    """Build each fixture's data as ``seed_demo`` builds the demo: the page cache is purged once when
    the fixture is made (not once per page saved), and each object is indexed once, not once per save.
    Wagtail's reference index (the admin's "usage" of an image or a page) is not kept for what
    fixtures build: it was an eighth of the suite's time; what a test itself saves is indexed."""
    if fixturedef.scope == "session":  # the database set-up, the browser: no pages made
        return (yield)
    from wagtail.signal_handlers import reference_index_auto_update_disabled

    from pagecache.purge import suspended as page_purges_suspended
    from search.deferred import batched as search_jobs_batched

    # Wagtail's own switch (``disable_reference_index_auto_update``), kept on across nested fixtures.
    was_disabled = getattr(reference_index_auto_update_disabled, "value", False)
    reference_index_auto_update_disabled.value = True
    try:
        with page_purges_suspended(), search_jobs_batched():
            return (yield)
    finally:
        reference_index_auto_update_disabled.value = was_disabled


@pytest.fixture
def home_page(db):
    """The Indonesian home page as the default site's root, with its English translation."""
    from home.models import HomePage

    locale = Locale.objects.get(language_code="id")
    existing = HomePage.objects.filter(locale=locale).first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).exclude(content_type__model="homepage").delete()
    home = HomePage(title="Lokadaya", slug="home", hero_title="Memacu keberdayaan lokal")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                        site_name="Lokadaya")
    english = home.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Lokadaya"
    english.save_revision().publish()
    return home


def _index(home, model, slug, title):
    page = model.objects.filter(slug=slug, locale=home.locale).first()
    if page is None:
        page = model(title=title, slug=slug)
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


@pytest.fixture
def campaign_index(home_page):
    from campaigns.models import CampaignIndexPage

    return _index(home_page, CampaignIndexPage, "galang-daya", "Galang Daya")


@pytest.fixture
def partner_index(home_page):
    from partners.models import OrganisationIndexPage

    return _index(home_page, OrganisationIndexPage, "mitra", "Mitra")


@pytest.fixture
def make_organisation(partner_index):
    """``make_organisation(slug="...", regency_code="33.74")``: a published, verified OMS profile."""
    from partners.models import OrganisationPage
    from regions.models import Regency

    def make(slug="oms-contoh", title=None, regency_code="33.74", email="oms@contoh.id", **fields):
        page = OrganisationPage(title=title or slug.replace("-", " ").title(), slug=slug,
                                regency=Regency.objects.get(code=regency_code), email=email,
                                summary="OMS contoh", is_verified=True, **fields)
        partner_index.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make


@pytest.fixture
def organisation(make_organisation):
    return make_organisation()


@pytest.fixture
def make_campaign(organisation):
    """``make_campaign(asks=[(type_key, value_dict), ...], parent=..., **fields)``: a live campaign.

    Launched directly, without its review (plugin packages' tests use it without this module's
    autouse fixtures).
    """
    from campaigns.models import CampaignPage
    from editorial.gate import publishing_without_review

    def make(asks=(), parent=None, slug=None, title="Kampanye Contoh", live=True, **fields):
        parent = parent or organisation
        fields.setdefault("start_date", timezone.localdate() - datetime.timedelta(days=1))
        fields.setdefault("end_date", timezone.localdate() + datetime.timedelta(days=30))
        fields.setdefault("summary", "Ringkasan kampanye contoh.")
        page = CampaignPage(title=title, slug=slug or f"kampanye-{CampaignPage.objects.count() + 1}",
                            asks=list(asks), live=live, **fields)
        with publishing_without_review("test fixture: make_campaign"):
            parent.add_child(instance=page)
            revision = page.save_revision()
            if live:
                revision.publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def make_editor(db):
    """``make_editor(organisation, username=...)``: an OMS editor with rights on its subtree only."""
    User = get_user_model()

    def make(organisation, username=None):
        group, created = Group.objects.get_or_create(name=f"Editor {organisation.title}")
        if created:
            group.permissions.add(Permission.objects.get(codename="access_admin"))
            for codename in ("add_page", "change_page", "publish_page"):
                GroupPagePermission.objects.create(
                    group=group, page=organisation, permission=Permission.objects.get(
                        codename=codename, content_type__app_label="wagtailcore"))
        user = User.objects.create_user(username or f"editor-{organisation.slug}", password="rahasia-123",
                                        email=f"{organisation.slug}@contoh.id")
        user.groups.add(group)
        return user

    return make


@pytest.fixture(scope="session")
def browser():
    """A headless Debian chromium driven by Playwright (no browser download)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


@pytest.fixture
def browser_page(browser, live_server, settings):
    """A fresh browser tab; records console errors and requests to hosts other than the live server.

    Absolute URLs the site builds (payment returns, emailed links) point at the live server.
    """
    from urllib.parse import urlparse

    settings.PAYMENT_HOST = urlparse(live_server.url).netloc
    settings.PAYMENT_USES_SSL = False
    settings.WAGTAILADMIN_BASE_URL = live_server.url

    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.console_errors = []
    page.outside_requests = []
    own = urlparse(live_server.url).netloc
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))

    def check_host(request):
        host = urlparse(request.url).netloc
        if request.url.startswith(("http://", "https://")) and host != own:
            page.outside_requests.append(request.url)

    page.on("request", check_host)
    page.base_url = live_server.url
    earlier = set(_request_threads())
    yield page
    _leave(page, context, earlier)


def _request_threads():
    """The live server's threads that hold a connection (a request, or a connection kept alive)."""
    import threading

    return [thread for thread in threading.enumerate()
            if thread.is_alive() and "process_request_thread" in thread.name]


def _leave(page, context, earlier, seconds=10):
    """End a test's browser tab only once the live server has answered everything it sent.

    A page may still be talking to the server when its test ends: the e-learning runtime sends its
    last commit on "pagehide". Served after the test, such a request finds database access closed,
    and its open transaction can stop the test database from being emptied (a "couldn't be flushed"
    error in the next test's set-up). So the page is left first (its "pagehide" handlers run now),
    the tab closed, and the server's request threads this tab started are waited for. Threads that
    were there before the tab (``earlier``: connections another test's client keeps alive, idle) are
    not this tab's, and would only make every later test wait the whole ``seconds``.
    """
    import time

    try:
        page.goto("about:blank")
    except Exception:  # noqa: BLE001 - the test closed its page, or the browser went away
        pass
    context.close()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(thread not in earlier for thread in _request_threads()):
        time.sleep(0.02)


# -- the publish gate (editorial/gate.py) -----------------------------------------------------
# Here rather than in conftest.py: a plugin package's own tests load this module too.

@pytest.fixture(scope="session", autouse=True)
def _fixtures_publish_without_review():
    """Fixtures publish stories and campaigns directly, as demo data does (editorial/gate.py, rule 1d).

    Session-wide, so that fixtures of every scope have it. Requests made by a test close the
    permit, so every view still meets the gate.
    """
    from editorial.gate import publishing_without_review

    with publishing_without_review("test fixtures"):
        yield


@pytest.fixture(autouse=True)
def _fresh_lookups():
    """Each test starts without the per-process look-ups of the one before, whose rows were rolled back."""
    from lokadaya import lookups

    lookups.clear()


@pytest.fixture(autouse=True)
def _review_gate(request):
    """A test marked ``review_gate`` runs without the fixtures' permit: what may code outside a request publish?"""
    if not request.node.get_closest_marker("review_gate"):
        yield
        return
    from editorial.gate import enforcing_review

    with enforcing_review():
        yield


@contextlib.contextmanager
def module_transaction(django_db_blocker):
    """For a module-scoped world: what is built inside is rolled back after the module's last test.

    Each test then runs in its own savepoint within it (ask for ``db``), so refused requests that
    did change something would still be seen by the next test's checks, not leak into other modules.
    """
    from django.core.cache import caches
    from django.db import transaction

    with django_db_blocker.unblock():
        from django.db import connection

        # pytest-django sets the test database up only when some collected test asks for it; a
        # module whose tests do not would build its world in the database DATABASE_URL names.
        assert connection.settings_dict["NAME"] == connection.creation._get_test_db_name(), \
            "module_transaction outside the test database: mark the module's tests django_db"
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            for each in caches.all():
                each.clear()


def race(count, work, wait=30):
    """Run ``work(i)`` for ``i`` in ``range(count)`` in as many threads, released together by a barrier,
    each on its own database connection (closed after). Returns ``(results, errors)``: what the calls
    returned and the exceptions they raised, for the test to judge. Needs a transactional test
    (``django_db(transaction=True)``) so that the threads see each other's commits."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(count)
    results, errors = [], []

    def run(i):
        try:
            barrier.wait(timeout=wait)
            results.append(work(i))
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors
