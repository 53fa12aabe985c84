"""Private storage of uploaded packages: files with no public URL (see ``elearning.conf``)."""
import os

from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible

from .conf import root


@deconstructible(path="elearning.storage.PackageStorage")
class PackageStorage(FileSystemStorage):
    """A filesystem storage under ``ELEARNING_ROOT`` that refuses to make URLs."""

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
        raise ValueError("E-learning packages have no public URL; the content view serves them.")
