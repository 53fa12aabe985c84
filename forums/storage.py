"""Private storage of forum attachments: files with no public URL.

``FORUM_FILES_ROOT`` (default ``<BASE_DIR>/private/forum``) must not be under ``MEDIA_ROOT`` or any
served directory: an attachment of a private space reaches its readers only through the
permission-checked view ``forums:attachment``.
"""
import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


def root():
    configured = getattr(settings, "FORUM_FILES_ROOT", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "private" / "forum"


@deconstructible(path="forums.storage.AttachmentStorage")
class AttachmentStorage(FileSystemStorage):
    """A filesystem storage under ``FORUM_FILES_ROOT`` that refuses to make URLs."""

    @property
    def base_location(self):
        return str(root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def directory_permissions_mode(self):
        return 0o750

    @property
    def file_permissions_mode(self):
        return 0o640

    def url(self, name):
        raise ValueError("Forum attachments have no public URL; forums:attachment serves them.")


def attachment_path(instance, filename):
    """``<space id>/<random>/<name>``: the name is kept for the download, the random part makes it unguessable."""
    import secrets

    return f"{instance.space_id_for_path()}/{secrets.token_hex(12)}/{filename}"
