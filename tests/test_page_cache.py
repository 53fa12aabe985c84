"""The page cache (issue 13): anonymous visitors get kept pages; nobody gets another's; nothing stale.

Through Django's whole stack (the test client), with the cache on as in production. The figures'
allowed staleness is set per test where it matters (tests run with 0: figures show at once).
"""
import time
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client
from wagtail.models import PageViewRestriction

from campaigns.models import CampaignPage
from pagecache import store
from plugins.donation.models import Donation, Payment

pytestmark = pytest.mark.django_db

DONATION = ("donation", {"title": "Donasi untuk sumur bor", "description": "Setiap rupiah untuk pipa.",
                         "target": Decimal("1000000"), "minimum": Decimal("10000"), "suggested_amounts": [50000]})
PETITION = ("petition", {"title": "Petisi air bersih", "description": "Dukung kami.", "decision_maker": "Wali Kota",
                         "demand": "Perbaiki saluran air.", "goal": 100})


@pytest.fixture
def campaign(make_campaign):
    return make_campaign(asks=[DONATION, PETITION], title="Sumur Bor Tembalang", slug="sumur-bor")


def donate(campaign, amount, name="Siti Rahmawati"):
    payment = Payment.objects.create(variant="dummy", currency="IDR", total=Decimal(amount), status="confirmed")
    ask = [a for a in campaign.get_asks() if a.type_key == "donation"][0]
    return Donation.objects.create(campaign=campaign, ask_id=ask.id, amount=Decimal(amount), payment=payment,
                                   name=name, email="siti@contoh.id", status=Donation.Status.CONFIRMED,
                                   received_amount=Decimal(amount))


def state(response):
    return response.headers.get("X-Page-Cache")


# -- keeping and answering ------------------------------------------------------------------------

def test_an_anonymous_visitor_gets_the_kept_page_with_caching_headers(client, campaign):
    first = client.get(campaign.url)
    second = Client().get(campaign.url)
    assert (first.status_code, state(first), state(second)) == (200, "miss", "hit")
    assert first.content == second.content
    # A campaign page's figures move: browsers ask again, proxies keep it as long as figures may be stale.
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=0, stale-while-revalidate=0"
    assert second["Vary"] == "Accept-Encoding" and second["ETag"] == first["ETag"]
    assert "Last-Modified" in second and "Age" not in second
    assert "sessionid" not in second.cookies and "csrftoken" not in second.cookies


def test_other_pages_may_be_kept_by_browsers_for_a_minute(client, campaign, organisation, settings):
    settings.LOKADAYA_PAGE_CACHE_LISTING_FIGURES_SECONDS = 60
    response = client.get(organisation.url)
    assert state(response) == "miss"
    # A proxy keeps it no longer than its campaign cards' figures may be stale.
    assert response["Cache-Control"] == "public, max-age=60, s-maxage=60, stale-while-revalidate=60"


def test_a_conditional_request_gets_304_and_gzip_is_kept_apart(client, campaign):
    etag = client.get(campaign.url)["ETag"]
    not_modified = client.get(campaign.url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    zipped = client.get(campaign.url, HTTP_ACCEPT_ENCODING="gzip")
    assert state(zipped) == "miss" and zipped["Content-Encoding"] == "gzip"
    again = client.get(campaign.url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert state(again) == "hit" and again["Content-Encoding"] == "gzip" and again.content == zipped.content
    assert state(client.get(campaign.url)) == "hit"  # the plain entry is still there, uncompressed
    assert "Content-Encoding" not in client.get(campaign.url)


def test_tracking_parameters_share_one_entry_and_never_reach_the_page(client, campaign):
    client.get(campaign.url)
    shared = client.get(campaign.url + "?utm_source=whatsapp&fbclid=IwAR-klik-pribadi-123")
    assert state(shared) == "hit"
    assert b"klik-pribadi" not in shared.content
    other = client.get(campaign.url + "?fbclid=IwAR-klik-lain-456&utm_medium=social")
    assert state(other) == "hit" and b"klik-lain" not in other.content


def test_the_cache_can_be_switched_off(client, campaign, settings):
    settings.LOKADAYA_PAGE_CACHE = False
    assert state(client.get(campaign.url)) is None
    assert state(client.get(campaign.url)) is None


# -- never one visitor's page for another ---------------------------------------------------------

def test_a_signed_in_editor_is_never_answered_from_the_cache_nor_kept(client, campaign, organisation, make_editor):
    editor_client = Client()
    editor_client.force_login(make_editor(organisation))
    seen_by_editor = editor_client.get(campaign.url)
    assert seen_by_editor.status_code == 200 and state(seen_by_editor) is None
    assert "public" not in seen_by_editor.get("Cache-Control", "")
    # The editor's render was not kept: the first anonymous visitor renders afresh.
    assert state(client.get(campaign.url)) == "miss"
    assert state(Client().get(campaign.url)) == "hit"
    # ...and the kept anonymous page is not what the editor gets.
    assert state(editor_client.get(campaign.url)) is None


def test_two_visitors_never_share_a_form_or_a_message(client, campaign):
    ask = [a for a in campaign.get_asks() if a.type_key == "petition"][0]
    form_url = campaign.pledge_url(ask)
    visitor_a, visitor_b = Client(), Client()
    form_a, form_b = visitor_a.get(form_url), visitor_b.get(form_url)
    assert form_a.status_code == form_b.status_code == 200
    assert state(form_a) is None and state(form_b) is None  # a form carries its visitor's CSRF token
    assert form_a.cookies["csrftoken"].value != form_b.cookies["csrftoken"].value
    assert form_a["Cache-Control"] == "private"
    # Visitor A signs; whatever A is shown next (a thank-you, a message) stays A's.
    visitor_a.get(campaign.url)
    response = visitor_a.post(form_url, {"name": "Rahasia Pribadi Ayu", "email": "ayu@contoh.id",
                                         "regency": "53.12", "comment": "Komentar Ayu", "show_name": "on"},
                              follow=True)
    assert response.status_code == 200
    page_for_b = visitor_b.get(campaign.url)
    assert state(response) is None  # A's thank-you is A's
    assert b"Rahasia Pribadi Ayu" not in page_for_b.content and b"ayu@contoh.id" not in page_for_b.content
    assert page_for_b.status_code == 200


def test_a_visitor_with_a_session_or_a_waiting_message_bypasses_the_cache(client, campaign, settings):
    client.get(campaign.url)
    with_session = Client()
    with_session.cookies[settings.SESSION_COOKIE_NAME] = "abc"
    assert state(with_session.get(campaign.url)) is None
    with_message = Client()
    with_message.cookies["messages"] = "x"
    assert state(with_message.get(campaign.url)) is None


def test_a_view_that_did_not_opt_in_or_set_a_cookie_is_never_kept(rf, campaign):
    from pagecache import mark_cacheable
    from pagecache.middleware import PageCacheMiddleware

    def cookie_view(request):
        mark_cacheable(request)
        response = HttpResponse("<p>untukmu</p>", content_type="text/html")
        response.set_cookie("pilihan", "1")
        return response

    def plain_view(request):
        return HttpResponse("<p>tanpa izin</p>", content_type="text/html")

    for view in (cookie_view, plain_view):
        middleware = PageCacheMiddleware(view)
        first = middleware(rf.get("/id/coba/"))
        assert state(first) is None and first["Cache-Control"] == "private"
        assert state(middleware(rf.get("/id/coba/"))) is None


def test_a_page_that_becomes_private_is_no_longer_served_from_the_cache(client, campaign):
    assert state(client.get(campaign.url)) == "miss"
    PageViewRestriction.objects.create(page=campaign, restriction_type=PageViewRestriction.PASSWORD,
                                       password="rahasia")
    restricted = client.get(campaign.url)
    assert state(restricted) is None
    assert restricted.status_code == 200 and b'name="password"' in restricted.content


# -- never stale after a publish --------------------------------------------------------------------

def test_publishing_purges_the_page_and_every_page_that_shows_it(client, campaign, organisation, campaign_index, home_page):
    urls = [campaign.url, organisation.url, campaign_index.url]
    for url in urls:
        assert state(client.get(url)) == "miss"
        assert state(client.get(url)) == "hit"
    page = CampaignPage.objects.get(pk=campaign.pk)
    page.title = "Sumur Bor Tembalang Tahap Dua"
    page.save_revision().publish()
    for url in urls:
        response = client.get(url)
        assert state(response) == "miss", url
        assert b"Tahap Dua" in response.content, url


def test_the_sitemap_is_kept_and_follows_publishing(client, campaign):
    assert state(client.get("/sitemap.xml")) == "miss"
    assert state(client.get("/sitemap.xml")) == "hit"
    page = CampaignPage.objects.get(pk=campaign.pk)
    page.slug = "sumur-bor-tahap-dua"
    page.save_revision().publish()
    response = client.get("/sitemap.xml")
    assert state(response) == "miss" and b"sumur-bor-tahap-dua" in response.content


def test_region_and_network_pages_are_kept_and_purged_by_a_campaign_in_their_province(client, campaign):
    from django.urls import reverse

    regency = campaign.regency or campaign.organisation.regency
    province = regency.province
    urls = [reverse("regions:province", kwargs={"slug": province.slug}),
            reverse("regions:regency", kwargs={"province_slug": province.slug, "slug": regency.slug}),
            reverse("network:detail", kwargs={"slug": province.slug})]
    for url in urls:
        assert state(client.get(url)) == "miss", url
        assert state(client.get(url)) == "hit", url
    page = CampaignPage.objects.get(pk=campaign.pk)
    page.title = "Sumur Bor Tembalang Diperluas"
    page.save_revision().publish()
    for url in urls:
        response = client.get(url)
        assert state(response) == "miss" and b"Diperluas" in response.content, url


def test_unpublishing_and_deleting_purge(client, campaign, organisation):
    client.get(campaign.url)
    client.get(organisation.url)
    CampaignPage.objects.get(pk=campaign.pk).unpublish()
    assert client.get(campaign.url).status_code == 404
    assert b"Sumur Bor Tembalang" not in client.get(organisation.url).content


def test_a_page_renamed_while_live_is_gone_from_its_old_address(client, campaign):
    old_url = campaign.url
    assert client.get(old_url).status_code == 200
    page = CampaignPage.objects.get(pk=campaign.pk)
    page.slug = "sumur-bor-baru"
    page.save_revision().publish()
    assert client.get(old_url).status_code == 404
    assert client.get(CampaignPage.objects.get(pk=campaign.pk).url).status_code == 200


def test_a_render_that_read_before_a_purge_is_not_kept_as_fresh(client, campaign):
    """A purge committed while a render runs makes that render's entry invalid."""
    client.get(campaign.url)
    found = store.lookup(next(iter(entry_keys(campaign.url))), campaign.url)
    assert store.verdict(found) == "fresh"
    store.mark_purged([campaign.url], at=found.entry.rendered_at + 0.0001)
    found = store.lookup(next(iter(entry_keys(campaign.url))), campaign.url)
    assert store.verdict(found) == "invalid"


def test_an_evicted_purge_time_counts_as_purged_now(client, campaign):
    client.get(campaign.url)
    caches["pages"].delete(store.path_key(campaign.url))
    assert state(client.get(campaign.url)) == "miss"
    assert state(client.get(campaign.url)) == "hit"


def entry_keys(url):
    return [store.entry_key("testserver", url, "", False)]


# -- figures: coalesced, and how stale -------------------------------------------------------------

def test_pledges_rerender_a_campaign_page_at_most_once_per_window(client, campaign, settings, monkeypatch):
    settings.LOKADAYA_PAGE_CACHE_FIGURES_SECONDS = 10
    clock = [time.time()]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    assert state(client.get(campaign.url)) == "miss"
    renders = 0
    for n in range(30):  # a crowd: 30 donations, 30 visits, within 9 seconds
        donate(campaign, "10000", name=f"Donatur {n}")
        clock[0] += 0.3
        renders += state(client.get(campaign.url)) == "miss"
    assert renders == 0  # figures may be up to 10 s old
    clock[0] += 1.5
    fresh = client.get(campaign.url)
    assert state(fresh) == "miss" and "Rp300.000" in fresh.content.decode().replace("\xa0", "").replace(" ", "")
    assert state(client.get(campaign.url)) == "hit"


def test_while_one_process_rerenders_the_others_serve_the_stale_page(client, campaign, settings, monkeypatch):
    settings.LOKADAYA_PAGE_CACHE_FIGURES_SECONDS = 10
    clock = [time.time()]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    client.get(campaign.url)
    clock[0] += 0.1
    donate(campaign, "50000")
    clock[0] += 11
    assert store.take_render_lock(entry_keys(campaign.url)[0])  # another process is on it
    assert state(client.get(campaign.url)) == "stale"
    store.release_render_lock(entry_keys(campaign.url)[0])
    assert state(client.get(campaign.url)) == "miss"


def test_a_moderators_freeze_shows_at_once(client, campaign):
    from reports.models import CampaignStanding

    client.get(campaign.url)
    CampaignStanding.objects.create(campaign=campaign, state=CampaignStanding.State.FROZEN,
                                    public_note="Sedang ditinjau moderator.")
    response = client.get(campaign.url)
    assert state(response) == "miss" and "support-frozen" in response.content.decode()


def test_listing_cards_follow_pledges_within_their_window(client, campaign, organisation, settings, monkeypatch):
    settings.LOKADAYA_PAGE_CACHE_LISTING_FIGURES_SECONDS = 60
    clock = [time.time()]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    assert state(client.get(organisation.url)) == "miss"
    donate(campaign, "20000")
    clock[0] += 30
    assert state(client.get(organisation.url)) == "hit"
    clock[0] += 31
    assert state(client.get(organisation.url)) == "miss"


# -- the caching proxy is told the same -------------------------------------------------------------

def test_a_publish_sends_purge_requests_to_the_proxy_with_a_timeout(campaign, settings, monkeypatch):
    from pagecache import proxy

    sent = []

    def fake_urlopen(request, timeout=None):
        sent.append((request.get_method(), request.full_url, request.headers.get("Host"), timeout))

        class Answer:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False
        return Answer()

    monkeypatch.setattr(proxy, "urlopen", fake_urlopen)
    settings.WAGTAILFRONTENDCACHE = {"varnish": {"BACKEND": "pagecache.proxy.PurgeBackend",
                                                 "LOCATION": "http://127.0.0.1:6081", "TIMEOUT": 3}}
    settings.SITE_URL = "https://lokadaya.contoh.id"
    page = CampaignPage.objects.get(pk=campaign.pk)
    page.title = "Judul Baru"
    with django_capture_on_commit():
        page.save_revision().publish()
    purged = {url for method, url, host, timeout in sent if method == "PURGE"}
    assert f"http://127.0.0.1:6081{campaign.url}" in purged
    assert all(host == "lokadaya.contoh.id" and timeout == 3 for _m, _u, host, timeout in sent)


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_an_unreachable_proxy_is_logged_not_raised(settings, caplog):
    from pagecache.proxy import PurgeBackend

    backend = PurgeBackend({"LOCATION": "http://127.0.0.1:9", "TIMEOUT": 0.5})
    assert backend.purge("https://lokadaya.contoh.id/id/") is False
    assert "unreachable" in caplog.text


def test_a_suspension_purges_everything_once_at_its_end(campaign):
    """``seed_demo`` and the test fixtures publish page after page: one purge, when they are done."""
    from pagecache import purge

    store.cache().delete(store.ALL_KEY)
    with purge.suspended():
        campaign.save_revision().publish()
        assert purge.is_suspended() and store.cache().get(store.ALL_KEY) is None
    assert store.cache().get(store.ALL_KEY) is not None and not purge.is_suspended()


def test_a_purge_outside_a_transaction_needs_no_database():
    """No ``db`` here: any query would raise. Outside a transaction the purge is made once, at once."""
    from pagecache import purge

    store.cache().delete(store.ALL_KEY)
    store.cache().delete(store.path_key("/id/contoh/"))
    purge.purge_everything()
    purge.purge_paths(["/id/contoh/"])
    assert store.cache().get(store.ALL_KEY) is not None
    assert store.cache().get(store.path_key("/id/contoh/")) is not None
