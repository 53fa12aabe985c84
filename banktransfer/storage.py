"""Private storage for proofs of transfer: files with no public URL.

Proofs show a donor's name, bank and account number: they are written outside ``MEDIA_ROOT``
(which a web server may serve) and read only through the permission-checked admin view.
"""
import os
import uuid

from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .conf import proof_root


@deconstructible(path="banktransfer.storage.PrivateProofStorage")
class PrivateProofStorage(FileSystemStorage):
    """A filesystem storage under ``BANK_TRANSFER_PROOF_ROOT`` that refuses to make URLs."""

    @property
    def base_location(self):
        return str(proof_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def directory_permissions_mode(self):
        return 0o700

    @property
    def file_permissions_mode(self):
        return 0o600

    def url(self, name):
        raise ValueError("Proofs of transfer have no public URL; use the admin proof view.")


def proof_storage():
    """``STORAGES["bank_transfer_proofs"]`` when configured, else the private filesystem storage."""
    try:
        return storages["bank_transfer_proofs"]
    except InvalidStorageError:
        return PrivateProofStorage()


def proof_upload_to(instance, filename):
    """A random name (the donor's file name is never used on disk), by month."""
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    return f"{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"
