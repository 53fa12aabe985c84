"""Packaged e-learning (SCORM 1.2, SCORM 2004, H5P): an upload, unpacked safely, played in a lesson."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Package(models.Model):
    """A SCORM or H5P package a trainer uploaded; lessons embed it with the package block."""

    class Kind(models.TextChoices):
        SCORM_12 = "scorm12", _("SCORM 1.2")
        SCORM_2004 = "scorm2004", _("SCORM 2004")
        H5P = "h5p", _("H5P")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, editable=False)
    file = models.FileField(_("package file"), upload_to="elearning/uploads/")
    #: Where the unpacked files are, relative to the storage root.
    extracted_path = models.CharField(max_length=255, blank=True, editable=False)
    #: The file the player opens (SCORM: the launch resource; H5P: h5p.json's folder).
    launch_path = models.CharField(max_length=255, blank=True, editable=False)
    manifest = models.JSONField(default=dict, blank=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("title"), FieldPanel("file")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("e-learning package")
        verbose_name_plural = _("e-learning packages")

    def __str__(self):
        return self.title
