"""The honeypot on every public form, and the captcha only when its keys are configured (throttle/).

No test reaches a captcha provider: ``responses`` answers for it, and refuses any other request.
"""
import re

import pytest
import requests
import responses
from django.core import mail

from partners.testing import registration_data
from plugins.petition.tests.helpers import ASK as PETITION_ASK
from plugins.petition.tests.helpers import VALID as PETITION_VALID
from throttle.honeypot import FIELD

pytestmark = pytest.mark.django_db

TURNSTILE_VERIFY = "https://challenges.cloudflare.com/turnstile/v0/siteverify"
HCAPTCHA_VERIFY = "https://api.hcaptcha.com/siteverify"


@pytest.fixture
def petition(make_campaign):
    campaign = make_campaign(asks=[("petition", dict(PETITION_ASK))])
    return campaign, campaign.pledge_url(campaign.get_asks()[0])


def signatures():
    from plugins.petition.models import Signature

    return Signature.objects.count()


# -- the honeypot ---------------------------------------------------------------------------------


def test_every_public_form_carries_the_honeypot_hidden_from_people_and_screen_readers(client, petition):
    _campaign, url = petition
    body = client.get(url).content.decode()
    form = re.search(r'<form method="post".*?</form>', body, re.S).group(0)
    trap = re.search(rf'<div hidden aria-hidden="true"><label>[^<]*<input type="text" name="{FIELD}"[^>]*>', form)
    assert trap, form
    assert 'tabindex="-1"' in trap.group(0) and 'autocomplete="off"' in trap.group(0)
    assert FIELD in client.get("/id/daftar-mitra/").content.decode()
    # The admin's own forms are left as they are.
    assert FIELD not in client.get("/admin/login/").content.decode()


def test_a_filled_honeypot_is_refused_quietly_and_nothing_is_stored_or_sent(client, petition,
                                                                           django_capture_on_commit_callbacks):
    _campaign, url = petition
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**PETITION_VALID, FIELD: "http://spam.example"})
    assert response.status_code == 303 and response["Location"] == url  # back to the form, no error
    assert signatures() == 0 and not mail.outbox
    # A person (the field left empty) signs as usual.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**PETITION_VALID, FIELD: ""}).status_code == 200
    assert signatures() == 1 and len(mail.outbox) == 1


def test_a_filled_honeypot_registers_nothing(client, partner_index):
    from partners.models import OrganisationPage

    before = OrganisationPage.objects.count()
    response = client.post("/id/daftar-mitra/", {**registration_data(), FIELD: "x"})
    assert response.status_code == 303
    assert OrganisationPage.objects.count() == before and not mail.outbox


# -- the captcha ----------------------------------------------------------------------------------


def test_without_keys_there_is_no_captcha_and_no_outside_request(client, petition, settings):
    assert not settings.TURNSTILE_SITE_KEY and not settings.HCAPTCHA_SITE_KEY
    _campaign, url = petition
    with responses.RequestsMock(assert_all_requests_are_fired=False) as outside:
        body = client.get(url).content.decode()
        assert client.post(url, PETITION_VALID).status_code == 200
        assert not outside.calls
    assert "challenges.cloudflare.com" not in body and "turnstile" not in body and "hcaptcha" not in body
    assert signatures() == 1


@pytest.fixture
def turnstile(settings):
    settings.TURNSTILE_SITE_KEY = "0x4AAAAAAAtest-site"
    settings.TURNSTILE_SECRET_KEY = "0x4AAAAAAAtest-secret"


def test_with_turnstile_keys_forms_show_the_widget_and_its_script(client, petition, turnstile):
    _campaign, url = petition
    body = client.get(url).content.decode()
    assert '<div class="cf-turnstile" data-sitekey="0x4AAAAAAAtest-site"></div>' in body
    assert body.count('<script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer') == 1
    assert "test-secret" not in body
    # Pages without a form load no script.
    assert "challenges.cloudflare.com" not in client.get("/id/wilayah/").content.decode()


def test_with_turnstile_keys_a_post_is_verified_with_the_provider(client, petition, turnstile):
    _campaign, url = petition
    with responses.RequestsMock() as provider:
        provider.add(responses.POST, TURNSTILE_VERIFY, json={"success": False, "error-codes": ["invalid-input"]})
        response = client.post(url, {**PETITION_VALID, "cf-turnstile-response": "palsu"}, REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 400
        sent = provider.calls[0].request.body
        assert "secret=0x4AAAAAAAtest-secret" in sent and "response=palsu" in sent and "remoteip=203.0.113.5" in sent
    assert signatures() == 0
    assert "Mohon pastikan Anda bukan robot" in response.content.decode()

    # No token at all: refused without asking anyone.
    with responses.RequestsMock(assert_all_requests_are_fired=False) as provider:
        assert client.post(url, PETITION_VALID).status_code == 400
        assert not provider.calls
    assert signatures() == 0

    with responses.RequestsMock() as provider:
        provider.add(responses.POST, TURNSTILE_VERIFY, json={"success": True})
        assert client.post(url, {**PETITION_VALID, "cf-turnstile-response": "benar"}).status_code == 200
    assert signatures() == 1


def test_an_unreachable_provider_lets_the_form_through_with_a_warning(client, petition, turnstile, caplog):
    _campaign, url = petition
    with responses.RequestsMock() as provider:
        provider.add(responses.POST, TURNSTILE_VERIFY, body=requests.ConnectTimeout("timed out"))
        assert client.post(url, {**PETITION_VALID, "cf-turnstile-response": "x"}).status_code == 200
    assert signatures() == 1 and "unreachable" in caplog.text


def test_the_verification_call_has_a_timeout(client, petition, turnstile, monkeypatch):
    import throttle.captcha

    seen = {}

    def fake_post(url, data, timeout):
        seen.update(url=url, timeout=timeout)
        raise requests.ConnectionError("offline")

    monkeypatch.setattr(throttle.captcha.requests, "post", fake_post)
    _campaign, url = petition
    client.post(url, {**PETITION_VALID, "cf-turnstile-response": "x"})
    assert seen == {"url": TURNSTILE_VERIFY, "timeout": throttle.captcha.TIMEOUT} and 0 < throttle.captcha.TIMEOUT <= 10


def test_hcaptcha_when_its_keys_are_configured(client, petition, settings):
    settings.HCAPTCHA_SITE_KEY = "10000000-ffff-ffff-ffff-000000000001"
    settings.HCAPTCHA_SECRET_KEY = "0x0000000000000000000000000000000000000000"
    _campaign, url = petition
    body = client.get(url).content.decode()
    assert 'class="h-captcha" data-sitekey="10000000-ffff-ffff-ffff-000000000001"' in body
    assert "https://js.hcaptcha.com/1/api.js" in body
    with responses.RequestsMock() as provider:
        provider.add(responses.POST, HCAPTCHA_VERIFY, json={"success": True})
        assert client.post(url, {**PETITION_VALID, "h-captcha-response": "ok"}).status_code == 200
    assert signatures() == 1


def test_signed_in_people_are_not_asked_for_a_captcha(client, petition, turnstile, django_user_model):
    _campaign, url = petition
    client.force_login(django_user_model.objects.create_user("warga", password="x"))
    assert "cf-turnstile" not in client.get(url).content.decode()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as provider:
        assert client.post(url, PETITION_VALID).status_code == 200
        assert not provider.calls
