"""Demo content of this app, called by ``manage.py seed_demo``; safe to run again.

Uploads the three sample packages (``elearning.samples``) once, and appends a package block for each
to one lesson of a demo course (``learning.demo``), in Indonesian and in its English translation;
the block ids are fixed, so a second run finds them. Without that lesson it only uploads.
"""
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from .models import Package, store_upload
from .packages import inspect_archive
from .samples import SAMPLES, build

#: The lesson the demo plays the packages in (``learning.demo_content``), then any lesson.
LESSON_SLUGS = ("rencana-coba-refleksi", "membaca-arus-kas")
NAMESPACE = uuid.UUID("9a3d2c71-6f0e-4b8a-b5c2-2f1e7d4c8a93")


def sample_package(name):
    upload = SimpleUploadedFile(SAMPLES[name], build(name), content_type="application/zip")
    inspection = inspect_archive(upload)
    existing = Package.objects.filter(title=inspection.title).first()
    return existing or store_upload(Package(file=upload), inspection)


def demo_lesson():
    from learning.models import LessonPage
    from wagtail.models import Locale

    lessons = LessonPage.objects.filter(locale=Locale.get_default())
    for slug in LESSON_SLUGS:
        lesson = lessons.filter(slug=slug).first()
        if lesson is not None:
            return lesson
    return lessons.first()


def add_blocks(lesson, packages):
    """Append the package blocks ``lesson`` does not have yet; publish when something changed."""
    from editorial.gate import publishing_without_review

    lesson = lesson.get_latest_revision_as_object() if lesson.has_unpublished_changes else lesson
    present = {child.id for child in lesson.body}
    body = list(lesson.body.raw_data)
    added = False
    for name, package in packages.items():
        block_id = str(uuid.uuid5(NAMESPACE, name))
        if block_id not in present:
            body.append({"type": "package", "id": block_id, "value": {"package": package.pk, "height": None}})
            added = True
    if added:
        lesson.body = body
        with publishing_without_review("demo data: e-learning packages"):
            lesson.save_revision().publish()
    return added


def seed(home, organisations):
    """Create the demo content; return lines to print."""
    packages = {name: sample_package(name) for name in ("scorm12", "scorm2004", "h5p")}
    lines = [f"E-learning packages: {', '.join(p.title for p in packages.values())}"]
    lesson = demo_lesson()
    if lesson is None:
        return lines + ["E-learning: no demo lesson found; packages not placed."]
    add_blocks(lesson, packages)
    for translation in lesson.get_translations():
        add_blocks(translation, packages)
    lines.append(f"E-learning packages played in the lesson: {lesson.title} ({lesson.url})")
    return lines
