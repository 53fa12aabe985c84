"""Benchmark settings (``manage.py payments_benchmark``): production's, plus a hello-world view.

Everything production reads from the environment still comes from it; the benchmark sets the
environment (a dedicated database, the stand-in gateway's URL, a Midtrans key). On top:

* ``ROOT_URLCONF`` adds ``/_bench/hello/`` (``lokadaya.benchmark_urls``): the cost of the bare
  stack, the yardstick the other figures are compared with. It exists only under these settings.
* Static files come from the app directories: no ``collectstatic`` run before each benchmark.
  They are not what is measured.
* Emails are rendered and kept in memory (no mail server on the benchmark machine), unless
  EMAIL_BACKEND says otherwise.
* ``CACHE_KEY_PREFIX`` keeps one run's entries in a shared Redis apart from another's.
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
    CACHES = {name: {**cache, "KEY_PREFIX": os.environ["CACHE_KEY_PREFIX"]}
              for name, cache in production.CACHES.items()}
