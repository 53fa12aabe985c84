"""Safe rich text of posts: a small Markdown (bold, italics, lists, quotes, code, links) and @mentions.

Owned by H1. Invariant: ``render`` is the only way a post's HTML is made; its output holds only
allow-listed tags and attributes (nh3), links get rel="nofollow ugc noopener", no raw HTML passes.
"""


def render(body):
    """The safe HTML of ``body`` (Markdown source), @mentions of known handles linked."""
    raise NotImplementedError


def mentioned_handles(body):
    """The ``@handles`` written in ``body`` (lower-case, without the @), outside code."""
    raise NotImplementedError
