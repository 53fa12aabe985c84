"""Pages that show one person's own data (a donor's account, the privacy centre, a consent link).

``personal_page`` marks such a view: no cache, shared or the browser's, keeps the answer
(``Cache-Control: private, no-store``; the page cache and a proxy in front honour it) and no search
engine indexes it (``X-Robots-Tag``), whatever the view returns, error pages included.
"""
import functools

CACHE_CONTROL = "private, no-store"
ROBOTS = "noindex, nofollow"


def personal_page(view):
    """Decorate a view whose answer is one person's: never cached, never indexed."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = CACHE_CONTROL
        response["X-Robots-Tag"] = ROBOTS
        return response
    return wrapped
