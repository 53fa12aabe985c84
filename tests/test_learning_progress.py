"""Enrolment, lesson completion, course completion and resuming (learning/progress.py, learning/views.py)."""
import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from learning.models import Enrolment, LessonProgress, QuizAttempt
from learning.signals import course_completed, lesson_completed
from learning import testing as learning_testing
from learning.testing import quiz_answers
from partners import testing as partners_testing
from partners.testing import PASSWORD

# The fixtures, for this module.
learning_index, course = learning_testing.learning_index, learning_testing.course
make_learner = learning_testing.make_learner
make_verified_oms = partners_testing.make_verified_oms

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    client.force_login(user)
    return client


# -- enrolment rules ------------------------------------------------------------------------------

def test_a_learner_enrols_once_and_lands_on_the_first_lesson(client, course, make_learner):
    learner = make_learner()
    sign_in(client, learner)
    response = client.post(f"/id/belajar-saya/ikuti/{course.pk}/")
    assert response.status_code == 302 and response["Location"] == course.lessons[0].url
    again = client.post(f"/id/belajar-saya/ikuti/{course.pk}/")  # a double submit
    assert again.status_code == 302
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.course_id == course.pk and enrolment.source == "site"
    assert enrolment.organisation is not None and enrolment.organisation.is_verified
    assert Enrolment.objects.count() == 1


def test_enrolling_from_the_english_page_records_the_source_course(client, course, make_learner):
    learner = make_learner()
    from wagtail.models import Locale

    english = course.get_translation(Locale.objects.get(language_code="en"))
    sign_in(client, learner).post(f"/en/belajar-saya/ikuti/{english.pk}/")
    assert Enrolment.objects.get(user=learner).course_id == course.pk


def test_a_signed_in_non_learner_is_refused_and_nothing_is_recorded(client, course):
    user = get_user_model().objects.create_user("warga-biasa", password=PASSWORD)
    response = sign_in(client, user).post(f"/id/belajar-saya/ikuti/{course.pk}/")
    assert response.status_code == 403
    assert "OMS" in response.content.decode()
    assert not Enrolment.objects.exists()
    page = client.get(course.url)
    assert f"/belajar-saya/ikuti/{course.pk}/" not in page.content.decode()


def test_an_enrolment_made_by_a_cohort_lets_a_non_learner_learn(client, course):
    from learning.progress import enrol

    user = get_user_model().objects.create_user("peserta-kohort", password=PASSWORD)
    enrol(user, course, source=Enrolment.Source.COHORT)
    sign_in(client, user)
    response = client.post(f"/id/belajar-saya/selesai/{course.lessons[0].pk}/")
    assert response.status_code == 302
    assert LessonProgress.objects.filter(enrolment__user=user, completed_at__isnull=False).count() == 1


def test_anonymous_visitors_read_but_are_sent_to_sign_in(client, course):
    response = client.get(course.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in html  # the page cache may keep it
    assert "/admin/login/?next=/id/belajar/ketahanan-keuangan/" in html
    lesson = client.get(course.lessons[1].url).content.decode()
    assert "Cadangan tiga bulan" in lesson and "csrfmiddlewaretoken" not in lesson
    # The quiz shows its questions, never which answers are right.
    assert "Apa itu arus kas?" in lesson and "correct" not in lesson
    post = client.post(f"/id/belajar-saya/ikuti/{course.pk}/")
    assert post.status_code == 302 and post["Location"].startswith("/admin/login/")
    assert not Enrolment.objects.exists()


# -- progress, requirements, resume ---------------------------------------------------------------

def test_completing_lessons_counts_progress_and_goes_to_the_next(client, course, make_learner):
    from learning.progress import course_progress

    learner = make_learner()
    sign_in(client, learner).post(f"/id/belajar-saya/ikuti/{course.pk}/")
    response = client.post(f"/id/belajar-saya/selesai/{course.lessons[0].pk}/")
    assert response["Location"] == course.lessons[1].url
    enrolment = Enrolment.objects.get(user=learner)
    assert course_progress(enrolment) == (1, 3)
    client.post(f"/id/belajar-saya/selesai/{course.lessons[0].pk}/")  # again: counted once
    assert course_progress(enrolment) == (1, 3)


def test_a_lesson_with_a_quiz_completes_only_after_the_quiz_is_passed(client, course, make_learner):
    learner = make_learner()
    sign_in(client, learner).post(f"/id/belajar-saya/ikuti/{course.pk}/")
    lesson = course.lessons[1]
    response = client.post(f"/id/belajar-saya/selesai/{lesson.pk}/", follow=True)
    assert "notice-error" in response.content.decode()
    assert not LessonProgress.objects.filter(lesson=lesson, completed_at__isnull=False).exists()
    block_id, data = quiz_answers(lesson, right=False)
    client.post(f"/id/belajar-saya/kuis/{lesson.pk}/{block_id}/", data)
    client.post(f"/id/belajar-saya/selesai/{lesson.pk}/")
    assert not LessonProgress.objects.filter(lesson=lesson, completed_at__isnull=False).exists()
    block_id, data = quiz_answers(lesson, right=True)
    client.post(f"/id/belajar-saya/kuis/{lesson.pk}/{block_id}/", data)
    response = client.post(f"/id/belajar-saya/selesai/{lesson.pk}/")
    assert response["Location"] == course.lessons[2].url
    assert LessonProgress.objects.filter(lesson=lesson, completed_at__isnull=False).count() == 1


def test_resume_goes_to_the_last_lesson_and_block_reached(client, course, make_learner):
    from learning.progress import resume_url

    learner = make_learner()
    sign_in(client, learner).post(f"/id/belajar-saya/ikuti/{course.pk}/")
    enrolment = Enrolment.objects.get(user=learner)
    assert resume_url(enrolment) == course.lessons[0].url
    client.post(f"/id/belajar-saya/selesai/{course.lessons[0].pk}/")
    assert resume_url(enrolment) == course.lessons[1].url
    # Opening the third lesson and reaching its first block: resume there.
    lesson = course.lessons[2]
    client.get(lesson.url)
    block = lesson.body[0].id
    assert client.post(f"/id/belajar-saya/posisi/{lesson.pk}/", {"block": block}).status_code == 204
    enrolment.refresh_from_db()
    assert resume_url(enrolment) == f"{lesson.url}#blok-{block}"
    # An unknown block is refused and changes nothing.
    assert client.post(f"/id/belajar-saya/posisi/{lesson.pk}/", {"block": "x" * 80}).status_code == 400
    assert LessonProgress.objects.get(enrolment=enrolment, lesson=lesson).position == {"block": block}
    # "Belajar saya" links there too.
    page = client.get("/id/belajar-saya/").content.decode()
    assert f"{lesson.url}#blok-{block}" in page and "Kas sehat lembaga" in page


def test_completing_the_last_lesson_completes_the_course_once_after_commit(
        client, course, make_learner, django_capture_on_commit_callbacks, monkeypatch):
    from certificates import issue

    issued = []
    monkeypatch.setattr(issue, "issue_course_certificate", lambda enrolment: issued.append(enrolment.pk))
    lessons_done, courses_done = [], []

    def on_lesson(sender, progress, **kwargs):
        lessons_done.append(progress.lesson_id)

    def on_course(sender, enrolment, **kwargs):
        courses_done.append(enrolment.pk)

    lesson_completed.connect(on_lesson)
    course_completed.connect(on_course)
    try:
        learner = make_learner()
        sign_in(client, learner).post(f"/id/belajar-saya/ikuti/{course.pk}/")
        block_id, data = quiz_answers(course.lessons[1])
        client.post(f"/id/belajar-saya/kuis/{course.lessons[1].pk}/{block_id}/", data)
        for lesson in course.lessons[:2]:
            with django_capture_on_commit_callbacks(execute=True):
                client.post(f"/id/belajar-saya/selesai/{lesson.pk}/")
        assert courses_done == [] and issued == []
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(f"/id/belajar-saya/selesai/{course.lessons[2].pk}/")
        assert response["Location"] == "/id/belajar-saya/"
        enrolment = Enrolment.objects.get(user=learner)
        assert enrolment.completed_at is not None
        assert courses_done == []  # not before the commit
        for callback in callbacks:
            callback()
        assert courses_done == [enrolment.pk] and issued == [enrolment.pk]
        assert lessons_done == [lesson.pk for lesson in course.lessons]
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/id/belajar-saya/selesai/{course.lessons[2].pk}/")
        assert courses_done == [enrolment.pk]  # once
        page = client.get("/id/belajar-saya/").content.decode()
        completed = page[page.index('id="completed-title"'):]
        assert "Kas sehat lembaga" in completed
    finally:
        lesson_completed.disconnect(on_lesson)
        course_completed.disconnect(on_course)


# -- concurrency (PostgreSQL row locks) -----------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_two_completes_of_the_same_lesson_at_once_count_once(course, make_learner):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks")
    from learning.progress import enrol, try_complete_lesson

    learner = make_learner()
    enrol(learner, course)
    sent = []

    def on_lesson(sender, progress, **kwargs):
        sent.append(progress.pk)

    lesson_completed.connect(on_lesson)
    barrier = threading.Barrier(2)
    errors = []

    def complete():
        try:
            barrier.wait()
            try_complete_lesson(learner, course.lessons[0])
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=complete) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        lesson_completed.disconnect(on_lesson)
    assert errors == []
    assert LessonProgress.objects.filter(lesson=course.lessons[0], completed_at__isnull=False).count() == 1
    assert len(sent) == 1
    assert QuizAttempt.objects.count() == 0
