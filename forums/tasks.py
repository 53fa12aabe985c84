"""The forums' background work: a post's emails, the "answer chosen" email, the daily digest.

Invariants:
- A post is emailed once: ``deliver_post`` sets ``Post.notified_at`` under the post's row lock, in
  the transaction that queues its emails; a retried or doubled task finds it set and sends nothing.
- Recipients of a post: instant followers of its thread, instant followers of its space (the
  opening post of a new thread only) and the members it mentions; never its author, never an
  inactive account, never someone who may not read the space *now* (``forums.access.may_read``,
  asked at delivery: a member who moved province, left the OMS or was banned gets nothing). A post
  or thread hidden before delivery is emailed to no one. One email per person, whatever the reasons.
- An edit that names a member for the first time emails that member once (``deliver_mentions``).
- The digest goes at most once per local day per member, after ``DIGEST_HOUR``: their
  ``ForumProfile`` row is locked and ``last_digest_at`` checked and set in the same transaction.
  It lists the visible posts since the last digest in the spaces they follow and the threads they
  follow "in the digest", that they may read, not their own, and not those already emailed to
  them one by one. Nothing is sent when nothing is new.
"""
import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import Truncator
from django_tasks import task

from jobs.schedule import periodic

logger = logging.getLogger("lokadaya.forums")

#: Characters of a post's text shown in its email.
EXCERPT_CHARS = 1200
#: The digest goes out from this local hour (site time zone) on.
DIGEST_HOUR = getattr(settings, "FORUM_DIGEST_HOUR", 6)
#: Threads listed in one digest; more are counted.
DIGEST_MAX_THREADS = 40


def _reader(user, space, cache_):
    """Whether ``user`` may be emailed about ``space`` now (memoised per delivery)."""
    from . import access

    if user.pk not in cache_:
        cache_[user.pk] = bool(user.is_active and user.email and access.may_read(user, space))
    return cache_[user.pk]


def is_opening(post):
    return post.pk == post.thread.opening_post_id()


def recipients(post):
    """``{user: (reason, unsubscribe)}`` for a post: reason "mention", "thread" or "space"."""
    from django.contrib.auth import get_user_model

    from .models import Mention, Subscription

    thread = post.thread
    User = get_user_model()
    found = {}
    instant = Subscription.Delivery.INSTANT
    followers = Subscription.objects.filter(thread=thread, delivery=instant).values_list("user_id", flat=True)
    reasons = {pk: ("thread", ("thread", thread.pk)) for pk in followers}
    if is_opening(post):
        for pk in Subscription.objects.filter(space=thread.space_id, delivery=instant).values_list("user_id", flat=True):
            reasons.setdefault(pk, ("space", ("space", thread.space_id)))
    for pk in Mention.objects.filter(post=post).values_list("user_id", flat=True):
        unsubscribe = reasons[pk][1] if pk in reasons else None
        reasons[pk] = ("mention", unsubscribe)
    reasons.pop(post.author_id, None)
    readers = {}
    for user in User.objects.filter(pk__in=list(reasons)).order_by("pk"):
        if _reader(user, thread.space, readers):
            found[user] = reasons[user.pk]
    return found


def deliver(post_id, now=None):
    """Queue the emails of one post, once; the number queued (0 when already delivered)."""
    from .models import Post
    from .notify import display_name, send

    now = now or timezone.now()
    with transaction.atomic():
        post = (Post.objects.select_for_update(of=("self",))
                .select_related("thread__space", "author", "organisation").filter(pk=post_id).first())
        if post is None or post.notified_at is not None:
            return 0
        post.notified_at = now
        post.save(update_fields=["notified_at"])
        thread = post.thread
        if post.hidden or thread.hidden:
            return 0
        opening = is_opening(post)
        context = {
            "post": post, "thread": thread, "space": thread.space, "opening": opening,
            "author_name": display_name(post.author),
            "organisation": post.organisation.title if post.organisation_id else "",
            "excerpt": Truncator(post.body.strip()).chars(EXCERPT_CHARS),
        }
        count = 0
        for user, (reason, unsubscribe) in recipients(post).items():
            if send(user, "post", {**context, "reason": reason}, unsubscribe=unsubscribe,
                    links={"post_url": post, "thread_url": thread}):
                count += 1
    return count


@task()
def deliver_post(post_id):
    """The emails of a new post (``forums.notify.post_created``; safe to run twice)."""
    return deliver(post_id)


def deliver_new_mentions(post_id, user_ids):
    """Tell members an edit of a delivered post names for the first time; the number of emails queued.

    Each (post, member) is mailed at most once (a cache key; the ``Mention`` row is unique too), only
    while the post and its thread are visible and the member may read the space, never the author.
    """
    from django.contrib.auth import get_user_model

    from .models import Mention, Post
    from .notify import display_name, send

    post = Post.objects.select_related("thread__space", "author", "organisation").filter(pk=post_id).first()
    if post is None or post.hidden or post.thread.hidden:
        return 0
    thread = post.thread
    mentioned = set(Mention.objects.filter(post=post, user_id__in=user_ids).values_list("user_id", flat=True))
    context = {
        "post": post, "thread": thread, "space": thread.space, "opening": is_opening(post), "reason": "mention",
        "author_name": display_name(post.author),
        "organisation": post.organisation.title if post.organisation_id else "",
        "excerpt": Truncator(post.body.strip()).chars(EXCERPT_CHARS),
    }
    count, readers = 0, {}
    for user in get_user_model().objects.filter(pk__in=mentioned - {post.author_id}).order_by("pk"):
        if not _reader(user, thread.space, readers):
            continue
        if not cache.add(f"forums:mention-mailed:{post.pk}:{user.pk}", 1, 30 * 24 * 3600):
            continue
        if send(user, "post", context, links={"post_url": post, "thread_url": thread}):
            count += 1
    return count


@task()
def deliver_mentions(post_id, user_ids):
    """The mention emails of an edit (``forums.notify.mentions_added``; safe to run twice)."""
    return deliver_new_mentions(post_id, user_ids)


def deliver_answer(thread_id, post_id):
    """Tell the author of the reply chosen as ``thread``'s answer; True when an email was queued.

    Only while it is still the answer, at most once a day per answer (choosing, unchoosing and
    choosing again does not mail again), never to the asker who answered themselves.
    """
    from .models import Thread
    from .notify import display_name, send

    thread = Thread.objects.select_related("space", "solution__author", "author").filter(pk=thread_id).first()
    if thread is None or thread.solution_id != post_id or thread.hidden:
        return False
    post = thread.solution
    author = post.author
    if post.hidden or author is None or author.pk == thread.author_id:
        return False
    if not _reader(author, thread.space, {}):
        return False
    if not cache.add(f"forums:answer-mailed:{post_id}", 1, 24 * 3600):
        return False
    return send(author, "solved", {"thread": thread, "space": thread.space, "post": post,
                                   "asker_name": display_name(thread.author)},
                unsubscribe=("thread", thread.pk), links={"post_url": post, "thread_url": thread})


@task()
def deliver_solution(thread_id, post_id):
    """The "your reply was chosen as the answer" email (``forums.notify.thread_solved``)."""
    return deliver_answer(thread_id, post_id)


# -- the daily digest ------------------------------------------------------------------------------------


def digest_candidates():
    """Users who may get a digest: active, with an email, following a space or a thread in the digest,
    and not having turned the digest off."""
    from django.contrib.auth import get_user_model

    from .models import ForumProfile, Subscription

    followers = Subscription.objects.filter(
        Q(space__isnull=False) | Q(delivery=Subscription.Delivery.DIGEST)).values("user_id")
    return (get_user_model().objects.filter(pk__in=followers, is_active=True).exclude(email="")
            .exclude(pk__in=ForumProfile.objects.filter(digest=False).values("user_id")).order_by("pk"))


def digest_posts(user, since, until):
    """The posts of ``user``'s digest between ``since`` (excluded) and ``until``: see the invariants."""
    from . import access
    from .models import Post, Subscription

    subs = list(Subscription.objects.filter(user=user).values_list("space_id", "thread_id", "delivery"))
    instant = Subscription.Delivery.INSTANT
    spaces = {space for space, thread, _d in subs if space}
    instant_spaces = {space for space, thread, delivery in subs if space and delivery == instant}
    digest_threads = {thread for space, thread, delivery in subs if thread and delivery != instant}
    instant_threads = {thread for space, thread, delivery in subs if thread and delivery == instant}
    if not spaces and not digest_threads:
        return []
    first = Post.objects.filter(thread=OuterRef("thread")).order_by("created_at", "pk").values("pk")[:1]
    posts = (Post.objects.filter(created_at__gt=since, created_at__lte=until, hidden=False, thread__hidden=False,
                                 thread__in=access.readable_threads(user).values("pk"))
             .filter(Q(thread__space_id__in=spaces) | Q(thread_id__in=digest_threads))
             .exclude(author=user).exclude(thread_id__in=instant_threads)
             .annotate(first_pk=Subquery(first))
             .select_related("thread__space", "author").order_by("thread__space_id", "thread_id", "created_at", "pk"))
    # Opening posts of instant-followed spaces were each emailed already.
    return [p for p in posts if not (p.pk == p.first_pk and p.thread.space_id in instant_spaces)]


def digest_sections(posts):
    """``[{"space", "threads": [{"thread", "new_thread", "replies", "authors", "first"}]}]`` in order."""
    from .notify import display_name

    sections, by_space, by_thread = [], {}, {}
    for post in posts:
        thread = post.thread
        if thread.space_id not in by_space:
            by_space[thread.space_id] = {"space": thread.space, "threads": []}
            sections.append(by_space[thread.space_id])
        if thread.pk not in by_thread:
            by_thread[thread.pk] = {"thread": thread, "new_thread": False, "replies": 0, "authors": [],
                                    "first": post}
            by_space[thread.space_id]["threads"].append(by_thread[thread.pk])
        entry = by_thread[thread.pk]
        if post.pk == post.first_pk:
            entry["new_thread"] = True
        else:
            entry["replies"] += 1
        name = display_name(post.author)
        if name not in entry["authors"]:
            entry["authors"].append(name)
    return sections


def _due(profile, now):
    local = timezone.localtime(now)
    if local.hour < DIGEST_HOUR:
        return False
    return profile.last_digest_at is None or timezone.localtime(profile.last_digest_at).date() < local.date()


def send_digest(user, now=None):
    """``user``'s digest for today, once; True when an email was queued."""
    from .models import ForumProfile
    from .notify import send
    from .subscriptions import profile_for

    now = now or timezone.now()
    profile_for(user)  # made on demand, outside the lock
    with transaction.atomic():
        profile = ForumProfile.objects.select_for_update().get(user=user)
        if not profile.digest or not _due(profile, now):
            return False
        since = profile.last_digest_at or now - datetime.timedelta(days=1)
        posts = digest_posts(user, since, now)
        profile.last_digest_at = now
        profile.save(update_fields=["last_digest_at"])
        if not posts:
            return False
        sections = digest_sections(posts)
        threads = sum(len(section["threads"]) for section in sections)
        shown, left = [], DIGEST_MAX_THREADS
        for section in sections:
            if left <= 0:
                break
            shown.append({**section, "threads": section["threads"][:left]})
            left -= len(shown[-1]["threads"])
        return send(user, "digest", {"sections": shown, "post_count": len(posts), "thread_count": threads,
                                     "more": max(threads - DIGEST_MAX_THREADS, 0), "since": since},
                    unsubscribe=("digest", None))


def send_digests(now=None):
    """Every due digest; the number sent."""
    now = now or timezone.now()
    if timezone.localtime(now).hour < DIGEST_HOUR:
        return 0
    sent = 0
    for user in digest_candidates():
        try:
            sent += bool(send_digest(user, now))
        except Exception:  # noqa: BLE001 - one member's failure does not stop the others' digests
            logger.exception("Could not make the forum digest of user %s", user.pk)
    return sent


@periodic(every=datetime.timedelta(hours=1))
@task()
def forum_digests():
    """The daily digest: looked at hourly, sent once a local day per member from ``DIGEST_HOUR``."""
    return send_digests()
