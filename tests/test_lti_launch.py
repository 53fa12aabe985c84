"""LTI 1.3 launches from a stand-in Moodle: login initiation → platform redirect → signed launch."""
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import SESSION_KEY, get_user_model
from django.test import Client
from wagtail.models import Locale

from learning.models import CourseModulePage, Enrolment, LessonPage
from lti.models import LtiIdentity, ResourceLink
from lti.testing import CLAIM, StandInPlatform, login_initiation, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return make_course(home_page)


@pytest.fixture
def moodle():
    return StandInPlatform()


@pytest.fixture
def platform(moodle, db):
    return moodle.register()


def launch(client, moodle, nonce=None, state=None, **token_kwargs):
    if state is None:
        _response, state, issued_nonce = login_initiation(client, moodle)
        nonce = nonce or issued_nonce
    token = moodle.id_token(nonce, **token_kwargs)
    return client.post("/lti/launch/", {"id_token": token, "state": state}, secure=True), token, state


def assert_refused(response, code):
    """A translated 400 page saying why (its kind in ``data-lti-refusal``), nobody signed in."""
    assert response.status_code == 400
    assert response.templates[0].name == "lti/error.html"
    assert f'data-lti-refusal="{code}"' in response.content.decode()
    assert response.context["message"]
    assert SESSION_KEY not in response.wsgi_request.session


def test_login_initiation_redirects_to_the_platform_with_state_and_nonce(platform, moodle):
    client = Client()
    response, state, nonce = login_initiation(client, moodle)
    assert response.status_code == 302
    assert response["Location"].startswith(platform.auth_login_url + "?")
    assert "redirect_uri=https%3A%2F%2Ftestserver%2Flti%2Flaunch%2F" in response["Location"]
    assert state.startswith("state-") and len(nonce) > 30
    # The state cookie must survive the platform's cross-site POST: SameSite=None; Secure.
    cookie = response.cookies["lti1p3-" + state]
    assert cookie["samesite"] == "None" and cookie["secure"] and cookie["httponly"]


def test_a_launch_creates_the_learner_enrols_signs_in_and_opens_the_course(platform, moodle, course):
    client = Client()
    response, _token, _state = launch(client, moodle, course=course.pk)
    assert response.status_code == 302
    assert response["Location"] == "/id/belajar/menggalang-dana/modul-1/pelajaran-1/"
    identity = LtiIdentity.objects.get(platform=platform, sub="moodle-user-7")
    user = identity.user
    assert (user.first_name, user.last_name, user.email) == ("Maria", "Bunga", "maria@example.org")
    assert not user.has_usable_password()
    assert Enrolment.objects.get(user=user, course=course).source == "lti"
    session = client.session
    assert session[SESSION_KEY] == str(user.pk)
    assert session.get_expire_at_browser_close()
    link = ResourceLink.objects.get(platform=platform, resource_link_id="activity-42")
    assert (link.course_id, link.context_title) == (course.pk, "Penguatan OMS NTT")
    # The same person launching again is the same user (no second account), still enrolled once.
    second = Client()
    response, _token, _state = launch(second, moodle, course=course.pk, given_name="Maria Goreti")
    assert response.status_code == 302
    assert get_user_model().objects.filter(lti_identity__platform=platform).count() == 1
    assert Enrolment.objects.filter(user=user).count() == 1
    user.refresh_from_db()
    assert user.first_name == "Maria Goreti"


def test_the_link_remembers_its_course_and_english_launches_open_english(platform, moodle, course):
    english = Locale.objects.get(language_code="en")
    lesson = LessonPage.objects.get(slug="pelajaran-1")
    for page in (course.get_parent().specific, course, CourseModulePage.objects.get(slug="modul-1"), lesson):
        translated = page.copy_for_translation(english)
        translated.save_revision().publish()
    launch(Client(), moodle, course=course.pk)
    # Later launches of the same activity need not repeat the course.
    response, _token, _state = launch(Client(), moodle, sub="another-learner",
                                      **{CLAIM + "launch_presentation": {"locale": "en-US"}})
    assert response.status_code == 302
    assert response["Location"] == "/en/belajar/menggalang-dana/modul-1/pelajaran-1/"


def test_a_course_can_be_named_by_its_slug(platform, moodle, course):
    response, _token, _state = launch(Client(), moodle, course="menggalang-dana")
    assert response.status_code == 302
    assert Enrolment.objects.filter(course=course).count() == 1


def test_a_wrong_signature_is_refused(platform, moodle, course):
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    response, _token, _state = launch(Client(), moodle, course=course.pk, signing_key=forger)
    assert_refused(response, "verification")
    assert not LtiIdentity.objects.exists() and not Enrolment.objects.exists()


def test_a_wrong_audience_is_refused(platform, moodle, course):
    response, _token, _state = launch(Client(), moodle, course=course.pk, aud="someone-else")
    assert_refused(response, "unregistered")
    response, _token, _state = launch(Client(), moodle, course=course.pk, aud=[moodle.client_id, "other"],
                                      azp="other")
    assert_refused(response, "unregistered")
    assert not LtiIdentity.objects.exists()


def test_an_expired_token_is_refused(platform, moodle, course):
    past = int(time.time()) - 3600
    response, _token, _state = launch(Client(), moodle, course=course.pk, iat=past - 300, exp=past)
    assert_refused(response, "verification")
    assert not Enrolment.objects.exists()


def test_a_replayed_launch_is_refused(platform, moodle, course):
    client = Client()
    response, token, state = launch(client, moodle, course=course.pk)
    assert response.status_code == 302
    # The same browser (its state cookie) posting the same id_token again, signed out meanwhile.
    client.cookies.pop("sessionid", None)
    again = client.post("/lti/launch/", {"id_token": token, "state": state}, secure=True)
    assert_refused(again, "replay")


def test_a_nonce_we_did_not_issue_is_refused(platform, moodle, course):
    client = Client()
    _response, state, _nonce = login_initiation(client, moodle)
    response, _token, _state = launch(client, moodle, nonce="made-up-nonce", state=state, course=course.pk)
    assert_refused(response, "state")
    assert not LtiIdentity.objects.exists()


def test_a_launch_without_the_browsers_state_cookie_is_refused(platform, moodle, course):
    _response, state, nonce = login_initiation(Client(), moodle)
    response, _token, _state = launch(Client(), moodle, nonce=nonce, state=state, course=course.pk)
    assert_refused(response, "state")
    assert not LtiIdentity.objects.exists()


def test_an_unknown_deployment_is_refused(platform, moodle, course):
    response, _token, _state = launch(Client(), moodle, course=course.pk, **{CLAIM + "deployment_id": "99"})
    assert_refused(response, "deployment")


def test_an_unknown_or_inactive_platform_is_refused(platform, moodle, course):
    response, _state, _nonce = login_initiation(Client(), moodle, iss="https://unknown.example", client_id="x")
    assert_refused(response, "unregistered")
    client = Client()
    _response, state, nonce = login_initiation(client, moodle)
    platform.active = False
    platform.save()
    response, _state, _nonce = login_initiation(Client(), moodle)
    assert_refused(response, "unregistered")
    # A launch begun before the platform was switched off is refused too.
    response, _token, _state = launch(client, moodle, nonce=nonce, state=state, course=course.pk)
    assert_refused(response, "unregistered")


def test_a_launch_without_a_course_or_with_an_unknown_one_is_refused(platform, moodle, course):
    response, _token, _state = launch(Client(), moodle)
    assert_refused(response, "no-course")
    response, _token, _state = launch(Client(), moodle, course="no-such-course")
    assert_refused(response, "unknown-course")
    assert not Enrolment.objects.exists()


def test_a_platform_without_stored_keys_is_refused_without_fetching(platform, moodle, course, monkeypatch):
    import requests

    def no_network(*args, **kwargs):
        raise AssertionError("a visitor's request fetched the platform's keys")

    monkeypatch.setattr(requests.Session, "request", no_network)
    platform.jwks = {}
    platform.save()
    response, _token, _state = launch(Client(), moodle, course=course.pk)
    assert_refused(response, "verification")


def test_direct_visits_and_junk_get_a_clear_page(platform):
    client = Client()
    assert client.get("/lti/login/").status_code == 400
    assert client.get("/lti/launch/").status_code == 405
    assert client.post("/lti/launch/", {}).status_code == 400
    assert client.post("/lti/launch/", {"id_token": "not.a.jwt", "state": "x"}, secure=True).status_code == 400
    assert client.post("/lti/launch/", {"id_token": "garbage", "state": "x"}, secure=True).status_code == 400


def test_the_tool_serves_its_public_keys_only(db):
    from lti.models import ToolKey

    response = Client().get("/lti/jwks/")
    assert response.status_code == 200
    keys = response.json()["keys"]
    key = ToolKey.objects.get(current=True)
    assert [k["kid"] for k in keys] == [key.kid]
    assert set(keys[0]) >= {"kty", "n", "e", "kid", "alg", "use"} and "d" not in keys[0]
    assert "PRIVATE" not in key.private_key_encrypted
    # The served key verifies what the tool signs.
    from lti import keys as tool_keys

    token = jwt.encode({"x": 1}, tool_keys.private_pem(key), algorithm="RS256", headers={"kid": key.kid})
    public = jwt.PyJWK(keys[0]).key
    assert jwt.decode(token, public, algorithms=["RS256"]) == {"x": 1}


def test_the_key_is_made_once_and_rotation_keeps_the_old_one_published(db):
    from io import StringIO

    from django.core.management import call_command

    from lti import keys as tool_keys
    from lti.models import ToolKey

    output = StringIO()
    call_command("lti_tool_key", stdout=output)
    first = ToolKey.objects.get(current=True)
    assert first.kid in output.getvalue() and "PRIVATE" not in output.getvalue()
    call_command("lti_tool_key", stdout=StringIO())
    assert ToolKey.objects.count() == 1 and tool_keys.current_key() == first
    call_command("lti_tool_key", "--rotate", stdout=StringIO())
    second = ToolKey.objects.get(current=True)
    assert second != first
    assert [k["kid"] for k in Client().get("/lti/jwks/").json()["keys"]] == [second.kid, first.kid]
