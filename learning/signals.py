"""What learning announces to other apps (cohorts, LTI passback, certificates).

- ``lesson_completed(sender=LessonProgress, progress=...)``: after the commit that completed a lesson.
- ``course_completed(sender=Enrolment, enrolment=...)``: after the commit that completed a course.
"""
from django.dispatch import Signal

lesson_completed = Signal()
course_completed = Signal()
