"""Settings of the bank transfer provider, each with a default (none is required).

- ``BANK_TRANSFER_MAX_PROOF_BYTES``: the largest proof of transfer accepted (default 5 MB).
- ``BANK_TRANSFER_PROOF_ROOT``: the private directory proofs are written to when no
  ``STORAGES["bank_transfer_proofs"]`` backend is configured (default ``<BASE_DIR>/private/
  bank-transfer-proofs``). It must NOT be under ``MEDIA_ROOT`` or any served directory.
- ``STORAGES["bank_transfer_proofs"]``: optional storage backend for proofs (e.g. a private
  object-storage bucket, for several machines). Proofs are only ever read through the
  permission-checked admin view, never through a URL of the storage.
- The expiry time is the provider's ``expiry_hours`` option in ``PAYMENT_VARIANTS``.
"""
from pathlib import Path

from django.conf import settings

DEFAULT_MAX_PROOF_BYTES = 5 * 1024 * 1024

#: Extension -> (Pillow format or "PDF", content type). The only files accepted as proofs.
PROOF_TYPES = {
    "jpg": ("JPEG", "image/jpeg"),
    "jpeg": ("JPEG", "image/jpeg"),
    "png": ("PNG", "image/png"),
    "webp": ("WEBP", "image/webp"),
    "pdf": ("PDF", "application/pdf"),
}

#: Sane dimensions of a photo or screenshot of a transfer receipt, in pixels. The pixel count is
#: capped for every image of the site by WAGTAILIMAGES_MAX_IMAGE_PIXELS (lokadaya.uploads).
MIN_IMAGE_SIDE = 50
MAX_IMAGE_SIDE = 12_000

#: The unique code added to the amount: 1..999 rupiah (the Indonesian "kode unik").
MIN_CODE, MAX_CODE = 1, 999


def max_proof_bytes():
    return int(getattr(settings, "BANK_TRANSFER_MAX_PROOF_BYTES", DEFAULT_MAX_PROOF_BYTES))


def proof_root():
    configured = getattr(settings, "BANK_TRANSFER_PROOF_ROOT", None)
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR) / "private" / "bank-transfer-proofs"
