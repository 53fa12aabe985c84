"""Emails of the forums: a new post to its followers and the people it mentions, an answer chosen,
the daily digest. Every email goes through the task worker (``forums.tasks``).

Invariants:
- Nothing is mailed from a visitor's request: ``post_created`` / ``thread_solved`` only queue a task.
- Every email is rendered in its recipient's language (their account's preferred language, else
  Indonesian) and carries a signed one-click unsubscribe link (``List-Unsubscribe`` headers too):
  the token names the member and what they leave (a thread, a space or the digest) and cannot be
  forged; it needs no sign-in.
- Only the post's text as written (plain text, shortened) goes into an email, never its HTML.
"""
import datetime
import logging

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from campaigns.notifications import with_consent_footer

logger = logging.getLogger("lokadaya.forums")

UNSUBSCRIBE_SALT = "lokadaya.forums.unsubscribe"
#: An unsubscribe link works this long (an old email's link then says so, and points to the settings).
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=365)

THREAD, SPACE, DIGEST = "thread", "space", "digest"
_KINDS = {THREAD: "t", SPACE: "s", DIGEST: "d"}
_NAMES = {code: name for name, code in _KINDS.items()}


class BadToken(Exception):
    """A mistyped, cut, forged or expired unsubscribe link; ``expired`` says which."""

    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make_unsubscribe_token(user, kind, pk=None):
    """A token for ``forums:unsubscribe``: ``kind`` is THREAD or SPACE (with ``pk``) or DIGEST."""
    data = [user.pk, _KINDS[kind]] + ([int(pk)] if kind != DIGEST else [])
    return signing.dumps(data, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """``(user id, kind, pk or None)``; raises ``BadToken``."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        raise BadToken(expired=True) from None
    except signing.BadSignature:
        raise BadToken() from None
    if not (isinstance(data, list) and len(data) in (2, 3) and isinstance(data[0], int) and data[1] in _NAMES):
        raise BadToken()
    kind = _NAMES[data[1]]
    if (kind == DIGEST) != (len(data) == 2) or (len(data) == 3 and not isinstance(data[2], int)):
        raise BadToken()
    return data[0], kind, (data[2] if len(data) == 3 else None)


def language_for(user):
    """The language of ``user``'s emails: the one chosen in their account, else the site's (Indonesian)."""
    from wagtail.users.models import UserProfile

    chosen = (UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first() or "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def display_name(user):
    if user is None:
        return translation.gettext("A former member")
    return user.get_full_name() or user.get_username()


def send(user, template_prefix, context, unsubscribe=None, links=None):
    """Queue one email to ``user`` from ``forums/email/<prefix>``, in their language; True if queued.

    ``unsubscribe``: ``(kind, pk)`` for the one-click link (also in the ``List-Unsubscribe`` headers).
    ``links``: ``{name: object}``, each put in the context as the object's absolute URL in the
    recipient's language.
    Goes through ``campaigns.tasks.send_email`` like every email of the site (its retries and logs);
    ``send_templated_email`` is not used only because it cannot pass the unsubscribe headers.
    """
    from campaigns.tasks import send_email

    if not user.email:
        return False
    language = language_for(user)
    with translation.override(language):
        context = {**context, "user": user, "site_url": absolute(""),
                   "preferences_url": absolute(reverse("forums:preferences"))}
        for name, target in (links or {}).items():
            context[name] = absolute(target.get_absolute_url())
        headers = None
        if unsubscribe is not None:
            token = make_unsubscribe_token(user, *unsubscribe)
            context["unsubscribe_url"] = absolute(reverse("forums:unsubscribe", kwargs={"token": token}))
            headers = {"List-Unsubscribe": f"<{context['unsubscribe_url']}>",
                       "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        subject = " ".join(render_to_string(f"forums/email/{template_prefix}_subject.txt", context).split())
        body = with_consent_footer(render_to_string(f"forums/email/{template_prefix}.txt", context), user.email)
    try:
        send_email.enqueue(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], None, headers)
    except Exception:  # noqa: BLE001 - the queue is down: logged, the post itself is saved
        logger.exception("Could not queue the forum email %s to user %s", template_prefix, user.pk)
        return False
    return True


def post_created(post):
    """Called after commit for every new post (``forums.posting``): queue its delivery."""
    from .tasks import deliver_post

    try:
        deliver_post.enqueue(post.pk)
    except Exception:  # noqa: BLE001 - never fail the member's post because the queue is down
        logger.exception("Could not queue the emails of forum post %s", post.pk)


def mentions_added(post, user_ids):
    """Called after commit when an edit of an already delivered post names members for the first time."""
    from .tasks import deliver_mentions

    try:
        deliver_mentions.enqueue(post.pk, list(user_ids))
    except Exception:  # noqa: BLE001 - the edit is saved; the mention email is lost, and logged
        logger.exception("Could not queue the mention emails of forum post %s", post.pk)


def thread_solved(thread):
    """Called after commit when a reply is chosen as the answer: tell its author."""
    from .tasks import deliver_solution

    if not thread.solution_id:
        return
    try:
        deliver_solution.enqueue(thread.pk, thread.solution_id)
    except Exception:  # noqa: BLE001
        logger.exception("Could not queue the answer email of forum thread %s", thread.pk)
