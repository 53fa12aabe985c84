"""Fixtures for the tests of courses and learners (``from learning.testing import *`` in a test module).

``course``: a published course "Kas sehat lembaga" under the portal index (with its English
translation), two modules, three lessons; the second lesson ends with a two-question quiz
(pass mark 60%; question 2 has two right answers).
"""
import pytest

__all__ = ["learning_index", "course", "QUIZ", "quiz_answers", "make_learner"]

#: (question, [(answer, correct)], explanation)
QUIZ = ("Cek pemahaman", 60, [
    ("Apa itu arus kas?", [("Waktu uang masuk dan keluar", True), ("Rencana setahun", False)], "Arus kas nyata."),
    ("Pilih sumber dana dalam negeri", [("Iuran anggota", True), ("Donasi warga", True), ("Hibah asing", False)],
     "Iuran dan donasi warga berasal dari dalam negeri."),
])


@pytest.fixture
def learning_index(home_page):
    from wagtail.models import Locale

    from learning.models import LearningIndexPage

    index = LearningIndexPage.objects.filter(locale=home_page.locale).first()
    if index is None:
        index = LearningIndexPage(title="Belajar", slug="belajar")
        home_page.add_child(instance=index)
        index.save_revision().publish()
        english = index.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
        english.title = "Learn"
        english.save_revision().publish()
    return index


@pytest.fixture
def course(learning_index):
    from wagtail.models import Locale

    from learning.demo import lesson_body
    from learning.models import CourseModulePage, CoursePage, LessonPage

    def add(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    course = add(learning_index, CoursePage(title="Kas sehat lembaga", slug="ketahanan-keuangan",
                                            aspect="financial_resilience", summary="Arus kas dan cadangan."))
    first = add(course, CourseModulePage(title="Arus kas", slug="arus-kas"))
    second = add(course, CourseModulePage(title="Sumber dana", slug="sumber-dana"))
    lessons = [
        add(first, LessonPage(title="Membaca arus kas", slug="membaca-arus-kas",
                              body=lesson_body("t/1", ["Paragraf satu.", "Paragraf dua.", "Paragraf tiga."], None))),
        add(first, LessonPage(title="Dana cadangan", slug="dana-cadangan",
                              body=lesson_body("t/2", ["Cadangan tiga bulan."], QUIZ))),
        add(second, LessonPage(title="Peta sumber dana", slug="peta-sumber-dana",
                               body=lesson_body("t/3", ["Peta sumber dana."], None))),
    ]
    english = Locale.objects.get(language_code="en")
    for page in [course, first, second, *lessons]:
        copy = page.copy_for_translation(english, copy_parents=True)
        copy.title = f"EN {page.title}"
        copy.save_revision().publish()
    course.lessons = lessons
    return course


def quiz_answers(lesson, right=True):
    """POST data for the quiz of ``lesson``: every answer right, or question 2 wrong."""
    from learning.quizzes import find_quiz, quiz_blocks

    block_id = quiz_blocks(lesson.body)[0][0]
    quiz = find_quiz(lesson, block_id)
    data = {}
    for number, (question_id, _question, choices) in enumerate(quiz.questions):
        correct = [choice_id for choice_id, choice in choices if choice["correct"]]
        if not right and number == 1:
            correct = correct[:1]
        data[f"q-{question_id}"] = correct
    return block_id, data


@pytest.fixture
def make_learner(make_verified_oms):
    """``make_learner(slug)``: the editor of a new verified OMS (a learner)."""
    def make(slug="oms-belajar", regency_code="33.74"):
        return make_verified_oms(slug, regency_code).editor

    return make
