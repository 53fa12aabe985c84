"""Unread markers: what a member has not read yet.

Invariants: one ``ReadMarker`` per member and thread (a unique constraint) whose ``read_at`` only moves
forward; a thread is unread when its last post is newer than the marker, or it has no marker. Only
threads the member may read (``forums.access.readable_threads``) are ever listed.
"""
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from . import access
from .models import Post, ReadMarker, Subscription


def mark_read(user, thread, when=None):
    """``user`` has read ``thread`` up to ``when`` (default: its last post)."""
    if not (user and user.is_authenticated):
        return
    when = when or thread.last_post_at or timezone.now()
    if not ReadMarker.objects.filter(user=user, thread=thread, read_at__lt=when).update(read_at=when):
        ReadMarker.objects.get_or_create(user=user, thread=thread, defaults={"read_at": when})


def annotate_unread(threads, user):
    """``threads`` (a list) each with ``.unread`` (bool) for ``user``: one query (none when anonymous)."""
    threads = list(threads)
    if not (user and user.is_authenticated):
        for thread in threads:
            thread.unread = False
        return threads
    markers = dict(ReadMarker.objects.filter(user=user, thread__in=[t.pk for t in threads])
                   .values_list("thread_id", "read_at")) if threads else {}
    for thread in threads:
        read_at = markers.get(thread.pk)
        thread.unread = read_at is None or thread.last_post_at > read_at
    return threads


def unread_threads(user):
    """The threads ``user`` may read with posts newer than their marker, among those they follow
    (the thread or its space) or took part in; newest first. Each has ``read_at`` (None: never opened)."""
    if not (user and user.is_authenticated):
        return access.readable_threads(user).none()
    marker = ReadMarker.objects.filter(user=user, thread=OuterRef("pk")).values("read_at")[:1]
    follows = (Exists(Subscription.objects.filter(user=user, thread=OuterRef("pk")))
               | Exists(Subscription.objects.filter(user=user, space=OuterRef("space_id")))
               | Exists(Post.objects.filter(author=user, thread=OuterRef("pk"))))
    return (access.readable_threads(user).filter(follows)
            .annotate(read_at=Subquery(marker))
            .filter(Q(read_at__isnull=True) | Q(last_post_at__gt=Subquery(marker)))
            .select_related("space__network__province", "space__programme", "space__cohort")
            .order_by("-last_post_at", "-pk"))
