"""Fixtures for the cohorts' tests: courses with lessons, and progress rows without clicking through lessons.

Use with ``from cohorts.testing import *`` in a test module (with ``partners.testing``'s fixtures).
"""
import pytest
from django.utils import timezone

__all__ = ["make_course", "record_progress", "make_cohort"]


@pytest.fixture
def make_course(home_page):
    """``make_course("Keuangan", lessons=3)``: a live source-language course, one module, ``lessons`` live lessons."""
    from learning.models import CourseModulePage, CoursePage, LearningIndexPage, LessonPage

    def make(title, lessons=3, aspect="financial_resilience"):
        index = LearningIndexPage.objects.filter(locale=home_page.locale).first()
        if index is None:
            index = LearningIndexPage(title="Belajar", slug="belajar")
            home_page.add_child(instance=index)
            index.save_revision().publish()
        slug = title.lower().replace(" ", "-")
        course = CoursePage(title=title, slug=slug, aspect=aspect, summary=f"Kursus {title}")
        index.add_child(instance=course)
        course.save_revision().publish()
        module = CourseModulePage(title="Modul 1", slug=f"{slug}-modul-1")
        course.add_child(instance=module)
        module.save_revision().publish()
        course.lesson_pages = []
        for number in range(1, lessons + 1):
            lesson = LessonPage(title=f"Pelajaran {number}", slug=f"{slug}-pelajaran-{number}")
            module.add_child(instance=lesson)
            lesson.save_revision().publish()
            course.lesson_pages.append(lesson)
        return course

    return make


def record_progress(user, course, done, *, organisation=None, completed=False):
    """Give ``user`` an enrolment in ``course`` with its first ``done`` lessons completed (test set-up)."""
    from learning.models import Enrolment, LessonProgress

    enrolment, _created = Enrolment.objects.get_or_create(
        user=user, course=course, defaults={"organisation": organisation, "source": "site"})
    now = timezone.now()
    for lesson in course.lesson_pages[:done]:
        LessonProgress.objects.update_or_create(enrolment=enrolment, lesson=lesson, defaults={"completed_at": now})
    if completed:
        enrolment.completed_at = now
        enrolment.save(update_fields=["completed_at"])
    return enrolment


@pytest.fixture
def make_cohort(db):
    """``make_cohort(province_code, courses=[...], members=[...])``: a running cohort of that province's network."""
    import datetime

    from network.models import ProvincialNetwork

    from .membership import add_members, set_courses
    from .models import Cohort

    def make(province_code="33", title="Kohort Uji", courses=(), members=(), programme=None, notify=False):
        today = timezone.localdate()
        network = None if programme else ProvincialNetwork.objects.get(province__code=province_code)
        cohort = Cohort.objects.create(title=title, network=network, programme=programme,
                                       start_date=today - datetime.timedelta(days=3),
                                       end_date=today + datetime.timedelta(days=30))
        set_courses(cohort, list(courses), notify=notify)
        add_members(cohort, list(members), notify=notify)
        return cohort

    return make
