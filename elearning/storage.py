"""Private storage of uploaded packages: files with no public URL (see ``elearning.conf``)."""
from django.utils.deconstruct import deconstructible

from lokadaya.private_files import PrivateStorage

from .conf import root


@deconstructible(path="elearning.storage.PackageStorage")
class PackageStorage(PrivateStorage):
    """Under ``ELEARNING_ROOT``; the content view serves the files."""

    served_by = "the e-learning content view"

    def root(self):
        return root()
