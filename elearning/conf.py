"""Settings of packaged e-learning, each with a default (none is required).

- ``ELEARNING_ROOT``: the private directory uploads are kept and unpacked in (default
  ``<BASE_DIR>/private/elearning``). It must NOT be under ``MEDIA_ROOT`` or any served directory:
  package files reach learners only through the permission-checked content view.
- ``ELEARNING_MAX_UPLOAD_BYTES``: the largest upload (default 200 MB).
- ``ELEARNING_MAX_UNPACKED_BYTES``: the most an upload may unpack to (default 500 MB; zip bombs).
- ``ELEARNING_MAX_FILES``: the most files in one package (default 5,000).
- ``ELEARNING_X_ACCEL_PREFIX``: when set (e.g. ``/_elearning/``), the content view answers with an
  ``X-Accel-Redirect`` to that nginx ``internal`` location instead of sending the bytes itself.
"""
from pathlib import Path

from django.conf import settings


def root():
    configured = getattr(settings, "ELEARNING_ROOT", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "private" / "elearning"


def max_upload_bytes():
    return int(getattr(settings, "ELEARNING_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))


def max_unpacked_bytes():
    return int(getattr(settings, "ELEARNING_MAX_UNPACKED_BYTES", 500 * 1024 * 1024))


def max_files():
    return int(getattr(settings, "ELEARNING_MAX_FILES", 5000))


def x_accel_prefix():
    return getattr(settings, "ELEARNING_X_ACCEL_PREFIX", "") or ""
