"""Who may do what in a course: the one rule every learning view asks.

Invariants:
- Reading courses, modules and lessons is public (they are published pages).
- A learner's enrolment, progress and quiz attempts are found **only** through the signed-in user
  (``enrolment_for(request.user, ...)``); no view takes an enrolment, progress or attempt id from
  the request, so nobody can see or change another learner's records.
- Enrolling on the site needs ``learners.is_learner`` (the team of a verified OMS, or someone it
  invited); an enrolment made otherwise (a cohort, a Moodle over LTI) lets its holder learn all the same.
- Completing a lesson, taking a quiz and saving a position need an enrolment in that lesson's course.
"""
from .learners import is_learner
from .models import Enrolment, source_page


def enrolment_for(user, course):
    """``user``'s own enrolment in ``course`` (any language), or None."""
    if not (user and user.is_authenticated and user.is_active):
        return None
    return Enrolment.objects.filter(user=user, course=source_page(course)).select_related("course").first()


def may_enrol(user, course):
    """May ``user`` enrol in ``course`` on the site (or do they already hold an enrolment)?"""
    if not (user and user.is_authenticated and user.is_active):
        return False
    return enrolment_for(user, course) is not None or is_learner(user)


def enrolment_for_lesson(user, lesson):
    """``user``'s own enrolment in the course of ``lesson``, or None (they may not learn it yet)."""
    from .progress import course_of

    course = course_of(lesson)
    return enrolment_for(user, course) if course is not None else None
