"""Varnish in front of the site, on loopback: the committed VCL (deploy/varnish/lokadaya.vcl) keeps
public pages, never keeps anything personal, and drops what the site purges.

Each test starts Debian's varnishd (7.1) with that file, its backend pointed at pytest-django's
live server, and the site configured as in production behind it: ``SITE_URL`` is Varnish's address
and ``WAGTAILFRONTENDCACHE`` sends purges there (tests run each task where it is queued, so a purge
reaches Varnish before ``publish()`` returns). ``X-Cache`` (added by the VCL) says whether Varnish
answered from its cache. Skipped only when varnishd is not installed (``apt-get install varnish``;
.ci/run installs it).
"""
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client

from lokadaya.bench.processes import free_port, no_proxy

BASE_DIR = Path(__file__).resolve().parent.parent
VCL = BASE_DIR / "deploy" / "varnish" / "lokadaya.vcl"
VARNISHD = shutil.which("varnishd") or next(
    (path for path in ("/usr/sbin/varnishd", "/usr/local/sbin/varnishd") if os.path.exists(path)), None)
PETITION = ("petition", {"title": "Petisi air bersih", "description": "Dukung kami.", "decision_maker": "Wali Kota",
                         "demand": "Perbaiki saluran air.", "goal": 100})

#: With the live server: the data committed, so the server's thread sees it.
transactional = pytest.mark.django_db(transaction=True)


def test_the_vcl_knows_the_sites_cookie_names_and_tracking_parameters():
    """What the VCL hard-codes follows the settings and the page cache's own list."""
    from pagecache.policy import TRACKING_PARAMETER

    vcl = VCL.read_text()
    cookies = re.search(r'req\.http\.Cookie ~ "\(\^\|;\)\\s\*\(([^)]*)\)="', vcl).group(1).split("|")
    assert sorted(cookies) == sorted([django_settings.SESSION_COOKIE_NAME,
                                      getattr(django_settings, "MESSAGE_COOKIE_NAME", "messages")])
    tracking = TRACKING_PARAMETER.pattern.removeprefix("^").removesuffix("$")
    assert vcl.count(tracking) == 2, f"the VCL's tracking parameters differ from pagecache.policy's {tracking}"


@pytest.fixture
def varnish(live_server, tmp_path, settings, monkeypatch):
    """Varnish's base URL, in front of the live server, with the site configured to purge it."""
    if VARNISHD is None:
        pytest.skip("varnishd is not installed (apt-get install varnish; .ci/run installs it)")
    backend = urlsplit(live_server.url)
    vcl, count = re.subn(r'(backend default \{\s*\.host = )"[^"]*";(\s*\.port = )"\d+";',
                         rf'\1"127.0.0.1";\2"{backend.port}";', VCL.read_text())
    assert count == 1, "the VCL's backend block is not where the test expects it"
    (tmp_path / "lokadaya.vcl").write_text(vcl)
    port = free_port()
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    # -j none: no privilege separation (the working directory is the test's own); production runs
    # with Debian's default jail.
    log = tmp_path / "varnishd.log"
    process = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / "varnish"), "-a", f"127.0.0.1:{port}", "-T", "none",
         "-f", str(tmp_path / "lokadaya.vcl"), "-s", "malloc,64m"],
        stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"varnishd stopped:\n{log.read_text()}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "varnishd did not start listening"
                time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        for name, value in no_proxy().items():  # the purges go through urllib, which reads them
            monkeypatch.setenv(name, value)
        settings.SITE_URL = base
        settings.WAGTAILFRONTENDCACHE = {"varnish": {"BACKEND": "pagecache.proxy.PurgeBackend", "LOCATION": base}}
        for cache in caches.all():
            cache.clear()
        # Static files from whitenoise, with its Cache-Control, as in production: not from the
        # live server's own static handler in front of the site (restored afterwards).
        httpd.set_app(getattr(app, "application", app))
        yield base
    finally:
        httpd.set_app(app)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


@pytest.fixture
def site(varnish, home_page):
    """Wagtail's site at Varnish's address, so pages' URLs, and so their purges, are there."""
    from wagtail.models import Site

    address = urlsplit(varnish)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = address.hostname, address.port
    site.save()
    return varnish


def get(base, path, cookie=None, method="GET", **headers):
    """One request on a fresh connection, with no cookie jar: what a new visitor sends."""
    session = requests.Session()
    session.trust_env = False
    if cookie:
        headers["Cookie"] = cookie
    return session.request(method, base + path, headers=headers, allow_redirects=False, timeout=30)


def purge_from(base, path, source="127.0.0.1", **headers):
    """A PURGE as the site sends it, from the address ``source`` (any 127.x.y.z is on loopback)."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10,
                                            source_address=(source, 0))
    try:
        connection.request("PURGE", path, headers={"Host": address.netloc, **headers})
        return connection.getresponse().status
    finally:
        connection.close()


@transactional
def test_varnish_keeps_public_pages_never_personal_ones_and_drops_what_the_site_purges(
        site, home_page, campaign_index, organisation, make_editor, make_campaign, settings):
    # One test, several rules: each live-server test costs a flush and a reload of the reference data.
    settings.LOKADAYA_PAGE_CACHE_FIGURES_SECONDS = 1  # tests run with 0: campaign pages never kept
    settings.LOKADAYA_PAGE_CACHE_LISTING_FIGURES_SECONDS = 60  # (and other pages neither)
    check_public_page_is_kept(site, home_page.url)
    check_static_files_are_kept_for_everyone(site)
    check_signed_in_visitors_bypass_the_cache(site, organisation, make_editor(organisation))
    campaign = make_campaign(asks=[PETITION], title="Air Bersih Tembalang", slug="air-bersih")
    check_forms_are_not_kept(site, campaign.url + "dukung/" + campaign.get_asks()[0].id + "/")
    check_campaign_page_is_kept_briefly_and_refreshed_in_the_background(site, campaign.url)
    check_a_publish_purges_the_page_and_its_query_variants(site, campaign_index, other=organisation.url)
    check_purge_comes_only_from_the_acl(site, campaign_index.url, other=organisation.url)


def warm(site, path):
    get(site, path)
    assert get(site, path).headers["X-Cache"] == "HIT", path


def check_public_page_is_kept(site, path):
    first = get(site, path)
    assert first.status_code == 200 and first.headers["X-Cache"] == "MISS"
    control = first.headers["Cache-Control"]
    assert "public" in control and "s-maxage=60," in control
    second = get(site, path)
    assert second.headers["X-Cache"] == "HIT" and second.text == first.text

    # A CSRF cookie, analytics cookies, a share link's tracking parameters: the same cached copy.
    assert get(site, path, cookie="csrftoken=abc123; _ga=GA1.1.42").headers["X-Cache"] == "HIT"
    assert get(site, path + "?utm_source=whatsapp&fbclid=xyz").headers["X-Cache"] == "HIT"

    # Stored compressed; a client that does not take gzip gets the same page uncompressed.
    zipped = get(site, path, **{"Accept-Encoding": "gzip"})
    assert zipped.headers["X-Cache"] == "HIT" and zipped.headers["Content-Encoding"] == "gzip"
    plain = get(site, path, **{"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers and plain.text == first.text


def check_static_files_are_kept_for_everyone(site):
    """whitenoise's public max-age: kept, and served from the cache even to someone signed in."""
    static = django_settings.STATIC_URL + "css/lokadaya.css"
    assert get(site, static).status_code == 200
    assert get(site, static, cookie="sessionid=whatever").headers["X-Cache"] == "HIT"


def check_signed_in_visitors_bypass_the_cache(site, organisation, editor_user):
    client = Client()
    client.force_login(editor_user)
    name = django_settings.SESSION_COOKIE_NAME
    editor = f"{name}={client.cookies[name].value}"
    path = organisation.url

    for _ in range(2):
        signed_in = get(site, path, cookie=editor)
        assert signed_in.status_code == 200 and signed_in.headers["X-Cache"] == "MISS"
        assert "private" in signed_in.headers["Cache-Control"]
    # The editor's pages were not kept: the first anonymous visitor is a miss.
    assert get(site, path).headers["X-Cache"] == "MISS"
    assert get(site, path).headers["X-Cache"] == "HIT"
    # Once a public copy exists, signed-in visitors and those with a message waiting still bypass it.
    assert get(site, path, cookie=f"csrftoken=abc; {editor}").headers["X-Cache"] == "MISS"
    assert get(site, path, cookie="messages=W10:1tZ").headers["X-Cache"] == "MISS"
    # Writes always reach the site; the admin is never cached, even its anonymous login page.
    assert get(site, path, method="POST").headers["X-Cache"] == "MISS"
    for _ in range(2):
        login = get(site, "/admin/login/")
        assert login.status_code == 200 and login.headers["X-Cache"] == "MISS"


def check_forms_are_not_kept(site, form):
    first = get(site, form)
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.text
    assert first.headers["X-Cache"] == "MISS" and "private" in first.headers["Cache-Control"]
    token = first.cookies["csrftoken"]
    again = get(site, form, cookie=f"csrftoken={token}; _ga=GA1.1.42")
    assert again.headers["X-Cache"] == "MISS"
    # The site saw the visitor's cookie: the form's token belongs to it, no new cookie replaces it.
    assert again.cookies.get("csrftoken", token) == token


def check_campaign_page_is_kept_briefly_and_refreshed_in_the_background(site, path):
    first = get(site, path)
    assert first.headers["X-Cache"] == "MISS"
    assert "s-maxage=1," in first.headers["Cache-Control"]
    assert "stale-while-revalidate" in first.headers["Cache-Control"]
    hit = get(site, path)
    assert hit.headers["X-Cache"] == "HIT"
    fetched_by = hit.headers["X-Varnish"].split()[1]  # on a hit: this request's id, then the fetch's

    time.sleep(1.5)
    # Expired, within stale-while-revalidate: the stale copy at once, a fresh one fetched meanwhile.
    stale = get(site, path)
    assert stale.headers["X-Cache"] == "HIT" and stale.headers["X-Varnish"].split()[1] == fetched_by
    deadline = time.monotonic() + 10
    while True:
        after = get(site, path)
        assert after.headers["X-Cache"] == "HIT", "the refreshed campaign page was not kept"
        if after.headers["X-Varnish"].split()[1] != fetched_by:
            break
        assert time.monotonic() < deadline, "Varnish did not refresh the expired campaign page"
        time.sleep(0.1)


def check_a_publish_purges_the_page_and_its_query_variants(site, campaign_index, other):
    listing, variant = campaign_index.url, campaign_index.url + "?page=2"
    for path in (listing, variant, other):
        warm(site, path)
    campaign_index.title = "Galang Daya Terbaru"
    campaign_index.save_revision().publish()  # the site purges (pagecache.signals, then the proxy task)
    for path in (listing, variant):
        fresh = get(site, path)
        assert fresh.headers["X-Cache"] == "MISS" and "Galang Daya Terbaru" in fresh.text, path

    # A purge of one path leaves the others cached.
    from pagecache.purge import purge_paths

    warm(site, listing)
    purge_paths([other])
    assert get(site, other).headers["X-Cache"] == "MISS"
    assert get(site, listing).headers["X-Cache"] == "HIT"


def check_purge_comes_only_from_the_acl(site, path, other):
    warm(site, path)
    # 127.0.0.2 is on loopback but not in the ACL (which names 127.0.0.1 and ::1 only).
    assert purge_from(site, path, source="127.0.0.2") == 403
    # A TLS terminator on this machine forwards from 127.0.0.1, with the client in X-Forwarded-For.
    assert purge_from(site, path, **{"X-Forwarded-For": "203.0.113.7"}) == 403
    assert get(site, path).headers["X-Cache"] == "HIT"
    assert purge_from(site, path) == 200
    assert get(site, path).headers["X-Cache"] == "MISS"

    # Everything on this host (pagecache.proxy.PurgeBackend.purge_everything).
    warm(site, other)
    assert purge_from(site, "/", **{"X-Purge-Everything": "1"}) == 200
    assert get(site, other).headers["X-Cache"] == "MISS"
