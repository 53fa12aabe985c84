"""Tests: PostgreSQL when DATABASE_URL points at one (CI), SQLite otherwise."""
import os
import tempfile

from .base import *  # noqa: F401,F403
from .base import DATABASES, PAYMENT_VARIANT_LABELS, PAYMENT_VARIANTS

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="lokadaya-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"

# Every provider is configured in tests, with test keys; no test ever reaches a gateway
# (their HTTP calls are intercepted at the transport).
PAYMENT_HOST = "testserver"
PAYMENT_VARIANTS["midtrans"] = ("gateways.midtrans.MidtransSnapProvider", {
    "server_key": "SB-Mid-server-TEST-KEY", "production": False})
PAYMENT_VARIANT_LABELS["midtrans"] = "Midtrans"
PAYMENT_VARIANTS["xendit"] = ("gateways.xendit.XenditInvoiceProvider", {
    "secret_key": "xnd_development_TEST", "callback_token": "TEST-CALLBACK-TOKEN"})
PAYMENT_VARIANT_LABELS["xendit"] = "Xendit"
# Tasks run where they are queued; tests that need the worker start it themselves.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
GATEWAY_SETTLEMENT_THREADS = 1

# Two-step verification is required of no role in tests, so the hundreds of tests that sign an
# admin in with ``client.force_login`` reach the admin as before. A user who has set up a device is
# still asked for a code, and tests/test_two_factor.py turns the requirement on with the ``settings``
# fixture (``settings.LOKADAYA_2FA_REQUIRED_ROLES = ["superuser", "finance", "moderator"]``).
LOKADAYA_2FA_REQUIRED_ROLES = []

# Rate limits and the email cap are off, so the rest of the suite may post and mail freely;
# tests/test_rate_limits.py turns them on (the ``settings`` fixture, or THROTTLE_ENABLED=true for the
# server processes it starts, which also share one Redis through CACHE_URL and CACHE_KEY_PREFIX).
THROTTLE_ENABLED = os.environ.get("THROTTLE_ENABLED", "false").lower() == "true"
if os.environ.get("CACHE_URL"):
    CACHES = {alias: {"BACKEND": "lokadaya.redis_cache.RedisCache",
                      "LOCATION": os.environ["CACHE_URL"],
                      "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "") + alias}
              for alias in ("default", "pages")}

# The page cache is on in tests, as in production, and emptied before each test (conftest.py);
# pledged figures show at once (production lets them be 10 s old on a campaign page).
LOKADAYA_PAGE_CACHE_FIGURES_SECONDS = 0
LOKADAYA_PAGE_CACHE_LISTING_FIGURES_SECONDS = 0

# Static files come from the finders in tests; no collectstatic run needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None

# DEBUG is always off in tests: seed_demo may still build the demo site with its logins here
# (under any other settings with DEBUG off it refuses; lokadaya/management/commands/seed_demo.py).
SEED_DEMO_ALLOWED = True

# Separate test databases for test runs that share one PostgreSQL server.
if os.environ.get("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}

# Private files (permit documents) of tests go to a temporary directory, not the checkout's /private/.
PERMIT_FILES_ROOT = tempfile.mkdtemp(prefix="lokadaya-test-permits-")
