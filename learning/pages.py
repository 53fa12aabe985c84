"""What the portal's pages show: the page's own content for everyone, the learner's state for them.

Anonymous visitors get no form and no token (the page cache keeps their page); a signed-in learner's
state is read only through ``learning.access`` (their own enrolment).
"""
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.shortcuts import resolve_url

from . import access
from .aspects import Aspect
from .models import CourseModulePage, CoursePage, LessonPage, LessonProgress, source_page


def login_url(request):
    """The site's sign-in (LOGIN_URL) coming back to this page."""
    return f"{resolve_url(settings.LOGIN_URL)}?next={quote(request.path)}"


def percent(done, total):
    return round(100 * done / total) if total else 0


def index_context(page, request):
    courses = CoursePage.objects.child_of(page).live().public().select_related("cover_image").order_by("path")
    present = set(courses.values_list("aspect", flat=True))
    aspect = request.GET.get("aspek", "")
    if aspect in present:
        courses = courses.filter(aspect=aspect)
    else:
        aspect = ""
    sections = {}
    for label, model in (("events", "events.EventIndexPage"), ("library", "library.LibraryIndexPage")):
        try:
            model = apps.get_model(model)
        except LookupError:
            continue
        sections[label] = model.objects.child_of(page).live().public().first()
    return {
        "courses": courses,
        "aspects": [(value, label) for value, label in Aspect.choices if value in present],
        "aspect": aspect,
        "events_index": sections.get("events"),
        "library_index": sections.get("library"),
    }


def modules_of(course):
    """[(module, [lessons])] of a course page in its own language."""
    modules = list(CourseModulePage.objects.child_of(course).live().public().order_by("path"))
    lessons = list(LessonPage.objects.descendant_of(course).live().public().order_by("path"))
    return [(module, [lesson for lesson in lessons if lesson.path.startswith(module.path)]) for module in modules]


def learner_context(request, course):
    """The signed-in visitor's state in ``course``: enrolment, progress, done lessons, resume link."""
    from .progress import course_progress, resume_url

    user = request.user
    context = {"login_url": login_url(request), "enrolment": None, "done_keys": set()}
    if not user.is_authenticated:
        return context
    enrolment = access.enrolment_for(user, course)
    context["enrolment"] = enrolment
    context["may_enrol"] = access.may_enrol(user, course)
    if enrolment is not None:
        done, total = course_progress(enrolment)
        context.update(done=done, total=total, percent=percent(done, total), resume_url=resume_url(enrolment))
        # Pages of another language have other ids: lessons are matched by translation key.
        context["done_keys"] = set(LessonProgress.objects.filter(enrolment=enrolment, completed_at__isnull=False)
                                   .values_list("lesson__translation_key", flat=True))
    return context


def course_context(page, request):
    context = {"modules": modules_of(page)}
    context.update(learner_context(request, page))
    return context


def module_context(page, request):
    course = CoursePage.objects.ancestor_of(page).first()
    context = {"course": course, "lessons": LessonPage.objects.child_of(page).live().public().order_by("path")}
    context.update(learner_context(request, course))
    return context


def lesson_context(page, request, *, quiz_errors=None, quiz_answers=None, quiz_id=None):
    """The lesson page's context; ``quiz_*``: a refused submission shown again with its errors."""
    from .progress import missing_requirements, record_visit
    from .quizzes import latest_attempts

    module = page.get_parent().specific
    course = module.get_parent().specific
    sequence = list(LessonPage.objects.descendant_of(course).live().public().order_by("path"))
    position = next((i for i, lesson in enumerate(sequence) if lesson.pk == page.pk), None)
    context = {
        "course": course, "module": module,
        "previous_lesson": sequence[position - 1] if position else None,
        "next_lesson": sequence[position + 1] if position is not None and position + 1 < len(sequence) else None,
        "lesson_number": (position or 0) + 1, "lesson_count": len(sequence),
        "quiz_errors": quiz_errors or {}, "quiz_answers": quiz_answers or {}, "quiz_id": quiz_id,
    }
    context.update(learner_context(request, course))
    enrolment = context["enrolment"]
    if enrolment is not None:
        source = source_page(page)
        progress = record_visit(enrolment, source)
        context["lesson_done"] = progress.completed_at is not None
        context["attempts"] = latest_attempts(enrolment, source)
        context["missing"] = {} if context["lesson_done"] else missing_requirements(enrolment, source)
        context["position"] = (progress.position or {}).get("block")
    return context
