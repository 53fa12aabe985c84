"""The learner's own pages and actions: "Belajar saya", enrol, complete a lesson, take a quiz, save a position.

Every view finds the learner's records through ``learning.access`` (the signed-in user only).
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from . import access
from .learners import is_learner
from .models import CoursePage, Enrolment, LessonPage, source_page
from .pages import percent
from .progress import course_progress, enrol, in_language, missing_requirements, record_visit, resume_url
from .progress import try_complete_lesson

MAX_BLOCK_ID = 64


def live_page(model, pk):
    page = get_object_or_404(model, pk=pk)
    if not page.live:
        raise Http404
    return page


def refuse(request, message, status=403):
    return TemplateResponse(request, "learning/refused.html", {"message": message}, status=status)


@never_cache
@login_required
@require_GET
def my_learning(request):
    """My courses (progress, resume links), completed courses, my cohorts and certificates."""
    from certificates.issue import certificates_for
    from cohorts.scope import member_cohorts

    current, completed = [], []
    for enrolment in Enrolment.objects.filter(user=request.user).select_related("course", "organisation"):
        done, total = course_progress(enrolment)
        row = {"enrolment": enrolment, "course": in_language(enrolment.course), "done": done, "total": total,
               "percent": percent(done, total), "resume_url": resume_url(enrolment)}
        (completed if enrolment.completed_at else current).append(row)
    return TemplateResponse(request, "learning/my_learning.html", {
        "current": current, "completed": completed, "certificates": certificates_for(request.user),
        "is_learner": is_learner(request.user),
        "cohorts": member_cohorts(request.user).order_by("-start_date", "title"),
    })


@login_required
@require_POST
def enrol_view(request, course_id):
    course = live_page(CoursePage, course_id)
    if not access.may_enrol(request.user, course):
        return refuse(request, _("Courses are open to the team of a verified OMS and to the people an OMS "
                                 "invited to learn. Ask your OMS's editor to invite you."))
    existing = access.enrolment_for(request.user, course)
    enrolment = existing or enrol(request.user, course)
    if existing is None:
        messages.success(request, _("You are enrolled. Welcome to the course!"))
    return redirect(resume_url(enrolment))


def _lesson_and_enrolment(request, lesson_id):
    lesson = live_page(LessonPage, lesson_id)
    enrolment = access.enrolment_for_lesson(request.user, lesson)
    return lesson, enrolment


@login_required
@require_POST
def complete_lesson(request, lesson_id):
    """"Selesai & lanjut": complete the lesson (when its quizzes and packages are done), go to the next."""
    lesson, enrolment = _lesson_and_enrolment(request, lesson_id)
    if enrolment is None:
        return refuse(request, _("Enrol in the course first to record your progress."))
    progress = try_complete_lesson(request.user, lesson)
    if progress is None:
        missing = missing_requirements(enrolment, source_page(lesson))
        if missing.get("quizzes"):
            messages.error(request, _("Pass this lesson's quiz first, then mark the lesson as done."))
        else:
            messages.error(request, _("Finish this lesson's e-learning activity first, then mark the lesson as done."))
        return redirect(lesson.url)
    enrolment.refresh_from_db()
    if enrolment.completed_at is not None:
        messages.success(request, _("Congratulations: you have completed the course!"))
        return redirect("learning:my_learning")
    following = (LessonPage.objects.descendant_of(lesson.get_parent().get_parent()).live()
                 .filter(path__gt=lesson.path).order_by("path").first())
    return redirect(following.url if following else resume_url(enrolment))


@login_required
@require_POST
def submit_quiz(request, lesson_id, block_id):
    """Grade a quiz; a refused submission is shown again with its errors and the answers given."""
    from .quizzes import QuizError, answers_from, find_quiz, grade

    lesson, enrolment = _lesson_and_enrolment(request, lesson_id)
    if enrolment is None:
        return refuse(request, _("Enrol in the course first to take its quiz."))
    source = source_page(lesson)
    quiz = find_quiz(source, block_id[:MAX_BLOCK_ID])
    answers = answers_from(request.POST, quiz) if quiz is not None else {}
    try:
        result = grade(enrolment, source, block_id[:MAX_BLOCK_ID], answers)
    except QuizError as error:
        if "" in error.errors:
            messages.error(request, error.errors[""])
            return redirect(lesson.url)
        response = lesson.serve(request, quiz_state={"quiz_errors": error.errors, "quiz_answers": answers,
                                                      "quiz_id": block_id})
        response.status_code = 400
        return response
    attempt = result.attempt
    if attempt.passed:
        messages.success(request, _("You passed the quiz with %(score)s%%.") % {"score": attempt.score})
    else:
        messages.error(request, _("Your score is %(score)s%%; %(mark)s%% is needed to pass. Read the explanations "
                                  "and try again.") % {"score": attempt.score, "mark": quiz.pass_mark})
    return redirect(f"{lesson.url}#blok-{block_id}")


@login_required
@require_POST
def save_position(request, lesson_id):
    """The reading position (the block reached), sent by a small beacon; 204 when kept."""
    lesson, enrolment = _lesson_and_enrolment(request, lesson_id)
    if enrolment is None:
        return HttpResponseForbidden()
    block_id = request.POST.get("block", "")[:MAX_BLOCK_ID]
    known = {block.id for block in source_page(lesson).body}
    if block_id not in known:
        return HttpResponse(_("Unknown block."), status=400, content_type="text/plain; charset=utf-8")
    record_visit(enrolment, lesson, block_id)
    return HttpResponse(status=204)
