"""Private storage of forum attachments: files with no public URL.

``FORUM_FILES_ROOT`` (default ``<BASE_DIR>/private/forum``) must not be under ``MEDIA_ROOT`` or any
served directory: an attachment of a private space reaches its readers only through the
permission-checked view ``forums:attachment``.
"""
from pathlib import Path

from django.conf import settings
from django.utils.deconstruct import deconstructible

from lokadaya.private_files import PrivateStorage


def root():
    configured = getattr(settings, "FORUM_FILES_ROOT", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "private" / "forum"


@deconstructible(path="forums.storage.AttachmentStorage")
class AttachmentStorage(PrivateStorage):
    """Under ``FORUM_FILES_ROOT``; ``forums:attachment`` serves the files to the space's readers."""

    served_by = "forums:attachment"

    def root(self):
        return root()


def attachment_path(instance, filename):
    """``<space id>/<random>/<name>``: the name is kept for the download, the random part makes it unguessable."""
    import secrets

    return f"{instance.space_id_for_path()}/{secrets.token_hex(12)}/{filename}"
