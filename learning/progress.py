"""Enrolment, lesson completion, course completion and resuming: the counts of learning.

Invariants:
- Everything is recorded against **source-language** pages (``source_page``): a learner switching
  language keeps their progress.
- One enrolment per learner and course, one progress row per enrolment and lesson (unique
  constraints); completing takes the enrolment's row lock (``select_for_update``), so two completes
  of the same lesson at once count once, and the course completes exactly once.
- A lesson completes only when every quiz of it is passed and every package of it is completed
  (``elearning.progress.incomplete_packages``); completing the last live lesson completes the course.
- ``lesson_completed`` / ``course_completed`` are sent after the commit that made them true, once.
- The certificate (``certificates.issue.issue_course_certificate``) is issued in the same transaction
  that completes the course, when the course issues one; the OMS's profile pages (which count its
  completed courses) are purged from the page cache after that commit.
"""
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import Locale

from .models import CoursePage, Enrolment, LessonPage, LessonProgress, source_page
from .signals import course_completed, lesson_completed


def course_of(lesson):
    """The (source) course a lesson belongs to."""
    return CoursePage.objects.ancestor_of(source_page(lesson)).first()


def course_lessons(course):
    """The live lessons of a (source) course, in the order of the tree (modules, then lessons)."""
    return LessonPage.objects.descendant_of(source_page(course)).live().order_by("path")


def enrol(user, course, *, organisation=None, source=Enrolment.Source.SITE):
    """The learner's enrolment in ``course`` (created once; who may enrol is ``learning.access``)."""
    from .learners import learner_organisations

    course = source_page(course.specific if type(course) is not CoursePage else course)
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    if organisation is None:
        organisation = learner_organisations(user).order_by("pk").first()
    try:
        with transaction.atomic():
            return Enrolment.objects.create(user=user, course=course, organisation=organisation, source=source)
    except IntegrityError:  # a double submit created it meanwhile
        return Enrolment.objects.get(user=user, course=course)


def course_progress(enrolment):
    """(lessons done, lessons total) of the course's live lessons."""
    lessons = course_lessons(enrolment.course)
    total = lessons.count()
    done = LessonProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False,
                                         lesson__in=lessons.values("pk")).count()
    return done, total


def missing_requirements(enrolment, lesson):
    """What keeps ``lesson`` (source) from completing: {"quizzes": [block ids], "packages": [block ids]}."""
    from elearning.progress import incomplete_packages

    from .quizzes import unpassed_quizzes

    missing = {}
    quizzes = unpassed_quizzes(enrolment, lesson)
    if quizzes:
        missing["quizzes"] = quizzes
    packages = list(incomplete_packages(enrolment.user, lesson))
    if packages:
        missing["packages"] = packages
    return missing


def try_complete_lesson(user, lesson):
    """Complete ``lesson`` for the user's enrolment when every requirement is met; None otherwise."""
    lesson = source_page(lesson.specific if type(lesson) is not LessonPage else lesson)
    course = course_of(lesson)
    if course is None:
        return None
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
        if enrolment is None or missing_requirements(enrolment, lesson):
            return None
        progress, _created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
        if progress.completed_at is not None:
            return progress
        progress.completed_at = timezone.now()
        progress.save(update_fields=["completed_at", "updated_at"])
        transaction.on_commit(lambda: lesson_completed.send(sender=LessonProgress, progress=progress))
        done, total = course_progress(enrolment)
        if enrolment.completed_at is None and total and done >= total:
            enrolment.completed_at = progress.completed_at
            enrolment.save(update_fields=["completed_at"])
            if course.issues_certificate:
                from certificates.issue import issue_course_certificate

                issue_course_certificate(enrolment)
            transaction.on_commit(lambda: course_completed.send(sender=Enrolment, enrolment=enrolment))
            purge_organisation_profile(enrolment.organisation)
    return progress


def purge_organisation_profile(organisation):
    """The OMS profile lists the courses its team completed: drop its cached pages (every language)."""
    from urllib.parse import urlsplit

    from pagecache.purge import purge_paths

    if organisation is not None:
        purge_paths([urlsplit(page.url or "").path for page in organisation.get_translations(inclusive=True)])


def record_visit(enrolment, lesson, block_id=None):
    """Remember the lesson opened (and the block reached) to resume there; the progress row is made once."""
    lesson = source_page(lesson)
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                progress, _created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
        except IntegrityError:  # opened in two tabs at once
            progress = LessonProgress.objects.get(enrolment=enrolment, lesson=lesson)
        if block_id is not None:
            LessonProgress.objects.filter(pk=progress.pk).update(position={"block": block_id}, updated_at=now)
            progress.position = {"block": block_id}
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson, last_visited_at=now)
    enrolment.last_lesson, enrolment.last_visited_at = lesson, now
    return progress


def in_language(page, locale=None):
    """``page`` in the active language when translated (progress keeps source pages; links follow the reader)."""
    try:
        locale = locale or Locale.get_active()
    except Locale.DoesNotExist:
        return page
    if page.locale_id == locale.pk:
        return page
    return page.get_translation_or_none(locale) or page


def resume_lesson(enrolment):
    """(lesson, block id or None) to resume at: the last lesson opened while it is not done, else the
    first lesson not done; (None, None) when every lesson is done."""
    lessons = list(course_lessons(enrolment.course))
    done = set(LessonProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False)
               .values_list("lesson_id", flat=True))
    last = enrolment.last_lesson_id
    if last and last not in done and any(lesson.pk == last for lesson in lessons):
        progress = LessonProgress.objects.filter(enrolment=enrolment, lesson_id=last).first()
        block = (progress.position or {}).get("block") if progress else None
        return next(lesson for lesson in lessons if lesson.pk == last), block
    for lesson in lessons:
        if lesson.pk not in done:
            return lesson, None
    return None, None


def resume_url(enrolment):
    """Where "Lanjutkan" (resume) goes: the lesson (and block) to resume, else the course page."""
    lesson, block = resume_lesson(enrolment)
    if lesson is None:
        return in_language(enrolment.course).url
    url = in_language(lesson).url
    return f"{url}#blok-{block}" if block else url
