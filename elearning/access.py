"""Who may open a package block, and who has their attempt recorded: the one rule of this app.

Invariants:
- A package's files, its player and its runtime endpoint are reached only through a lesson and
  one of its package blocks (``find_block``): nobody gets a package by its id alone, and a block
  plays the package that block names.
- Signed-in users only. A learner enrolled in the lesson's course (``learning.models.Enrolment``
  on the source-language course, however enrolled) may play a live lesson, and only learners'
  attempts are recorded (``may_record``).
- A user who may edit the lesson (Wagtail page permissions: the training team, superusers) may
  play it too, draft included, to preview it; nothing is recorded for them unless they are enrolled.
- Everybody else gets 404 (not 403), so a lesson's packages are not confirmed to outsiders.
"""
from django.http import Http404

from .blocks import PackageBlock


def source_lesson(lesson):
    from learning.models import source_page

    return source_page(lesson)


def is_enrolled(user, lesson):
    """Whether ``user`` holds an enrolment in the course of ``lesson`` (learning's one rule)."""
    from learning.access import enrolment_for_lesson

    return enrolment_for_lesson(user, lesson) is not None


def may_edit(user, lesson):
    return bool(user.is_authenticated and user.is_active and lesson.permissions_for_user(user).can_edit())


def package_blocks(lesson):
    """``(block id, value)`` of every package block in ``lesson``'s body with a package, in order.

    A block whose package was deleted plays nothing and so asks nothing of the learner.
    """
    body = getattr(lesson, "body", None) or []
    return [(child.id, child.value) for child in body
            if isinstance(child.block, PackageBlock) and child.id and child.value.get("package") is not None]


def find_block(user, lesson_id, block_id):
    """The lesson (specific), the block's value, and whether to record; 404 when not allowed.

    Editors preview the latest revision (the block may not be published yet); learners the live page.
    """
    from learning.models import LessonPage

    if not (user.is_authenticated and user.is_active):
        raise Http404
    lesson = LessonPage.objects.filter(pk=lesson_id).first()
    if lesson is None:
        raise Http404
    editor = may_edit(user, lesson)
    enrolled = lesson.live and is_enrolled(user, lesson)
    if not (editor or enrolled):
        raise Http404
    shown = lesson
    if editor and not enrolled:
        shown = lesson.get_latest_revision_as_object() if lesson.has_unpublished_changes else lesson
    value = dict(package_blocks(shown)).get(block_id)
    if value is None or value.get("package") is None:
        raise Http404
    return lesson, value, enrolled


def may_record(user, lesson):
    return is_enrolled(user, lesson) and lesson.live
