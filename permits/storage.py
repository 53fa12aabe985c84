"""Where permit documents are kept: ``PERMIT_FILES_ROOT`` (default ``<BASE_DIR>/private/permits``),
outside ``MEDIA_ROOT``; ``permits:document`` serves a file to those who may see it."""
from django.conf import settings

from lokadaya.private_files import PrivateStorage


def files_root():
    configured = getattr(settings, "PERMIT_FILES_ROOT", None)
    return configured or settings.BASE_DIR / "private" / "permits"


class PermitStorage(PrivateStorage):
    served_by = "permits:document"

    def root(self):
        return files_root()


permit_storage = PermitStorage()
