"""Packaged e-learning (SCORM 1.2, SCORM 2004, H5P): an upload, unpacked safely, played in a lesson.

Invariants:
- A package row exists only with its upload checked and unpacked (``store_upload`` saves both in one
  transaction and removes the files again when anything fails); ``extracted_path`` is a directory
  under ``ELEARNING_ROOT`` that only the content view serves.
- One attempt per learner, lesson (source-language page) and block (unique constraint): a double
  submission or a retry updates it, never adds one. A completed attempt stays completed.
"""
import secrets
import shutil

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from . import conf
from .storage import PackageStorage


def package_storage():
    return PackageStorage()


class Package(index.Indexed, models.Model):
    """A SCORM or H5P package a trainer uploaded; lessons embed it with the package block."""

    class Kind(models.TextChoices):
        SCORM_12 = "scorm12", _("SCORM 1.2")
        SCORM_2004 = "scorm2004", _("SCORM 2004")
        H5P = "h5p", _("H5P")

    title = models.CharField(_("title"), max_length=255, blank=True,
                             help_text=_("Leave empty to use the title in the package."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, editable=False)
    file = models.FileField(_("package file"), upload_to="uploads/", storage=package_storage, max_length=255,
                            help_text=_("A SCORM 1.2 or 2004 package (.zip) or an H5P file (.h5p)."))
    #: Where the unpacked files are, relative to ELEARNING_ROOT.
    extracted_path = models.CharField(max_length=255, blank=True, editable=False)
    #: The file the player opens (SCORM: the launch resource with its parameters; H5P: empty, h5p.json's folder).
    launch_path = models.CharField(max_length=1000, blank=True, editable=False)
    manifest = models.JSONField(default=dict, blank=True, editable=False)
    unpacked_bytes = models.PositiveBigIntegerField(_("unpacked size"), default=0, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("title"), FieldPanel("file")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["title"]
        verbose_name = _("e-learning package")
        verbose_name_plural = _("e-learning packages")

    def __str__(self):
        return self.title or f"#{self.pk}"

    @property
    def is_scorm(self):
        return self.kind in (self.Kind.SCORM_12, self.Kind.SCORM_2004)

    @property
    def directory(self):
        return conf.root() / self.extracted_path if self.extracted_path else None


def store_upload(package, inspection):
    """Save ``package`` with its checked upload and unpack it; on any error nothing stays behind.

    The files of a replaced upload are removed once the transaction has committed.
    """
    from .packages import extract

    old = None
    if package.pk:
        old = Package.objects.filter(pk=package.pk).values("extracted_path", "file").first()
    package.kind = inspection.kind
    package.launch_path = inspection.launch_path
    package.manifest = inspection.manifest
    package.title = package.title or inspection.title or package.file.name.rsplit("/", 1)[-1][:255]
    relative = f"packages/{secrets.token_hex(12)}"
    target = conf.root() / relative
    stored_before = old["file"] if old else None
    try:
        # Unpack first (from the upload itself), then save the row and the upload in one transaction.
        package.unpacked_bytes = extract(package.file.file, target)
        package.extracted_path = relative
        with transaction.atomic():
            package.save()
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        name = package.file.name
        if name and name != stored_before and package.file._committed and package.file.storage.exists(name):
            package.file.storage.delete(name)
        raise
    if old:
        transaction.on_commit(lambda: remove_files(old["extracted_path"], old["file"], keep=package.file.name))
    return package


def remove_files(extracted_path, file_name, keep=None):
    """Remove a package's unpacked directory and stored upload (after a replacement or deletion)."""
    if extracted_path:
        shutil.rmtree(conf.root() / extracted_path, ignore_errors=True)
    if file_name and file_name != keep:
        PackageStorage().delete(file_name)


class PackageAttempt(models.Model):
    """One learner's state in one package block of one lesson: the runtime data, score, completion."""

    class Status(models.TextChoices):
        NOT_ATTEMPTED = "not_attempted", _("Not attempted")
        INCOMPLETE = "incomplete", _("Incomplete")
        COMPLETED = "completed", _("Completed")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="package_attempts",
                             verbose_name=_("learner"))
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="attempts",
                                verbose_name=_("package"))
    lesson = models.ForeignKey("learning.LessonPage", on_delete=models.CASCADE, related_name="package_attempts",
                               verbose_name=_("lesson"))
    block_id = models.CharField(_("block"), max_length=64)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_ATTEMPTED)
    #: 0-100 when the package reports one.
    score = models.FloatField(_("score"), null=True, blank=True)
    #: The runtime's data model values the package set (SCORM cmi.*), kept for resuming.
    cmi = models.JSONField(default=dict, blank=True)
    suspend_data = models.TextField(blank=True)
    location = models.CharField(max_length=1000, blank=True)
    completed_at = models.DateTimeField(_("completed on"), null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson", "block_id"],
                                               name="one_package_attempt_per_block")]
        verbose_name = _("package attempt")
        verbose_name_plural = _("package attempts")

    def __str__(self):
        return f"{self.user_id} · {self.lesson_id}/{self.block_id}"

    @property
    def is_complete(self):
        return self.completed_at is not None

    def mark_complete(self, status):
        if not (self.is_complete and self.status == self.Status.PASSED):
            self.status = status  # a pass is never downgraded
        if self.completed_at is None:
            self.completed_at = timezone.now()
