"""Helpers for tests of packaged e-learning: a package from the samples, a lesson that plays them."""
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile

from editorial.gate import publishing_without_review

from .models import Package, store_upload
from .packages import inspect_archive
from .samples import SAMPLES, build


def make_package(name, title="", user=None):
    """Upload sample ``name`` (scorm12, scorm2004, h5p) the way the admin form does."""
    upload = SimpleUploadedFile(SAMPLES[name], build(name), content_type="application/zip")
    package = Package(title=title, file=upload, uploaded_by=user)
    return store_upload(package, inspect_archive(upload))


def _child(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        with publishing_without_review("test fixture: elearning lesson"):
            parent.add_child(instance=page)
            page.save_revision().publish()
        page.refresh_from_db()
    return page


def make_lesson(home, packages, slug="pelajaran-paket"):
    """A published course → module → lesson under ``home`` whose body plays ``packages``, in order.

    Returns ``(course, lesson, block ids)``.
    """
    from learning.models import CourseModulePage, CoursePage, LearningIndexPage, LessonPage

    index = _child(home, LearningIndexPage, "belajar", title="Belajar")
    course = _child(index, CoursePage, "kursus-paket", title="Kursus paket", aspect="financial_resilience")
    module = _child(course, CourseModulePage, "modul-paket", title="Modul paket")
    block_ids = [str(uuid.uuid4()) for _package in packages]
    body = [{"type": "text", "value": "<p>Pengantar</p>", "id": str(uuid.uuid4())}]
    body += [{"type": "package", "value": {"package": package.pk, "height": 500}, "id": block_id}
             for package, block_id in zip(packages, block_ids)]
    lesson = LessonPage(title="Pelajaran paket", slug=slug, body=body)
    with publishing_without_review("test fixture: elearning lesson"):
        module.add_child(instance=lesson)
        lesson.save_revision().publish()
    lesson.refresh_from_db()
    return course, lesson, block_ids
