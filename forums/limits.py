"""The per-member limit on forum posts (threads and replies), on top of the per-address one in ``throttle``.

Invariant: a member's new threads and replies count together across all spaces in fixed windows of
``WINDOW`` seconds; the post over ``POSTS`` in a window is refused (429, its text kept by the view),
moderators included (a script with a moderator's account is still a script). Off when
``THROTTLE_ENABLED`` is off (the test settings), like every other limit.
"""
import time

from django.conf import settings
from django.core.cache import caches

#: Ten posts per ten minutes: generous for a conversation, tight for a script.
POSTS = 10
WINDOW = 600


def _cache():
    return caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]


def over_post_limit(user):
    """Count one post of ``user``; seconds to wait when over the limit (the post must be refused), else 0."""
    from throttle import conf

    if not conf.enabled():
        return 0
    now = time.time()
    window = int(now // WINDOW)
    key = f"forums:post:{user.pk}:{window}"
    cache = _cache()
    try:
        cache.add(key, 0, WINDOW + 5)
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW + 5)
        count = 1
    except Exception:  # the cache is down: fail open, like django-ratelimit here (RATELIMIT_FAIL_OPEN)
        return 0
    if count > POSTS:
        return max(1, int((window + 1) * WINDOW - now))
    return 0
