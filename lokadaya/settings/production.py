"""Production: everything from the environment; refuses to start without SECRET_KEY."""
import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DATABASES, PAYMENT_VARIANT_LABELS, PAYMENT_VARIANTS, STATIC_ROOT, STORAGES, postgresql_options

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY.strip():
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

if os.environ.get("DATABASE_URL"):
    DATABASES["default"] = postgresql_options(dj_database_url.config(
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")), conn_health_checks=True
    ))

# Static files: collected to STATIC_ROOT (manage.py collectstatic) and served by whitenoise.
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(STATIC_ROOT))
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}

# The test payment provider confirms donations without money: never on unless asked for.
if os.environ.get("DUMMY_PAYMENTS", "false").lower() != "true":
    PAYMENT_VARIANTS.pop("dummy", None)
    PAYMENT_VARIANT_LABELS.pop("dummy", None)

# Behind a TLS-terminating proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Wagtail marks its preview views SAMEORIGIN itself; nothing else of ours belongs in a frame.
X_FRAME_OPTIONS = "DENY"
PAYMENT_USES_SSL = True

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"

# A cache shared by every process and machine (needs the ``redis`` package).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "lokadaya.redis_cache.RedisCache",
            "LOCATION": CACHE_URL,
        },
        "pages": {
            "BACKEND": "lokadaya.redis_cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "pages",
        },
    }
elif CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL must be a redis:// or rediss:// URL.")

# A caching proxy in front (docs/deployment.md): PURGE_PROXY_URLS, comma-separated (e.g.
# http://127.0.0.1:6081), each told by the worker what a publish changed (pagecache/proxy.py).
PURGE_PROXY_URLS = [u.strip() for u in os.environ.get("PURGE_PROXY_URLS", "").split(",") if u.strip()]
if PURGE_PROXY_URLS:
    WAGTAILFRONTENDCACHE = {f"proxy{n}": {"BACKEND": "pagecache.proxy.PurgeBackend", "LOCATION": url}
                            for n, url in enumerate(PURGE_PROXY_URLS, 1)}

# Search: base.py picks Elasticsearch when ELASTICSEARCH_URL is set.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
