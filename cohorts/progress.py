"""A cohort's progress per member OMS and per learner, read from ``learning``'s enrolments and progress.

Invariants:
- Read only: nothing here changes a count. Callers pass what ``cohorts.scope`` let the user see
  (every member for managers, the user's own OMS for a member); learner names appear only in
  ``learner_rows``, which only the managers' drill-down calls.
- No query per learner or OMS: the queries grow with the number of courses only.
- Lessons counted are the live lessons of the courses' source pages; a learner's "done" counts only
  those, so a lesson unpublished later does not push anyone above 100%.
"""
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from .membership import learner_ids_by_organisation


@dataclass
class Figures:
    learners: int = 0
    enrolled: int = 0
    lessons_done: int = 0
    lessons_total: int = 0
    completed: int = 0
    last_activity: object = None
    user_ids: set = field(default_factory=set)

    @property
    def percent(self):
        return round(100 * self.lessons_done / self.lessons_total) if self.lessons_total else 0

    def add(self, row, total):
        self.lessons_done += row["done"]
        self.lessons_total += total
        self.completed += 1 if row["completed_at"] else 0
        for moment in (row["last"], row["last_visited_at"]):
            if moment and (self.last_activity is None or moment > self.last_activity):
                self.last_activity = moment


def live_lessons(courses):
    """``{course id: [live lesson ids]}`` for the given source course pages (one query per course)."""
    from learning.models import LessonPage

    return {course.pk: list(LessonPage.objects.live().descendant_of(course).values_list("pk", flat=True))
            for course in courses}


def _enrolment_rows(cohort, user_ids, lessons):
    from learning.models import Enrolment

    all_lessons = [pk for ids in lessons.values() for pk in ids]
    return (Enrolment.objects.filter(course__in=list(lessons), user__in=user_ids)
            .values("user_id", "course_id", "completed_at", "last_visited_at")
            .annotate(done=Count("lessons", filter=Q(lessons__completed_at__isnull=False,
                                                      lessons__lesson_id__in=all_lessons)),
                      last=Max("lessons__updated_at")))


def organisation_rows(cohort, organisations):
    """``[(organisation, Figures)]`` for ``organisations`` (members of ``cohort``) and the totals."""
    courses = list(cohort.courses.all())
    lessons = live_lessons(courses)
    learners = learner_ids_by_organisation(organisations)
    everyone = set().union(*learners.values()) if learners else set()
    rows = list(_enrolment_rows(cohort, everyone, lessons)) if courses and everyone else []
    by_user = {}
    for row in rows:
        by_user.setdefault(row["user_id"], []).append(row)
    result, total = [], Figures()
    for organisation in organisations:
        figures = Figures(learners=len(learners[organisation.pk]), user_ids=learners[organisation.pk])
        for user_id in learners[organisation.pk]:
            mine = by_user.get(user_id, [])
            if mine:
                figures.enrolled += 1
            for row in mine:
                figures.add(row, len(lessons[row["course_id"]]))
        result.append((organisation, figures))
        total.learners += figures.learners
        total.enrolled += figures.enrolled
        total.lessons_done += figures.lessons_done
        total.lessons_total += figures.lessons_total
        total.completed += figures.completed
        if figures.last_activity and (total.last_activity is None or figures.last_activity > total.last_activity):
            total.last_activity = figures.last_activity
    return result, total


@dataclass
class LearnerRow:
    user: object
    courses: list  # [(course, done, total, completed_at or None, enrolled: bool)]
    last_activity: object = None


def learner_rows(cohort, organisation):
    """One row per learner of ``organisation`` with their progress in each course (managers only)."""
    from django.contrib.auth import get_user_model

    courses = list(cohort.courses.all())
    lessons = live_lessons(courses)
    user_ids = learner_ids_by_organisation([organisation])[organisation.pk]
    users = get_user_model().objects.filter(pk__in=user_ids).order_by("first_name", "last_name", "username")
    rows = {}
    if courses and user_ids:
        for row in _enrolment_rows(cohort, user_ids, lessons):
            rows[(row["user_id"], row["course_id"])] = row
    result = []
    for user in users:
        line = LearnerRow(user=user, courses=[])
        for course in courses:
            row = rows.get((user.pk, course.pk))
            if row is None:
                line.courses.append((course, 0, len(lessons[course.pk]), None, False))
                continue
            line.courses.append((course, row["done"], len(lessons[course.pk]), row["completed_at"], True))
            for moment in (row["last"], row["last_visited_at"]):
                if moment and (line.last_activity is None or moment > line.last_activity):
                    line.last_activity = moment
        result.append(line)
    return result
