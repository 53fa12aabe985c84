"""Deep linking: a Moodle teacher picks Lokadaya courses; the tool answers with signed ltiResourceLinks."""
import re

import jwt
import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from lti.testing import CLAIM, StandInPlatform, login_initiation, make_course

pytestmark = pytest.mark.django_db
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
RETURN_URL = "https://moodle.ntt.example/mod/lti/contentitem_return.php?course=3"


def deep_link_launch(client, moodle, **settings):
    _response, state, nonce = login_initiation(client, moodle)
    claim = {"deep_link_return_url": RETURN_URL, "accept_types": ["ltiResourceLink"],
             "accept_presentation_document_targets": ["window"], "accept_multiple": True, "data": "opaque-42"}
    claim.update(settings)
    token = moodle.id_token(nonce, **{CLAIM + "message_type": "LtiDeepLinkingRequest",
                                      CLAIM + "resource_link": None, DL + "deep_linking_settings": claim})
    return client.post("/lti/launch/", {"id_token": token, "state": state}, secure=True), token, state


def test_a_teacher_picks_courses_and_moodle_gets_one_resource_link_each(home_page):
    first = make_course(home_page)
    second = make_course(home_page, slug="cerita-perubahan", lessons=3)
    moodle = StandInPlatform()
    platform = moodle.register()
    client = Client(enforce_csrf_checks=True)
    response, token, state = deep_link_launch(client, moodle)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session  # choosing content signs nobody in
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    # Without the CSRF token the chooser refuses (it is an ordinary same-site form).
    assert client.post("/lti/deep-link/", {"courses": [first.pk]}, secure=True,
                       HTTP_REFERER="https://testserver/lti/launch/").status_code == 403
    answer = client.post("/lti/deep-link/", {"courses": [first.pk, second.pk], "csrfmiddlewaretoken": csrf},
                         secure=True, HTTP_REFERER="https://testserver/lti/launch/")
    assert answer.status_code == 200
    body = answer.content.decode()
    assert f'action="{RETURN_URL.replace("&", "&amp;")}"' in body
    assert "form-action" in answer["Content-Security-Policy"] and "https://moodle.ntt.example" in \
        answer["Content-Security-Policy"]
    returned = re.search(r'name="JWT" value="([^"]+)"', body).group(1)
    published = Client().get("/lti/jwks/").json()["keys"]
    key = jwt.PyJWK(published[0]).key
    claims = jwt.decode(returned, key, algorithms=["RS256"], audience=platform.issuer)
    assert claims["iss"] == platform.client_id
    assert claims[CLAIM + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[CLAIM + "deployment_id"] == moodle.deployment_id and claims[DL + "data"] == "opaque-42"
    items = claims[DL + "content_items"]
    by_course = {item["custom"]["course"]: item for item in items}
    assert set(by_course) == {str(first.pk), str(second.pk)}
    assert all(item["type"] == "ltiResourceLink" and item["url"] == "https://testserver/lti/launch/"
               for item in items)
    maxima = {course: item["lineItem"]["scoreMaximum"] for course, item in by_course.items()}
    assert maxima == {str(first.pk): 2, str(second.pk): 3}
    # The choice is used once; the same deep-linking launch replayed is refused.
    again = client.post("/lti/deep-link/", {"courses": [first.pk], "csrfmiddlewaretoken": csrf}, secure=True,
                        HTTP_REFERER="https://testserver/lti/launch/")
    assert again.status_code == 400
    replay = client.post("/lti/launch/", {"id_token": token, "state": state}, secure=True)
    assert 'data-lti-refusal="replay"' in replay.content.decode()


def test_choosing_nothing_or_too_many_is_refused_clearly(home_page):
    first = make_course(home_page)
    second = make_course(home_page, slug="cerita-perubahan")
    moodle = StandInPlatform()
    moodle.register()
    client = Client()
    deep_link_launch(client, moodle, accept_multiple=False)
    response = client.post("/lti/deep-link/", {}, secure=True)
    assert response.status_code == 400 and "courses" in response.context["form"].errors
    response = client.post("/lti/deep-link/", {"courses": [first.pk, second.pk]}, secure=True)
    assert response.status_code == 400 and "courses" in response.context["form"].errors
    assert client.post("/lti/deep-link/", {"courses": [first.pk]}, secure=True).status_code == 200


def test_the_chooser_without_a_deep_linking_launch_is_refused(db):
    response = Client().post("/lti/deep-link/", {"courses": ["1"]})
    assert response.status_code == 400
    assert 'data-lti-refusal="deep-link"' in response.content.decode()
