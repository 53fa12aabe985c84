"""Cache invalidations merged while a batch job runs (the settlement of a flood of payments).

A campaign's confirmation stamps the page cache's figures time of its campaign twice (before and
after the commit) and bumps the network figures' version: three or four round trips to Redis per
donation, about 7% of the task worker's time in a flood, to say the same thing again and again.

Inside ``coalescing()``, a call to a function decorated with ``@coalesced`` is not made at once:
its items are merged (a set union) with those of the calls still waiting, and the function is
called once with all of them. The invariants:

* **Late by at most ``max_delay``, never lost within the block.** The waiting calls are made when
  the oldest has waited ``max_delay`` seconds (checked on every call and by ``flush_due``, which a
  loop that waits calls), and always when the block exits, also on an error.
* **Only for idempotent invalidations whose readers already tolerate that delay.** A figures time
  written 0.2 s late lets a cached page show figures at most that much older than its policy says
  (``LOKADAYA_PAGE_CACHE_FIGURES_SECONDS``: 10 s); a call made after a commit is still made after it.
  A process killed inside the block loses its waiting calls: pages then follow their own expiry.
* **Outside the block nothing changes**: the call is made at once, as before. One block per thread
  (a context variable): a web request is never inside one.
"""
import contextvars
import functools
import logging
import time
from contextlib import contextmanager

logger = logging.getLogger(__name__)

#: Seconds a merged call may wait.
MAX_DELAY = 0.2

_batch = contextvars.ContextVar("lokadaya_coalescing", default=None)


class _Batch:
    def __init__(self, max_delay):
        self.max_delay = max_delay
        self.waiting = {}  # function -> set of items
        self.since = None

    def add(self, function, items):
        self.waiting.setdefault(function, set()).update(items)
        if self.since is None:
            self.since = time.monotonic()

    def due(self):
        return self.since is not None and time.monotonic() - self.since >= self.max_delay

    def flush(self):
        waiting, self.waiting, self.since = self.waiting, {}, None
        for function, items in waiting.items():
            try:
                function(items)
            except Exception:  # noqa: BLE001 - one failed invalidation must not skip the others
                logger.exception("Coalesced call %s failed", function.__qualname__)


def coalesced(function):
    """Decorator for ``function(items)`` (an iterable of hashables; idempotent): inside
    ``coalescing()`` its calls are merged, elsewhere it is called at once."""

    @functools.wraps(function)
    def wrapper(items=()):
        batch = _batch.get()
        if batch is None:
            return function(items)
        batch.add(function, items)
        if batch.due():
            batch.flush()
        return None

    return wrapper


def flush_due():
    """Make the waiting calls if the oldest has waited long enough (for a loop that waits)."""
    batch = _batch.get()
    if batch is not None and batch.due():
        batch.flush()


@contextmanager
def coalescing(max_delay=None):
    """Merge ``@coalesced`` calls in this block (at most ``max_delay`` seconds late, ``MAX_DELAY`` by
    default); all are made by its end. Nested blocks join the outer one."""
    if _batch.get() is not None:
        yield
        return
    batch = _Batch(MAX_DELAY if max_delay is None else max_delay)
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
        batch.flush()
