"""Searching the forums: threads (title and posts) the reader may read. Owned by H7."""


def search_threads(user, query, *, limit=20, space=None):
    """The threads ``user`` may read matching ``query``, best first (PostgreSQL full text; elsewhere icontains)."""
    raise NotImplementedError
