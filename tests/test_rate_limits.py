"""Abuse limits through Django's stack (throttle/): each limit, the lockout, the 429 page, the email cap.

The test settings turn the rate limits off for the rest of the suite; ``limits_on`` turns them on
with an empty cache. The limits of two server processes sharing Redis are in
tests/test_rate_limits_server.py.
"""
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from partners.testing import PASSWORD, registration_data
from plugins.partnership.tests.conftest import ASK as PARTNERSHIP_ASK
from plugins.petition.tests.helpers import ASK as PETITION_ASK
from plugins.petition.tests.helpers import VALID as PETITION_VALID
from plugins.volunteering.tests.conftest import ask_value as volunteering_ask
from throttle.policies import RATES

pytestmark = pytest.mark.django_db


def limit(group, kind):
    return int(RATES[group][kind].split("/")[0])


@pytest.fixture
def limits_on(settings):
    settings.THROTTLE_ENABLED = True
    cache.clear()
    yield
    cache.clear()


def post_from(client, path, data, ip="203.0.113.7", **extra):
    return client.post(path, data, REMOTE_ADDR=ip, **extra)


# -- the table ------------------------------------------------------------------------------------


def test_every_policy_names_a_view_that_exists():
    """A misspelt key would cover nothing: each names a URL pattern, or a page model's sub-view."""
    from django.apps import apps
    from django.urls import get_resolver

    from throttle.policies import POLICIES

    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    for key in POLICIES:
        label, _sep, view = key.partition(":")
        if "." in label:
            assert view in {p.name for p in apps.get_model(label).get_subpage_urls()}, key
        else:
            assert key in names, key


# -- sign-in --------------------------------------------------------------------------------------


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user("sari", email="sari@contoh.id", password=PASSWORD,
                                                is_staff=False)


def test_admin_login_locks_out_after_five_failures_and_a_superuser_unlocks(client, member, limits_on):
    from axes.models import AccessAttempt

    for _ in range(4):
        response = post_from(client, "/admin/login/", {"username": "sari", "password": "salah"})
        assert response.status_code == 200  # the form again, with its error
    # The fifth failure locks the pair out; even the right password is refused now.
    response = post_from(client, "/admin/login/", {"username": "sari", "password": "salah"})
    assert response.status_code == 429
    response = post_from(client, "/admin/login/", {"username": "sari", "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address may still try (the lockout is per username and address).
    response = post_from(client, "/admin/login/", {"username": "sari", "password": PASSWORD}, ip="198.51.100.9")
    assert response.status_code == 302
    client.logout()

    # An editor may not open the lockout list; a superuser unlocks by deleting the attempt.
    attempt = AccessAttempt.objects.get(username="sari")
    editor = get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)
    client.force_login(editor)
    assert client.get(f"/django-admin/axes/accessattempt/{attempt.pk}/delete/").status_code in (302, 403)
    assert client.post(f"/django-admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}).status_code \
        in (302, 403)
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert "/django-admin/axes/accessattempt/" not in client.get("/admin/").content.decode()
    admin = get_user_model().objects.create_superuser("root", "root@contoh.id", PASSWORD)
    client.force_login(admin)
    # The admin's Settings menu links superusers to the lockouts.
    assert "/django-admin/axes/accessattempt/" in client.get("/admin/").content.decode()
    response = client.post(f"/django-admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="sari").exists()
    client.logout()
    response = post_from(client, "/admin/login/", {"username": "sari", "password": PASSWORD})
    assert response.status_code == 302


def test_login_forms_are_limited_per_address_and_per_username(client, member, limits_on):
    per_ip, per_name = limit("login", "ip"), limit("login", "email")
    # One address trying many usernames (never five failures for one of them: no lockout).
    for n in range(per_ip):
        assert post_from(client, "/id/daftar-mitra/masuk/", {"username": f"u{n}", "password": "x"}).status_code == 200
    response = post_from(client, "/id/daftar-mitra/masuk/", {"username": "tamu", "password": PASSWORD})
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # Many addresses trying one username: the admin's login counts with the partners' one.
    for n in range(per_name):
        ip = f"198.51.100.{n + 1}"
        assert post_from(client, "/admin/login/", {"username": "SARI ", "password": "x"}, ip=ip).status_code == 200
    response = post_from(client, "/admin/login/", {"username": "sari", "password": PASSWORD}, ip="192.0.2.200")
    assert response.status_code == 429
    # Someone else signs in as usual.
    get_user_model().objects.create_user("budi", password=PASSWORD)
    assert post_from(client, "/admin/login/", {"username": "budi", "password": PASSWORD},
                     ip="192.0.2.201").status_code == 302


# -- registration and resends ---------------------------------------------------------------------


def test_registration_is_limited_per_address_and_per_email(client, partner_index, limits_on):
    from partners.models import OrganisationPage

    per_ip, per_email = limit("register", "ip"), limit("register", "email")
    for n in range(per_ip):
        post_from(client, "/id/daftar-mitra/", {"account_email": f"orang{n}@contoh.id"})
    before = OrganisationPage.objects.count()
    response = post_from(client, "/id/daftar-mitra/", registration_data())
    assert response.status_code == 429
    assert OrganisationPage.objects.count() == before and not mail.outbox
    for n in range(per_email):
        post_from(client, "/id/daftar-mitra/", {"account_email": "Korban@Contoh.id"}, ip=f"198.51.100.{n + 1}")
    response = post_from(client, "/id/daftar-mitra/", registration_data(account_email="korban@contoh.id"),
                         ip="192.0.2.50")
    assert response.status_code == 429
    # A valid registration from a fresh address and email goes through.
    response = post_from(client, "/id/daftar-mitra/", registration_data(), ip="192.0.2.51")
    assert response.status_code == 302


def test_resending_the_confirmation_is_limited(client, limits_on):
    per_email = limit("resend", "email")
    for n in range(per_email):
        response = post_from(client, "/id/daftar-mitra/terkirim/", {"email": "korban@contoh.id"},
                             ip=f"198.51.100.{n + 1}")
        assert response.status_code == 302
    response = post_from(client, "/id/daftar-mitra/terkirim/", {"email": "korban@contoh.id"}, ip="192.0.2.9")
    assert response.status_code == 429
    for n in range(limit("resend", "ip") - 1):  # this address sent one above
        post_from(client, "/id/daftar-mitra/terkirim/", {"email": f"lain{n}@contoh.id"}, ip="192.0.2.9")
    assert post_from(client, "/id/daftar-mitra/terkirim/", {"email": "baru@contoh.id"},
                     ip="192.0.2.9").status_code == 429


def test_petition_new_link_is_limited_per_address(client, limits_on):
    for _ in range(limit("resend", "ip")):
        assert post_from(client, "/id/dukung/petition/tautan-baru/bukan-token/", {}).status_code == 400
    assert post_from(client, "/id/dukung/petition/tautan-baru/bukan-token/", {}).status_code == 429


# -- pledges of every plugin ----------------------------------------------------------------------


@pytest.fixture
def every_kind_campaign(make_campaign):
    from plugins.inkind.tests.conftest import ASK as INKIND_ASK

    return make_campaign(asks=[
        ("donation", {"title": "Donasi lampu", "target": Decimal("1000000")}),
        ("inkind", dict(INKIND_ASK)),
        ("volunteering", volunteering_ask()),
        ("partnership", dict(PARTNERSHIP_ASK)),
        ("petition", dict(PETITION_ASK)),
    ])


def test_every_pledge_form_is_limited_per_email_then_per_address(client, every_kind_campaign, limits_on):
    per_email = limit("pledge", "email")
    asks = {ask.type_key: ask for ask in every_kind_campaign.get_asks()}
    assert set(asks) == {"donation", "inkind", "volunteering", "partnership", "petition"}
    for n, (key, ask) in enumerate(sorted(asks.items())):
        url = every_kind_campaign.pledge_url(ask)
        victim = f"korban-{key}@contoh.id"
        for attempt in range(per_email):
            response = post_from(client, url, {"email": victim, "name": "x"}, ip=f"198.51.100.{10 * n + attempt}")
            assert response.status_code != 429, (key, attempt)
        sent = len(mail.outbox)
        response = post_from(client, url, {**PETITION_VALID, "email": victim}, ip=f"192.0.2.{n + 1}")
        assert response.status_code == 429, key
        assert len(mail.outbox) == sent
    # One address, many emails: the per-address limit counts every kind of pledge together.
    url = every_kind_campaign.pledge_url(asks["petition"])
    for n in range(limit("pledge", "ip")):
        assert post_from(client, url, {"email": f"a{n}@contoh.id"}, ip="192.0.2.99").status_code != 429
    response = post_from(client, url, {**PETITION_VALID, "email": "baru@contoh.id"}, ip="192.0.2.99")
    assert response.status_code == 429


def test_a_petition_signature_over_the_limit_is_not_stored(client, make_campaign, limits_on):
    from plugins.petition.models import Signature

    campaign = make_campaign(asks=[("petition", dict(PETITION_ASK))])
    url = campaign.pledge_url(campaign.get_asks()[0])
    for n in range(limit("pledge", "ip")):
        response = post_from(client, url, {**PETITION_VALID, "email": f"warga{n}@contoh.id"})
        assert response.status_code == 200
    assert Signature.objects.count() == limit("pledge", "ip")
    sent = len(mail.outbox)
    response = post_from(client, url, {**PETITION_VALID, "email": "satu-lagi@contoh.id"})
    assert response.status_code == 429
    assert Signature.objects.count() == limit("pledge", "ip") and len(mail.outbox) == sent


# -- the default, the exempt, the staff -----------------------------------------------------------


def test_an_unlisted_public_post_gets_the_default_limit(client, limits_on):
    per_ip = limit("post", "ip")
    for _ in range(per_ip):
        assert post_from(client, "/id/cari/", {"q": "air"}).status_code != 429
    assert post_from(client, "/id/cari/", {"q": "air"}).status_code == 429
    assert post_from(client, "/id/cari/", {"q": "air"}, ip="192.0.2.3").status_code != 429


def test_payment_notifications_and_signed_in_staff_are_not_limited(client, limits_on):
    for _ in range(limit("post", "ip") + 5):
        response = client.post("/payments/process/midtrans/", b"{}", content_type="application/json")
        assert response.status_code != 429
    admin = get_user_model().objects.create_superuser("root", "root@contoh.id", PASSWORD)
    client.force_login(admin)
    for _ in range(limit("post", "ip") + 5):
        assert client.post("/id/cari/", {"q": "air"}).status_code != 429


# -- the 429 answer -------------------------------------------------------------------------------


@pytest.mark.parametrize("language, title, retry", [
    ("id", "Pelan-pelan dulu", "Silakan coba lagi dalam sekitar"),
    ("en", "Slow down a little", "Please try again in about"),
])
def test_the_429_page_speaks_the_visitors_language(client, limits_on, settings, language, title, retry):
    settings.THROTTLE_RATES = {"post": {"ip": "1/h"}}
    client.post(f"/{language}/cari/", {"q": "air"})
    response = client.post(f"/{language}/cari/", {"q": "air"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert title in body and retry in body
    assert 'name="viewport"' in body  # the site's own light, mobile-first layout


def test_json_clients_get_a_json_429(client, limits_on, settings):
    settings.THROTTLE_RATES = {"post": {"ip": "1/h"}}
    client.post("/id/cari/", {"q": "air"}, HTTP_ACCEPT="application/json")
    response = client.post("/id/cari/", {"q": "air"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 429 and response["Content-Type"] == "application/json"
    assert response.json()["error"] == "too_many_requests"
    assert response.json()["retry_after"] == int(response["Retry-After"])


def test_behind_a_proxy_the_client_is_the_address_the_proxy_saw(rf, settings):
    from throttle.ip import client_ip, ip_bucket

    request = rf.post("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "10.0.0.2"  # no proxy configured: the header is not trusted
    settings.THROTTLE_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # not the address the client wrote itself
    assert ip_bucket(rf.post("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")) == "2001:db8:1:2::/64"


# -- the email cap --------------------------------------------------------------------------------


def test_at_most_a_few_emails_per_visitor_address_per_hour(limits_on, settings, caplog):
    from campaigns.notifications import send_templated_email

    settings.THROTTLE_EMAIL_CAP = 3
    for _ in range(6):
        assert send_templated_email("korban@contoh.id", "petition/email/confirm", {"days": 7}) in (True, False)
    assert [m.to for m in mail.outbox] == [["korban@contoh.id"]] * 3
    assert "dropped" in caplog.text
    # Another address has its own count; the site's own people are not capped.
    get_user_model().objects.create_user("moderator", email="moderator@contoh.id", password=PASSWORD)
    mail.outbox.clear()
    for _ in range(6):
        send_templated_email(["moderator@contoh.id", "lain@contoh.id"], "petition/email/confirm", {"days": 7})
    assert sum(m.to.count("moderator@contoh.id") for m in mail.outbox) == 6
    assert sum(m.to.count("lain@contoh.id") for m in mail.outbox) == 3


def test_an_oms_busy_with_notes_is_never_capped_and_looked_up_once_per_window(limits_on, settings, organisation,
                                                                             django_assert_num_queries):
    """An OMS profile's address is a site address: every note reaches it, and past the cap the
    database is asked once, not for each note (the task worker sends one per confirmed donation)."""
    from throttle.mail import allow

    settings.THROTTLE_EMAIL_CAP = 2
    with django_assert_num_queries(0):  # under the cap: counted in the cache only
        assert allow("OMS@contoh.id") and allow("oms@contoh.id")
    with django_assert_num_queries(1):
        assert allow("oms@contoh.id")  # past the cap: is it a site address? yes
    with django_assert_num_queries(0):
        assert all(allow("oms@contoh.id") for _ in range(5))  # remembered for the window
    # A visitor's address past the cap is asked about once as well, and stays capped.
    assert allow("tamu@contoh.id") and allow("tamu@contoh.id")
    with django_assert_num_queries(1):
        assert not allow("tamu@contoh.id")
    with django_assert_num_queries(0):
        assert not allow("tamu@contoh.id")


def test_pledges_with_a_victims_email_send_them_only_a_few_emails(client, make_campaign, limits_on, settings,
                                                                 django_capture_on_commit_callbacks):
    from plugins.petition.models import Signature

    settings.THROTTLE_RATES = {"pledge": {"email": "100/h"}}  # as if the per-email limit were generous
    settings.THROTTLE_EMAIL_CAP = 3
    campaign = make_campaign(asks=[("petition", dict(PETITION_ASK))])
    url = campaign.pledge_url(campaign.get_asks()[0])
    for n in range(10):
        # Different addresses each time (a botnet), each after the petition's own resend interval.
        Signature.objects.update(confirmation_sent_at=None)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_from(client, url, {**PETITION_VALID, "email": "korban@contoh.id"}, ip=f"198.51.100.{n}")
        assert response.status_code == 200  # the visitor sees nothing different
    assert len([m for m in mail.outbox if "korban@contoh.id" in m.to]) == 3
