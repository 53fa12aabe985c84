"""Moderators' decisions in a space: hide/show a post or thread, lock, pin, move, ban. Owned by H3.

Invariants: only ``forums.access.may_moderate`` users decide (checked here, not in the views); every
decision is one transaction that writes a ``ModerationLog``; nothing is deleted.
"""


class ModerationError(Exception):
    def __init__(self, message, status=400):
        super().__init__(str(message))
        self.message = message
        self.status = status


def hide_post(post, user, reason):
    raise NotImplementedError


def show_post(post, user, reason=""):
    raise NotImplementedError


def set_thread_state(thread, user, action, reason=""):
    """``action`` is one of ModerationLog.Action's lock/unlock/pin/unpin/hide_thread/show_thread."""
    raise NotImplementedError


def move_thread(thread, space, user, reason=""):
    raise NotImplementedError


def ban(space, member, user, reason, until=None):
    raise NotImplementedError


def unban(space, member, user, reason=""):
    raise NotImplementedError
