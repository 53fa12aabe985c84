"""The demo training portal: a course per capacity aspect and the six-step course, each with a quiz; idempotent."""
import pytest
from wagtail.models import Locale

from learning.aspects import CAPACITY_ASPECTS
from learning.blocks import quiz_blocks
from learning.models import CourseModulePage, CoursePage, LearningIndexPage, LessonPage

pytestmark = pytest.mark.django_db


def test_the_demo_portal_is_complete_and_safe_to_seed_twice(client, home_page):
    from learning import demo

    lines = demo.seed(home_page, {})
    indonesian = Locale.objects.get(language_code="id")
    courses = CoursePage.objects.filter(locale=indonesian)
    assert {course.aspect for course in courses} >= set(CAPACITY_ASPECTS) | {"initiative_design"}
    assert courses.filter(title="Enam langkah merumuskan inisiatif layanan lokal").exists()
    for course in courses:
        modules = CourseModulePage.objects.child_of(course)
        assert modules.count() == 2
        lessons = LessonPage.objects.descendant_of(course)
        assert all(1 <= LessonPage.objects.child_of(module).count() <= 2 for module in modules)
        assert any(quiz_blocks(lesson.body) for lesson in lessons), course.title
    counts = (LearningIndexPage.objects.count(), CoursePage.objects.count(), LessonPage.objects.count())
    assert counts[0] == 2  # Indonesian and English
    again = demo.seed(home_page, {})
    assert (LearningIndexPage.objects.count(), CoursePage.objects.count(), LessonPage.objects.count()) == counts
    assert not any(line.startswith("Course:") for line in again) and any(line.startswith("Course:") for line in lines)
    # The portal and a lesson with its quiz render in both languages.
    assert "Enam langkah" in client.get("/id/belajar/").content.decode()
    english = client.get("/en/belajar/").content.decode()
    assert "Six steps to formulate a local service initiative" in english
    lesson = LessonPage.objects.filter(locale=indonesian, slug="solusi-sumber-daya-ukuran").get()
    assert "Langkah 6" in client.get(lesson.url).content.decode()
