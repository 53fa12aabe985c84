"""Following threads and spaces, and the member's forum profile (digest on/off).

Invariants:
- Only a member who may read a space (``forums.access.may_read``) follows it or one of its threads;
  a hidden thread only its moderators. Losing access later keeps the row (access may come back) but
  the tasks send nothing for it (they ask ``may_read`` again at delivery).
- At most one subscription per member and thread / member and space (unique constraints); two
  clicks at once leave one row (the loser reads the winner's).
- ``auto_subscribe`` follows a thread for its author on their *first* post there only: someone who
  unfollowed a thread they wrote in is not followed again by writing once more (the models cannot
  record an unfollow, so "never posted there before" stands for "never chose to leave it").
"""
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from . import access
from .models import ForumProfile, Post, Subscription

DELIVERIES = {choice.value for choice in Subscription.Delivery}


def _target(thread, space):
    if (thread is None) == (space is None):
        raise ValueError("Give exactly one of thread and space.")
    return {"thread": thread} if thread is not None else {"space": space}


def may_follow(user, *, thread=None, space=None):
    """Whether ``user`` may follow this thread or space: signed in, reads the space, sees the thread."""
    _target(thread, space)
    if not (user and user.is_authenticated and user.is_active):
        return False
    target_space = thread.space if thread is not None else space
    if not access.may_read(user, target_space):
        return False
    return thread is None or not thread.hidden or access.may_moderate(user, target_space)


def subscribe(user, *, thread=None, space=None, delivery="instant"):
    """Follow the thread or space (or change how an existing follow is delivered); the subscription.

    Raises ``PermissionDenied`` when ``user`` may not read it, ``ValueError`` for an unknown delivery.
    """
    lookup = _target(thread, space)
    if delivery not in DELIVERIES:
        raise ValueError(f"Unknown delivery {delivery!r}")
    if not may_follow(user, thread=thread, space=space):
        raise PermissionDenied
    subscription = Subscription.objects.filter(user=user, **lookup).first()
    if subscription is None:
        try:
            with transaction.atomic():
                return Subscription.objects.create(user=user, delivery=delivery, **lookup)
        except IntegrityError:
            subscription = Subscription.objects.get(user=user, **lookup)
    if subscription.delivery != delivery:
        subscription.delivery = delivery
        subscription.save(update_fields=["delivery"])
    return subscription


def unsubscribe(user, *, thread=None, space=None):
    """Stop following; True when there was something to stop."""
    lookup = _target(thread, space)
    deleted, _ = Subscription.objects.filter(user=user, **lookup).delete()
    return bool(deleted)


def auto_subscribe(user, thread, post=None):
    """Called by ``forums.posting`` (in its transaction, after saving the new post) when ``user``
    starts or replies to ``thread``: follow it at once, unless this is not their first post there.

    ``post``: the new post, when called before it is counted (it is then left out of the count).
    Returns the new subscription, or None.
    """
    if not (user and user.is_authenticated):
        return None
    earlier = Post.objects.filter(thread=thread, author=user)
    if post is not None and post.pk:
        earlier = earlier.exclude(pk=post.pk)
        if earlier.exists():
            return None
    elif earlier.count() > 1:
        return None
    if Subscription.objects.filter(user=user, thread=thread).exists():
        return None
    try:
        with transaction.atomic():
            return Subscription.objects.create(user=user, thread=thread, delivery=Subscription.Delivery.INSTANT)
    except IntegrityError:
        return None


def is_subscribed(user, *, thread=None, space=None):
    lookup = _target(thread, space)
    if not (user and user.is_authenticated):
        return False
    return Subscription.objects.filter(user=user, **lookup).exists()


def subscription_for(user, *, thread=None, space=None):
    """The subscription, or None."""
    lookup = _target(thread, space)
    if not (user and user.is_authenticated):
        return None
    return Subscription.objects.filter(user=user, **lookup).first()


# -- the forum profile ---------------------------------------------------------------------------------


def profile_for(user):
    """The member's ``ForumProfile``, made on demand (``forums.profiles``)."""
    from .profiles import profile_for as make

    return make(user)


def wants_digest(user):
    profile = ForumProfile.objects.filter(user=user).first()
    return profile.digest if profile is not None else ForumProfile._meta.get_field("digest").default


def set_digest(user, on):
    profile = profile_for(user)
    if profile.digest != bool(on):
        profile.digest = bool(on)
        profile.save(update_fields=["digest"])
    return profile
