"""Unread markers: what a member has not read yet. Owned by H1."""


def mark_read(user, thread, when=None):
    """``user`` has read ``thread`` up to ``when`` (default: its last post)."""
    raise NotImplementedError


def annotate_unread(threads, user):
    """``threads`` (a list) each with ``.unread`` (bool) for ``user``: one query."""
    raise NotImplementedError


def unread_threads(user):
    """The threads ``user`` may read with posts newer than their marker (followed spaces and threads)."""
    raise NotImplementedError
