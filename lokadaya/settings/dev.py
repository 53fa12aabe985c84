"""The embedded development site: SQLite, debug on, emails to the console."""
import os

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
