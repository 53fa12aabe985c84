"""Writing in the forums: new threads, replies, edits, attachments, answers. Owned by H1.

Invariants: see ``forums.models``. Every function checks ``forums.access`` itself (views call these,
never the models), runs in one transaction under the thread's row lock, and hands the new post to
``forums.notify.post_created`` after commit.
"""


class PostingError(Exception):
    """A refused write, with a translated message for the member (what they typed is kept by the view)."""

    def __init__(self, message, status=400):
        super().__init__(str(message))
        self.message = message
        self.status = status


def start_thread(space, user, *, title, body, kind="question", files=()):
    """A new thread with its opening post; returns the thread."""
    raise NotImplementedError


def reply(thread, user, *, body, files=()):
    """A reply to ``thread`` (refused when locked or when ``user`` may not post); returns the post."""
    raise NotImplementedError


def edit_post(post, user, *, body):
    """The author (or a moderator) changes a post's text."""
    raise NotImplementedError


def mark_solved(thread, post, user):
    """``post`` answers the question: by the thread's author or a moderator."""
    raise NotImplementedError


def unmark_solved(thread, user):
    raise NotImplementedError
