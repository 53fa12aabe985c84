"""Grade/completion passback: a learner's progress in a course sent to the Moodle gradebook (LTI AGS).

Invariants:
- What is sent is always the learner's **current** state (lessons done / lessons total, completed
  or not), read when sending, so sending twice, late or out of order is harmless (the platform
  keeps the newest timestamp). ``Score.version`` only says "something changed, send again".
- Only resource links whose launch offered the AGS *score* scope and a line item get scores.
- Every HTTP call has a timeout (``TIMEOUT``); a failure leaves the row due again later with a
  growing delay (``RETRY_DELAYS``) and never raises into the caller (the worker, or the signal).
- The access token request is signed with the tool's private key (RFC 7523 client assertion).
"""
import datetime
import logging
import time
import uuid

import jwt
import requests
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import keys
from .launch import SCORE_SCOPE

logger = logging.getLogger("lokadaya.lti")

#: Seconds: connect and read timeouts of every call to a platform.
TIMEOUT = (5, 15)
#: Seconds before the next try after failed try 1, 2, 3...; the last repeats (a day) until it works.
RETRY_DELAYS = (60, 300, 1800, 7200, 86400)
SCORE_CONTENT_TYPE = "application/vnd.ims.lis.v1.score+json"


class PassbackError(Exception):
    pass


def mark_changed(enrolment):
    """The learner's progress in ``enrolment``'s course changed: every link of theirs is due."""
    from .models import Score

    return Score.objects.filter(identity__user=enrolment.user_id, link__course=enrolment.course_id).update(
        version=F("version") + 1, next_attempt_at=timezone.now(), attempts=0)


def score_body(score, enrolment):
    """The AGS score JSON for the learner's current state."""
    from learning.progress import course_progress

    done, total = course_progress(enrolment) if enrolment else (0, 0)
    completed = bool(enrolment and enrolment.completed_at)
    if completed:
        activity = "Completed"
    elif done:
        activity = "InProgress"
    else:
        activity = "Initialized"
    return {
        "scoreGiven": float(done),
        "scoreMaximum": float(max(total, 1)),
        "activityProgress": activity,
        "gradingProgress": "FullyGraded" if completed else "Pending",
        "timestamp": timezone.now().isoformat(),
        "userId": score.identity.sub,
    }


def client_assertion(platform):
    """The JWT the tool signs to ask the platform for an access token."""
    key = keys.current_key()
    now = int(time.time())
    claims = {"iss": platform.client_id, "sub": platform.client_id, "aud": platform.access_token_url,
              "iat": now - 5, "exp": now + 300, "jti": "lokadaya-" + uuid.uuid4().hex}
    return jwt.encode(claims, keys.private_pem(key), algorithm="RS256", headers={"kid": key.kid})


def access_token(platform, session):
    response = session.post(platform.access_token_url, timeout=TIMEOUT, data={
        "grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": client_assertion(platform),
        "scope": SCORE_SCOPE,
    })
    if response.status_code != 200:
        raise PassbackError(f"token endpoint answered {response.status_code}")
    try:
        return response.json()["access_token"]
    except (ValueError, KeyError, TypeError):
        raise PassbackError("token endpoint answered no access_token") from None


def scores_url(lineitem_url):
    """The line item's scores endpoint (``/scores`` appended to its path, before any query)."""
    base, _sep, query = lineitem_url.partition("?")
    return base.rstrip("/") + "/scores" + ("?" + query if query else "")


def send(score, session=None):
    """Send one score now; raise PassbackError on failure."""
    from learning.models import Enrolment

    session = session or requests.Session()
    link = score.link
    enrolment = Enrolment.objects.filter(user=score.identity.user_id, course=link.course_id).first()
    body = score_body(score, enrolment)
    token = access_token(link.platform, session)
    try:
        response = session.post(scores_url(link.lineitem_url), json=body, timeout=TIMEOUT,
                                headers={"Authorization": f"Bearer {token}", "Content-Type": SCORE_CONTENT_TYPE})
    except requests.RequestException as error:
        raise PassbackError(f"score endpoint unreachable: {type(error).__name__}") from None
    if response.status_code not in (200, 201, 202, 204):
        raise PassbackError(f"score endpoint answered {response.status_code}")
    return body


def due_scores(now=None):
    from .models import Score

    now = now or timezone.now()
    return (Score.objects.filter(sent_version__lt=F("version"), next_attempt_at__lte=now,
                                 link__platform__active=True)
            .exclude(link__lineitem_url="").order_by("next_attempt_at"))


def send_due(limit=200):
    """Send every due score once; return (sent, failed)."""
    from .models import Score

    sent = failed = 0
    session = requests.Session()
    for pk in list(due_scores().values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            # skip_locked: two workers never send the same row at once.
            score = (Score.objects.select_for_update(skip_locked=True, of=("self",))
                     .select_related("link__platform", "identity").filter(pk=pk).first())
            if score is None or score.sent_version >= score.version:
                continue
            version = score.version
            try:
                send(score, session)
            except (PassbackError, requests.RequestException) as error:
                failed += 1
                delay = RETRY_DELAYS[min(score.attempts, len(RETRY_DELAYS) - 1)]
                score.attempts += 1
                score.next_attempt_at = timezone.now() + datetime.timedelta(seconds=delay)
                score.last_error = str(error)[:300]
                score.save(update_fields=["attempts", "next_attempt_at", "last_error"])
                logger.warning("LTI score %s not sent (try %s): %s", score.pk, score.attempts, error)
            else:
                sent += 1
                score.sent_version = version
                score.attempts = 0
                score.sent_at = timezone.now()
                score.last_error = ""
                score.save(update_fields=["sent_version", "attempts", "sent_at", "last_error"])
    return sent, failed
