"""LTI background work, in the task worker: sending scores to the platforms, refreshing their keys."""
import datetime
import logging

import requests
from django.utils import timezone
from django_tasks import task

from jobs.schedule import periodic

logger = logging.getLogger("lokadaya.lti")

#: Seconds: connect and read timeouts of a key set fetch.
KEYS_TIMEOUT = (5, 15)


# Woken after each completed lesson/course; every minute the scheduler picks up retries come due.
@periodic(every=datetime.timedelta(minutes=1))
@task()
def send_scores():
    """Send every due score to its platform (``lti.passback``); failures wait for their next try."""
    from . import passback

    sent, failed = passback.send_due()
    return {"sent": sent, "failed": failed}


def refresh_keys(platform, session=None):
    """Fetch and store ``platform``'s public key set; True when stored. Never raises."""
    session = session or requests.Session()
    try:
        response = session.get(platform.key_set_url, timeout=KEYS_TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        key_set = response.json()
        if not isinstance(key_set, dict) or not isinstance(key_set.get("keys"), list) or not key_set["keys"]:
            raise ValueError("no keys in the key set")
    except (requests.RequestException, ValueError) as error:
        platform.jwks_error = f"{type(error).__name__}: {error}"[:300]
        platform.save(update_fields=["jwks_error"])
        logger.warning("LTI platform %s: key set not fetched: %s", platform.pk, error)
        return False
    platform.jwks = {"keys": [key for key in key_set["keys"] if isinstance(key, dict)]}
    platform.jwks_fetched_at = timezone.now()
    platform.jwks_error = ""
    platform.save(update_fields=["jwks", "jwks_fetched_at", "jwks_error"])
    return True


@periodic(every=datetime.timedelta(hours=6))
@task()
def refresh_platform_keys(platform_id=None):
    """Refresh the stored key set of one platform (after it is saved) or of every active one."""
    from .models import Platform

    platforms = Platform.objects.filter(active=True)
    if platform_id is not None:
        platforms = Platform.objects.filter(pk=platform_id)
    session = requests.Session()
    results = {str(platform.pk): refresh_keys(platform, session) for platform in platforms}
    return results
