"""Two-step verification (twofactor/): who must use it, the set-up and sign-in steps, backup codes.

The test settings require it of no role (so the rest of the suite can ``force_login``); every test
here turns the production requirement on with the ``settings`` fixture. Codes are computed in the
test from the device's key, as an authenticator app does, and every request goes through Django's
whole stack (the real Wagtail login, the middleware, the views) on the test database.
"""
import logging
import re
from base64 import b32decode, b32encode
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from editorial.testing import comms_user, make_user  # noqa: F401 - fixtures
from partners.testing import *  # noqa: F401,F403 - fixtures
from partners.testing import PASSWORD
from twofactor import policy
from twofactor.middleware import EXEMPT_VIEWS

User = get_user_model()
ALL_ROLES = ["superuser", "finance", "moderator"]
SETUP, VERIFY, ACCOUNT = "/admin/2fa/setup/", "/admin/2fa/verify/", "/admin/2fa/"


@pytest.fixture(autouse=True)
def require_two_factor(settings):
    """Production's rule: superusers, finance and moderators must use two-step verification."""
    settings.LOKADAYA_2FA_REQUIRED_ROLES = ALL_ROLES


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("akar", "akar@lokadaya.id", PASSWORD)


@pytest.fixture
def finance_user(db):
    user = User.objects.create_user("keuangan", "keuangan@lokadaya.id", PASSWORD)
    user.groups.add(Group.objects.get(name="Keuangan Nasional"))
    return user


def code_for(device, steps_ahead=0):
    """The code an authenticator app shows now (or ``steps_ahead`` 30-second steps later)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"


def sign_in(user, password=PASSWORD, next_url="/admin/"):
    """A new browser session through Wagtail's real login form; returns the client and the response."""
    client = Client()
    response = client.post("/admin/login/", {"username": user.get_username(), "password": password,
                                             "next": next_url})
    assert response.status_code == 302, response.content[:500]
    return client, response


def set_up(user):
    """A confirmed authenticator and ten backup codes, as the set-up page leaves them."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device, policy.new_backup_codes(user)


# -- every admin URL, generated from the URL resolver ------------------------------------------

SAMPLES = {"int": "1", "str": "a", "slug": "a", "path": "a/b", "uuid": "00000000-0000-0000-0000-000000000001"}


def _regex_sample(body):
    first = body.split("|")[0]
    return first if re.fullmatch(r"[\w-]+", first) else "1"


def admin_paths():
    """One concrete path per URL pattern under ``/admin/`` and ``/django-admin/``, with sample ids."""
    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    paths = set()
    for route in walk(get_resolver().url_patterns):
        if not route.startswith(("admin/", "django-admin/")):
            continue
        path = route.replace("^", "").replace("$", "")
        path = re.sub(r"\(\?P<\w+>([^()]*)\)", lambda m: _regex_sample(m.group(1)), path)
        path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES[m.group(1) or "str"], path)
        path = "/" + path.replace(r"\.", ".").replace(".*", "x")
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.view_name not in EXEMPT_VIEWS:
            paths.add(path)
    return sorted(paths)


def assert_refused_everywhere(client, step):
    paths = admin_paths()
    # The admin has a few hundred URL patterns; a walk that found only a handful would prove nothing.
    assert len(paths) > 250, paths
    let_through = []
    for path in paths:
        response = client.get(path)
        if path.startswith("/admin/api/"):
            if response.status_code != 403 or "application/json" not in response["Content-Type"]:
                let_through.append((path, response.status_code))
        elif response.status_code != 302 or not response["Location"].startswith(step):
            let_through.append((path, response.status_code))
    assert not let_through


@pytest.mark.parametrize("role", ALL_ROLES)
def test_required_roles_reach_no_admin_url_before_setting_up(role, request, make_moderator):
    user = {"superuser": lambda: request.getfixturevalue("superuser"),
            "finance": lambda: request.getfixturevalue("finance_user"),
            "moderator": lambda: make_moderator("33")}[role]()
    assert policy.is_required(user)
    client = Client()
    client.force_login(user)
    assert_refused_everywhere(client, SETUP)


def test_a_user_with_a_device_reaches_no_admin_url_before_entering_a_code(superuser):
    set_up(superuser)
    client, response = sign_in(superuser)
    assert response["Location"] == "/admin/"
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert_refused_everywhere(client, VERIFY)


def test_admin_api_cannot_publish_before_verification(superuser, make_campaign):
    campaign = make_campaign(live=False, slug="draf")
    client = Client()
    client.force_login(superuser)
    response = client.post(f"/admin/api/main/pages/{campaign.pk}/action/publish/",
                           content_type="application/json", data={})
    assert response.status_code == 403
    assert "message" in response.json()
    campaign.refresh_from_db()
    assert not campaign.live
    # A form POST to an admin view is refused too, without a redirect that would drop it.
    response = client.post(f"/admin/pages/{campaign.pk}/unpublish/")
    assert response.status_code == 403


# -- set-up, sign-in, backup codes ---------------------------------------------------------------


def test_setup_with_a_real_code_then_sign_in_with_the_next_one(superuser, caplog):
    caplog.set_level(logging.INFO, logger="lokadaya.twofactor")
    client, response = sign_in(superuser)
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    response = client.get(response["Location"])
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    secret = b32encode(device.bin_key).decode()
    shown = re.search(r"data-twofactor-secret>([A-Z2-7 ]+)<", response.content.decode()).group(1)
    assert shown.replace(" ", "") == secret
    assert b"<svg" in response.content and b"otpauth" not in response.content  # the QR is drawn, not linked
    # A reload shows the same secret: the app may have scanned it already.
    assert client.get(SETUP).context["secret_groups"] == response.context["secret_groups"]

    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/pages/"})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    for code in codes:
        assert code in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/api/main/pages/").status_code == 200

    # A new session: password, then a code (the next time step: a code is never accepted twice).
    client, response = sign_in(superuser, next_url="/admin/pages/")
    response = client.get(response["Location"])
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    response = client.post(VERIFY, {"code": code_for(device, steps_ahead=1), "next": "/admin/pages/"})
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200

    # The key and the codes never reach the logs; the attempts do.
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "two-step code accepted" in logged
    for secret_text in [device.key, secret, *codes]:
        assert secret_text not in logged


def test_wrong_code_is_refused_throttled_and_logged(superuser, caplog):
    caplog.set_level(logging.INFO, logger="lokadaya.twofactor")
    device, codes = set_up(superuser)
    client, _ = sign_in(superuser)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong, "next": "/admin/"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert client.get("/admin/").status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    # Straight after a failure even the right code waits (django-otp's throttling), and says so.
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("refused" in message and "failures=1" in message for message in warnings)
    assert any("throttled" in message for message in warnings)
    assert not any(wrong in message or device.key in message for message in warnings)

    # Once the wait is over, the right code passes and the count starts again.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(seconds=5))
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_backup_code_works_once(superuser):
    device, codes = set_up(superuser)
    client, _ = sign_in(superuser)
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=superuser).count() == 9

    other, _ = sign_in(superuser)
    response = other.post(VERIFY, {"code": codes[0], "next": "/admin/"})
    assert response.status_code == 200 and "code" in response.context["form"].errors
    assert other.get("/admin/").status_code == 302


def test_next_never_leaves_the_site(superuser):
    device, _ = set_up(superuser)
    client, _ = sign_in(superuser)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://jahat.example/admin/"})
    assert response["Location"] == "/admin/"


def test_a_password_alone_cannot_replace_the_authenticator(superuser):
    """An attacker with the password only must not add their own app through the set-up page."""
    device, _ = set_up(superuser)
    client, _ = sign_in(superuser)
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    response = client.post(SETUP, {"code": "123456"})
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=superuser)) == [device]
    # Nor turn it off or take new backup codes from the account page (the middleware refuses the POST).
    for action in ("disable", "regenerate", "replace"):
        assert client.post(ACCOUNT, {"code": "123456", "action": action}).status_code == 403
    assert client.get(ACCOUNT)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=superuser).exists()


# -- optional for editors and communications staff; the account page -------------------------------


def test_optional_for_editors_and_communications(make_verified_oms, comms_user):
    oms = make_verified_oms("oms-a")
    for user in (oms.editor, comms_user):
        assert not policy.is_required(user)
        client = Client()
        client.force_login(user)
        assert client.get("/admin/").status_code == 200
        response = client.get(ACCOUNT)
        assert response.status_code == 200 and b'data-twofactor-status="off"' in response.content


def test_an_editor_turns_it_on_and_off(make_verified_oms):
    editor = make_verified_oms("oms-a").editor
    client = Client()
    client.force_login(editor)
    assert "/admin/2fa/" in client.get("/admin/account/").content.decode()
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=editor)
    codes = client.post(SETUP, {"code": code_for(device)}).context["codes"]
    assert TOTPDevice.objects.get(user=editor).confirmed

    # Now the editor is asked for a code at every sign-in.
    other, _ = sign_in(editor)
    assert other.get("/admin/")["Location"].startswith(VERIFY)

    # Turning off needs a current code: a wrong one changes nothing.
    response = client.post(ACCOUNT, {"code": "000000", "action": "disable"})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    response = client.post(ACCOUNT, {"code": codes[1], "action": "disable"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert client.get("/admin/").status_code == 200


def test_required_roles_cannot_turn_it_off_but_can_renew_backup_codes(make_moderator):
    moderator = make_moderator("33")
    device, codes = set_up(moderator)
    client, _ = sign_in(moderator)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    response = client.get(ACCOUNT)
    assert b'value="disable"' not in response.content
    response = client.post(ACCOUNT, {"code": codes[0], "action": "disable"})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()
    assert StaticToken.objects.filter(device__user=moderator, token=codes[0]).exists()  # not spent

    response = client.post(ACCOUNT, {"code": codes[0], "action": "regenerate"})
    assert response.status_code == 200
    new_codes = response.context["codes"]
    assert len(new_codes) == 10
    assert set(StaticToken.objects.filter(device__user=moderator).values_list("token", flat=True)) == set(new_codes)

    # Another authenticator app: the old one stops working and the moderator must set up again.
    response = client.post(ACCOUNT, {"code": new_codes[0], "action": "replace"})
    assert response["Location"] == SETUP
    assert not TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_the_account_page_is_in_indonesian(superuser):
    device, _ = set_up(superuser)
    client, _ = sign_in(superuser)
    client.post(VERIFY, {"code": code_for(device)})
    response = client.get("/admin/account/", HTTP_ACCEPT_LANGUAGE="id")
    assert "Verifikasi dua langkah" in response.content.decode()
    response = client.get(ACCOUNT)
    assert "Verifikasi dua langkah aktif" in response.content.decode()


def test_reset_command_sends_a_required_user_back_to_setup(superuser):
    from django.core.management import call_command

    set_up(superuser)
    call_command("twofactor_reset", superuser.username)
    assert not policy.has_device(superuser)
    client, _ = sign_in(superuser)
    assert client.get("/admin/")["Location"].startswith(SETUP)


# -- in a browser ---------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_moderator_sets_up_and_reaches_the_dashboard(browser_page, make_moderator):
    moderator = make_moderator("33", username="moderator-jateng")
    page = browser_page
    page.goto(f"{page.base_url}/admin/login/")
    page.fill("input[name=username]", moderator.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/2fa/setup/"))
    assert page.locator(".twofactor-qr svg").is_visible()

    secret = page.locator("[data-twofactor-secret]").inner_text().replace(" ", "")
    code = f"{totp(b32decode(secret)):06d}"
    page.fill("input[name=code]", code)
    page.click("form.login-form button[type=submit]")
    page.locator("[data-twofactor-codes]").wait_for()
    codes = page.locator("[data-twofactor-codes] code").all_inner_texts()
    assert len(codes) == 10

    page.click("text=Sudah disimpan, lanjutkan")
    page.wait_for_url(f"{page.base_url}/admin/")
    assert page.locator("#main").is_visible()
    assert "/admin/2fa/" not in page.url
    assert not page.console_errors and not page.outside_requests
    assert TOTPDevice.objects.get(user=moderator).confirmed
