"""Emails of the forums: a new post to its followers and the people it mentions, an answer chosen,
the daily digest. Owned by H2. Every email goes through the task worker.
"""


def post_created(post):
    """Called after commit for every new post (``forums.posting``): queue its delivery."""
    raise NotImplementedError


def thread_solved(thread):
    """Called after commit when a reply is chosen as the answer: tell its author."""
    raise NotImplementedError
