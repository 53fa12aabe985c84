"""The admin form of a package: the upload is checked before anything is saved (``packages``)."""
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import store_upload
from .packages import inspect_archive

EXTENSIONS = ["zip", "h5p"]


class PackageForm(WagtailAdminModelForm):
    """Checks the upload (kind, manifest, safety) in ``clean_file``; ``save`` unpacks it or saves nothing."""

    inspection = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None:
            field.validators.append(FileExtensionValidator(EXTENSIONS, message=_(
                "Upload a SCORM package (.zip) or an H5P file (.h5p).")))
            field.widget.attrs["accept"] = ".zip,.h5p"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            self.inspection = inspect_archive(upload)
        return upload

    def save(self, commit=True):
        package = super().save(commit=False)
        if not commit:
            return package
        if self.inspection is not None:
            if package.uploaded_by_id is None and getattr(self, "for_user", None) is not None:
                package.uploaded_by = self.for_user
            store_upload(package, self.inspection)
        else:
            package.save()
        return package
