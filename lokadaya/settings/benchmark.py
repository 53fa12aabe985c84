"""Benchmark settings (``manage.py payments_benchmark``, ``manage.py bench``): production's, plus a hello-world view.

Everything production reads from the environment still comes from it; the benchmark sets the
environment (a dedicated database, the stand-in gateway's URL, a Midtrans key). On top:

* ``ROOT_URLCONF`` adds ``/_bench/hello/`` (``lokadaya.benchmark_urls``): the cost of the bare
  stack, the yardstick the other figures are compared with. It exists only under these settings.
* Static files come from the app directories: no ``collectstatic`` run before each benchmark.
  They are not what is measured.
* Emails are rendered and kept in memory (no mail server on the benchmark machine), unless
  EMAIL_BACKEND says otherwise.
* ``CACHE_KEY_PREFIX`` keeps one run's entries in a shared Redis apart from another's.
* ``LOKADAYA_PAGE_CACHE`` comes from the environment when it is set there (``0``, ``false``, ``no``
  or ``off`` turn the page cache off), and ``LOKADAYA_KEPT_PARTS`` likewise (``pagecache/parts.py``):
  ``manage.py bench`` serves the same database three times, with the page cache, without it, and
  with nothing kept at all.
"""
import os

from . import production
from .production import *  # noqa: F401,F403
from .production import STORAGES

ROOT_URLCONF = "lokadaya.benchmark_urls"

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True

if not os.environ.get("EMAIL_BACKEND"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if hasattr(production, "CACHES") and os.environ.get("CACHE_KEY_PREFIX"):
    # Under the run's prefix, each cache keeps its own (the page cache's "pages") so that the
    # caches sharing one Redis database still do not share keys.
    CACHES = {name: {**cache, "KEY_PREFIX": ":".join(filter(None, [os.environ["CACHE_KEY_PREFIX"],
                                                                   cache.get("KEY_PREFIX")]))}
              for name, cache in production.CACHES.items()}

OFF = ("0", "false", "no", "off")
if os.environ.get("LOKADAYA_PAGE_CACHE", "").strip():
    LOKADAYA_PAGE_CACHE = os.environ["LOKADAYA_PAGE_CACHE"].strip().lower() not in OFF
if os.environ.get("LOKADAYA_KEPT_PARTS", "").strip():
    LOKADAYA_KEPT_PARTS = os.environ["LOKADAYA_KEPT_PARTS"].strip().lower() not in OFF
