"""Quizzes graded on the server, who sees and changes whose records, who edits courses, the OMS profile."""
import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale

from learning.models import Enrolment, LessonProgress, QuizAttempt
from learning import testing as learning_testing
from learning.testing import quiz_answers
from partners import testing as partners_testing
from partners.testing import PASSWORD

# The fixtures, for this module.
learning_index, course = learning_testing.learning_index, learning_testing.course
make_learner = learning_testing.make_learner
make_verified_oms, make_moderator = partners_testing.make_verified_oms, partners_testing.make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(client, course, make_learner):
    learner = make_learner()
    client.force_login(learner)
    client.post(f"/id/belajar-saya/ikuti/{course.pk}/")
    return Enrolment.objects.get(user=learner)


# -- quizzes --------------------------------------------------------------------------------------

def test_a_quiz_is_graded_on_the_server_and_every_attempt_is_kept(client, course, enrolled):
    lesson = course.lessons[1]
    block_id, wrong = quiz_answers(lesson, right=False)
    response = client.post(f"/id/belajar-saya/kuis/{lesson.pk}/{block_id}/", wrong)
    assert response.status_code == 302 and response["Location"].endswith(f"#blok-{block_id}")
    first = QuizAttempt.objects.get()
    assert (first.score, first.passed) == (50, False)
    page = client.get(lesson.url).content.decode()
    assert "Arus kas nyata." in page  # explanations once answered
    _block_id, right = quiz_answers(lesson, right=True)
    client.post(f"/id/belajar-saya/kuis/{lesson.pk}/{block_id}/", right)
    assert list(QuizAttempt.objects.order_by("pk").values_list("score", "passed")) == [(50, False), (100, True)]
    assert QuizAttempt.objects.filter(enrolment=enrolled, lesson=lesson, block_id=block_id).count() == 2


def test_an_unanswered_question_is_a_clear_error_and_keeps_the_answers(client, course, enrolled):
    lesson = course.lessons[1]
    block_id, right = quiz_answers(lesson)
    first_field, first_answer = next(iter(right.items()))
    response = client.post(f"/id/belajar-saya/kuis/{lesson.pk}/{block_id}/", {first_field: first_answer})
    assert response.status_code == 400
    html = response.content.decode()
    assert "data-error-summary" in html and "field-invalid" in html
    assert f'value="{first_answer[0]}" id=' in html and "checked" in html  # nothing lost
    assert not QuizAttempt.objects.exists()


def test_an_answer_that_is_not_a_choice_is_refused(client, course, enrolled):
    lesson = course.lessons[1]
    block_id, right = quiz_answers(lesson)
    forged = {field: ["bukan-pilihan"] for field in right}
    response = client.post(f"/id/belajar-saya/kuis/{lesson.pk}/{block_id}/", forged)
    assert response.status_code == 400 and "field-invalid" in response.content.decode()
    missing = client.post(f"/id/belajar-saya/kuis/{lesson.pk}/tidak-ada/", right, follow=True)
    assert "notice-error" in missing.content.decode()
    assert not QuizAttempt.objects.exists()


def test_answers_are_checked_against_the_current_quiz(client, course, enrolled):
    """An editor changes which answer is right: the next submission is graded by the new definition."""
    lesson = course.lessons[1]
    block_id, right = quiz_answers(lesson)
    raw = lesson.body.raw_data
    quiz = next(block for block in raw if block["type"] == "quiz")
    for choice in quiz["value"]["questions"][0]["value"]["choices"]:
        choice["value"]["correct"] = not choice["value"]["correct"]
    lesson.body = raw
    lesson.save_revision().publish()
    client.post(f"/id/belajar-saya/kuis/{lesson.pk}/{block_id}/", right)
    assert QuizAttempt.objects.get().score == 50


# -- whose records --------------------------------------------------------------------------------

def test_nobody_sees_or_changes_another_learners_records(client, course, enrolled, make_learner):
    lesson = course.lessons[0]
    client.post(f"/id/belajar-saya/selesai/{lesson.pk}/")
    other = make_learner("oms-lain", "73.71")
    client.force_login(other)
    my_page = client.get("/id/belajar-saya/").content.decode()
    assert "Kas sehat lembaga" not in my_page
    lesson_page = client.get(lesson.url).content.decode()
    assert "badge-done" not in lesson_page and "<progress" not in lesson_page
    assert client.post(f"/id/belajar-saya/selesai/{course.lessons[2].pk}/").status_code == 403
    block_id, right = quiz_answers(course.lessons[1])
    assert client.post(f"/id/belajar-saya/kuis/{course.lessons[1].pk}/{block_id}/", right).status_code == 403
    assert client.post(f"/id/belajar-saya/posisi/{lesson.pk}/", {"block": lesson.body[0].id}).status_code == 403
    assert LessonProgress.objects.filter(completed_at__isnull=False).count() == 1
    assert not QuizAttempt.objects.exists()
    assert not Enrolment.objects.filter(user=other).exists()


def test_my_learning_needs_a_sign_in(client):
    response = client.get("/id/belajar-saya/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=")


# -- editing courses ------------------------------------------------------------------------------

def test_the_training_team_edits_courses_and_moderators_and_oms_editors_may_not(
        client, course, make_moderator, make_verified_oms, organisation):
    from learning.roles import TRAINING_GROUP, TRAINING_WORKFLOW
    from learning.roles import training_group

    trainer = get_user_model().objects.create_user("pelatih", password=PASSWORD)
    trainer.groups.add(training_group())
    client.force_login(trainer)
    assert client.get(f"/admin/pages/{course.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{course.lessons[0].pk}/edit/").status_code == 200
    english = course.get_translation(Locale.objects.get(language_code="en"))
    assert client.get(f"/admin/pages/{english.pk}/edit/").status_code == 200
    # Nothing outside the portal.
    response = client.get(f"/admin/pages/{organisation.pk}/edit/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    # Courses go through the training team's review.
    assert course.get_workflow().name == TRAINING_WORKFLOW
    assert training_group().name == TRAINING_GROUP

    moderator = make_moderator("33")
    oms = make_verified_oms("oms-pelatihan", "33.74")
    for user in (moderator, oms.editor):
        client.force_login(user)
        for page in (course, course.lessons[0]):
            response = client.get(f"/admin/pages/{page.pk}/edit/")
            assert response.status_code == 302 and response["Location"] == "/admin/", user
        response = client.post(f"/admin/pages/{course.pk}/edit/", {"title": "Diubah"})
        assert response.status_code == 302 and response["Location"] == "/admin/"
    course.refresh_from_db()
    assert course.title == "Kas sehat lembaga"


# -- the OMS profile ------------------------------------------------------------------------------

def test_the_oms_profile_shows_the_courses_its_team_completed_without_names(client, course, make_verified_oms):
    from learning.progress import enrol, try_complete_lesson
    from learning.quizzes import grade

    oms = make_verified_oms("oms-lulus", "33.74", editor_username="rahma-lulus")
    learner = oms.editor
    learner.first_name, learner.last_name = "Wa Ode", "Rahma"
    learner.save()
    html = client.get(oms.url).content.decode()
    assert 'id="courses-done-title"' not in html
    enrolment = enrol(learner, course)
    lesson = course.lessons[1]
    block_id, right = quiz_answers(lesson)
    grade(enrolment, lesson, block_id, {key[2:]: value for key, value in right.items()})
    for lesson in course.lessons:
        try_complete_lesson(learner, lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None and enrolment.organisation_id == oms.pk
    html = client.get(oms.url).content.decode()
    section = html[html.index('id="courses-done-title"'):]
    assert "Kas sehat lembaga" in section and "(1 " in section
    assert "Rahma" not in section and "rahma-lulus" not in section
    english_oms = oms.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english_oms.save_revision().publish()
    english = client.get(english_oms.url).content.decode()
    assert "EN Kas sehat lembaga" in english


def test_the_portal_lists_courses_by_aspect(client, course, learning_index):
    from learning.models import CoursePage

    other = CoursePage(title="Komunikasi warga", slug="komunikasi-warga", aspect="communication")
    learning_index.add_child(instance=other)
    other.save_revision().publish()
    html = client.get(learning_index.url).content.decode()
    assert "Kas sehat lembaga" in html and "Komunikasi warga" in html
    filtered = client.get(learning_index.url, {"aspek": "communication"}).content.decode()
    assert "Komunikasi warga" in filtered and "Kas sehat lembaga" not in filtered
    unknown = client.get(learning_index.url, {"aspek": "<script>"}).content.decode()
    assert "Komunikasi warga" in unknown and "Kas sehat lembaga" in unknown


# -- videos load on click -------------------------------------------------------------------------

def test_a_video_is_a_facade_until_played_and_only_youtube_or_vimeo():
    from django.core.exceptions import ValidationError

    from learning.blocks import VideoBlock, player_url

    assert player_url("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10") == \
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert player_url("https://youtu.be/dQw4w9WgXcQ") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert player_url("https://vimeo.com/76979871") == "https://player.vimeo.com/video/76979871?autoplay=1"
    for other in ("https://example.com/video.mp4", "https://www.youtube.com/watch?v=<script>", "javascript:alert(1)"):
        assert player_url(other) is None
    block = VideoBlock()
    value = block.to_python({"url": "https://youtu.be/dQw4w9WgXcQ", "title": "Arus kas dalam 5 menit"})
    html = block.render(value)
    assert "<iframe" not in html  # nothing of the host loads before a click
    assert 'data-video-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in html
    assert "data-video-play" in html and "Arus kas dalam 5 menit" in html
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"url": "https://example.com/v.mp4", "title": "Bukan YouTube"}))
