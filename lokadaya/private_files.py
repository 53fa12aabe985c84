"""Private file storage: files under a directory outside ``MEDIA_ROOT`` that have no public URL.

Subclasses name their directory (``root()``) and the view that serves their files to those allowed;
``url()`` refuses, so no template can leak a link that bypasses that view's permission check.
"""
import os

from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A filesystem storage under ``root()`` (read at each use, so tests may change the setting)."""

    #: Says which view serves the files, in the error ``url()`` raises.
    served_by = "a permission-checked view"

    def root(self):
        raise NotImplementedError

    @property
    def base_location(self):
        return str(self.root())

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
        raise ValueError(f"These files have no public URL; {self.served_by} serves them.")
