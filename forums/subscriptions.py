"""Following threads and spaces. Owned by H2."""


def subscribe(user, *, thread=None, space=None, delivery="instant"):
    raise NotImplementedError


def unsubscribe(user, *, thread=None, space=None):
    raise NotImplementedError


def auto_subscribe(user, thread):
    """Called by ``forums.posting`` when ``user`` starts or replies to ``thread`` (unless they left it)."""
    raise NotImplementedError


def is_subscribed(user, *, thread=None, space=None):
    raise NotImplementedError
