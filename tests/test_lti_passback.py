"""Grade/completion passback to a stand-in Moodle (a real loopback HTTP server), and key refresh."""
import datetime
import json
from urllib.parse import parse_qs

import jwt
import pytest
from django.test import Client
from django.utils import timezone

from learning.models import LessonPage
from learning.progress import try_complete_lesson
from lti import passback, tasks
from lti.models import Score
from lti.testing import SCORE_SCOPE, FakeMoodle, StandInPlatform, login_initiation, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(home_page):
    return make_course(home_page)


def launched(moodle, fake, course):
    """A learner launched from the stand-in platform whose token and line item live on ``fake``."""
    platform = moodle.register(access_token_url=fake.url + "/mod/lti/token", key_set_url=fake.url + "/certs")
    client = Client()
    _response, state, nonce = login_initiation(client, moodle)
    token = moodle.id_token(nonce, course=course.pk, lineitem=fake.url + "/lineitems/5/lineitem?type_id=2")
    response = client.post("/lti/launch/", {"id_token": token, "state": state}, secure=True)
    assert response.status_code == 302
    return platform, Score.objects.get(link__platform=platform)


def complete(user, slug, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return try_complete_lesson(user, LessonPage.objects.get(slug=slug))


def token_requests(fake):
    return [r for r in fake.requests if r[1] == "/mod/lti/token"]


def score_posts(fake):
    return [r for r in fake.requests if "/scores" in r[1]]


def test_completed_lessons_and_course_are_sent_to_the_gradebook(course, django_capture_on_commit_callbacks):
    moodle = StandInPlatform()
    with FakeMoodle() as fake:
        platform, score = launched(moodle, fake, course)
        user = score.identity.user
        # The first launch sends the current state (the worker; here, the task run directly).
        assert tasks.send_scores.call() == {"sent": 1, "failed": 0}
        assert json.loads(score_posts(fake)[-1][3])["activityProgress"] == "Initialized"

        assert complete(user, "pelajaran-1", django_capture_on_commit_callbacks).completed_at
        method, path, headers, body = score_posts(fake)[-1]
        assert path == "/lineitems/5/lineitem/scores?type_id=2"
        assert headers["Authorization"] == f"Bearer {fake.token}"
        assert headers["Content-Type"] == "application/vnd.ims.lis.v1.score+json"
        sent = json.loads(body)
        assert (sent["scoreGiven"], sent["scoreMaximum"]) == (1.0, 2.0)
        assert (sent["activityProgress"], sent["gradingProgress"]) == ("InProgress", "Pending")
        assert sent["userId"] == "moodle-user-7" and sent["timestamp"]

        # The token request: client credentials with an assertion signed by the tool's published key.
        form = {key: values[0] for key, values in parse_qs(token_requests(fake)[-1][3].decode()).items()}
        assert form["grant_type"] == "client_credentials"
        assert form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
        assert form["scope"] == SCORE_SCOPE
        published = Client().get("/lti/jwks/").json()["keys"]
        kid = jwt.get_unverified_header(form["client_assertion"])["kid"]
        key = jwt.PyJWK(next(k for k in published if k["kid"] == kid)).key
        claims = jwt.decode(form["client_assertion"], key, algorithms=["RS256"], audience=platform.access_token_url)
        assert claims["iss"] == claims["sub"] == platform.client_id and claims["exp"] > claims["iat"]

        complete(user, "pelajaran-2", django_capture_on_commit_callbacks)
        final = json.loads(score_posts(fake)[-1][3])
        assert (final["scoreGiven"], final["scoreMaximum"]) == (2.0, 2.0)
        assert (final["activityProgress"], final["gradingProgress"]) == ("Completed", "FullyGraded")
        score.refresh_from_db()
        assert score.sent_version == score.version and score.attempts == 0 and score.sent_at

        # Nothing new: nothing is sent again; re-sending the same state is harmless anyway.
        posts = len(score_posts(fake))
        assert tasks.send_scores.call() == {"sent": 0, "failed": 0}
        assert len(score_posts(fake)) == posts


def test_a_failing_platform_is_retried_later_and_nothing_breaks(course, django_capture_on_commit_callbacks):
    moodle = StandInPlatform()
    with FakeMoodle(fail_times=1) as fake:
        _platform, score = launched(moodle, fake, course)
        user = score.identity.user
        # The token endpoint answers 503: the learner's lesson still completes, the score waits.
        progress = complete(user, "pelajaran-1", django_capture_on_commit_callbacks)
        assert progress.completed_at
        score.refresh_from_db()
        assert score.attempts == 1 and score.sent_version < score.version
        assert "503" in score.last_error
        assert score.next_attempt_at > timezone.now() + datetime.timedelta(seconds=30)
        assert score_posts(fake) == []
        # Not due yet: the scheduler's run leaves it alone.
        assert tasks.send_scores.call() == {"sent": 0, "failed": 0}
        # When the retry comes due, the current state goes out.
        Score.objects.filter(pk=score.pk).update(next_attempt_at=timezone.now())
        assert tasks.send_scores.call() == {"sent": 1, "failed": 0}
        assert json.loads(score_posts(fake)[-1][3])["scoreGiven"] == 1.0
        score.refresh_from_db()
        assert score.sent_version == score.version and score.attempts == 0 and score.last_error == ""


def test_an_unreachable_platform_never_breaks_learning(course, django_capture_on_commit_callbacks):
    moodle = StandInPlatform()
    with FakeMoodle() as fake:
        platform, score = launched(moodle, fake, course)
    # The server is gone: connections are refused.
    progress = complete(score.identity.user, "pelajaran-1", django_capture_on_commit_callbacks)
    assert progress.completed_at
    score.refresh_from_db()
    assert score.attempts >= 1 and score.last_error
    assert passback.TIMEOUT[0] <= 10 and passback.TIMEOUT[1] <= 30


def test_a_launch_without_the_score_service_gets_no_passback(course, django_capture_on_commit_callbacks):
    moodle = StandInPlatform()
    moodle.register()
    client = Client()
    _response, state, nonce = login_initiation(client, moodle)
    client.post("/lti/launch/", {"id_token": moodle.id_token(nonce, course=course.pk), "state": state}, secure=True)
    assert not Score.objects.exists()


def test_platform_keys_are_refreshed_by_the_worker_with_a_timeout(db):
    moodle = StandInPlatform()
    with FakeMoodle(keys=moodle.jwks()) as fake:
        platform = moodle.register(key_set_url=fake.url + "/certs", jwks={})
        assert tasks.refresh_platform_keys.call() == {str(platform.pk): True}
        platform.refresh_from_db()
        assert platform.jwks == moodle.jwks() and platform.jwks_fetched_at and not platform.jwks_error
        fake.keys = {"not": "a key set"}
        assert tasks.refresh_platform_keys.call(platform.pk) == {str(platform.pk): False}
    platform.refresh_from_db()
    # A bad answer keeps the keys we had, and says why.
    assert platform.jwks == moodle.jwks() and "no keys" in platform.jwks_error
    assert tasks.KEYS_TIMEOUT[0] <= 10
