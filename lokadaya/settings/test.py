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

# Static files come from the finders in tests; no collectstatic run needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None

# Separate test databases for test runs that share one PostgreSQL server.
if os.environ.get("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}
