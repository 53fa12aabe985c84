"""Tests: PostgreSQL when DATABASE_URL points at one (CI), SQLite otherwise."""
import tempfile

from .base import *  # noqa: F401,F403

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="lokadaya-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come from the finders in tests; no collectstatic run needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None
