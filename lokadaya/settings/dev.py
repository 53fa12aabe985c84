"""The embedded development site: SQLite, debug on, emails to the console.

``make run PORT=8123`` serves on another port: every link the site makes (the admin's and the emails'
base URL, the test payment's return URLs, and the Wagtail Site that ``seed_demo`` sets up) follows
the ``PORT`` environment variable, unless ``SITE_URL`` (or ``PAYMENT_HOST``) names the address itself.
"""
import os
from urllib.parse import urlsplit

from .base import *  # noqa: F401,F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Two-step verification stays required here as in production: the demo's ``admin`` is a superuser
# with a published password, so at the first sign-in the admin shows a QR code to scan with any
# authenticator app (or its key to type in), then backup codes. A developer without an app can
# sign in with ``LOKADAYA_2FA_REQUIRED_ROLES=`` (empty) in the environment, on their own machine
# only: production settings do not read it.
if "LOKADAYA_2FA_REQUIRED_ROLES" in os.environ:
    LOKADAYA_2FA_REQUIRED_ROLES = [
        role.strip() for role in os.environ["LOKADAYA_2FA_REQUIRED_ROLES"].split(",") if role.strip()]

# The address the development server answers on: SITE_URL when given, else 127.0.0.1 on $PORT.
PORT = os.environ.get("PORT", "").strip() or "8000"
if not PORT.isdigit() or not 0 < int(PORT) < 65536:
    raise ValueError(f"PORT must be a TCP port number (1-65535), not {PORT!r}")
SITE_URL = (os.environ.get("SITE_URL", "").strip() or f"http://127.0.0.1:{PORT}").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
PAYMENT_HOST = os.environ.get("PAYMENT_HOST", "").strip() or urlsplit(SITE_URL).netloc
if "PAYMENT_USES_SSL" not in os.environ:
    PAYMENT_USES_SSL = urlsplit(SITE_URL).scheme == "https"
