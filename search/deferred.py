"""Work that waits until the response has been sent: index updates must not slow an editor's save.

Inside a request, :func:`after_response` queues a job (once per key) and runs it when Django sends
``request_finished``, which the WSGI server does after the response's last byte. Outside a request
(management commands, the shell, test fixtures) the job runs at once, unless a :func:`batched`
block is open: then it runs once per key when the block ends, as after a request (``seed_demo``
saves a page several times while building it). A job that fails is logged, never raised into the
server: ``manage.py rebuild_search_index`` repairs whatever it missed.
"""
import contextlib
import logging
import threading

from django.core.signals import request_finished, request_started

logger = logging.getLogger("lokadaya.search")
_state = threading.local()


def in_request():
    return getattr(_state, "jobs", None) is not None


def after_response(key, job):
    """Run ``job()`` once the current response is sent (now, outside a request); once per ``key``."""
    jobs = getattr(_state, "jobs", None)
    if jobs is None:
        job()
        return
    jobs.setdefault(key, job)


@contextlib.contextmanager
def batched():
    """Outside a request, queue jobs as a request does and run them (once per key) when the block ends.

    A block that raises runs none: what it saved is rolled back with the transaction around it.
    """
    if in_request():  # a request, or an outer block: its end runs them
        yield
        return
    _state.jobs = {}
    try:
        yield
    except BaseException:
        _state.jobs = None
        raise
    _run_pending()


def _start(**kwargs):
    _run_pending()  # anything left by a request that ended on another thread
    _state.jobs = {}


def _finish(**kwargs):
    _run_pending()


def _run_pending():
    jobs = getattr(_state, "jobs", None)
    _state.jobs = None
    for key, job in (jobs or {}).items():
        try:
            job()
        except Exception:
            logger.exception("Deferred search job %r failed", key)


request_started.connect(_start, dispatch_uid="lokadaya.search.deferred.start")
request_finished.connect(_finish, dispatch_uid="lokadaya.search.deferred.finish")
