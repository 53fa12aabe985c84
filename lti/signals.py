"""Passback wiring: a completed lesson or course makes the learner's scores due and wakes the worker."""
import logging

from learning.signals import course_completed, lesson_completed

logger = logging.getLogger("lokadaya.lti")


def _changed(enrolment):
    from . import passback
    from .tasks import send_scores

    if enrolment is None or not passback.mark_changed(enrolment):
        return
    try:
        send_scores.enqueue()
    except Exception:  # noqa: BLE001 - the scheduler sends it within a minute anyway
        logger.exception("Could not queue the LTI score passback")


def lesson_done(sender, progress=None, **kwargs):
    _changed(getattr(progress, "enrolment", None))


def course_done(sender, enrolment=None, **kwargs):
    _changed(enrolment)


def connect():
    lesson_completed.connect(lesson_done, dispatch_uid="lti_passback_lesson")
    course_completed.connect(course_done, dispatch_uid="lti_passback_course")
