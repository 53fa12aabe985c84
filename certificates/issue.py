"""Issuing certificates: the one place certificates are created.

Invariants:
- Idempotent and safe under concurrency: each function is a ``get_or_create`` on the unique
  ``(kind, source_id, source_key)`` inside a transaction; two simultaneous calls (a retried task, a
  double signal) meet the constraint and both return the one row.
- A course certificate is issued only for a completed enrolment of a course that gives one; it
  points at the course's source-language page and names the English title when a translation exists.
- A revoked certificate is never issued again by these functions: the existing (revoked) row is
  returned, and only national staff can change it (``admin_views.py``).
"""
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import Locale

from .models import Certificate


def _english_title(page):
    """The title of ``page``'s English translation, or ''."""
    english = Locale.objects.filter(language_code="en").first()
    if english is None:
        return ""
    translation = type(page).objects.filter(translation_key=page.translation_key, locale=english).first()
    return translation.title if translation is not None else ""


def _person_name(user):
    return (user.get_full_name() or "").strip() or user.email or user.get_username()


def issue_course_certificate(enrolment):
    """The certificate of a completed enrolment (idempotent); None if not completed or the course gives none."""
    from learning.models import source_page

    if enrolment.completed_at is None:
        return None
    course = source_page(enrolment.course.specific)
    if not getattr(course, "issues_certificate", True):
        return None
    user = enrolment.user
    organisation = enrolment.organisation
    with transaction.atomic():
        certificate, _created = Certificate.objects.get_or_create(
            kind=Certificate.Kind.COURSE, source_id=course.pk, source_key=f"user:{user.pk}",
            defaults={
                "user": user, "recipient_name": _person_name(user), "recipient_email": user.email or "",
                "organisation_name": organisation.title if organisation is not None else "",
                "title": course.title, "title_en": _english_title(course),
                "achieved_on": timezone.localdate(enrolment.completed_at),
            })
    return certificate


def _event_day(event_page):
    start = getattr(event_page, "start", None)
    if start is None:
        return timezone.localdate()
    tz = getattr(event_page, "tz", None)
    return start.astimezone(tz).date() if tz is not None else timezone.localdate(start)


def _organiser(event_page):
    """The organising network's (or team's) name, in the site's language (it is kept as words)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(getattr(event_page, "organiser_name", "") or "")


def issue_attendance_certificate(*, event_page, name, email, user=None, registration_key):
    """The certificate of attendance of one registration (idempotent)."""
    from learning.models import source_page

    event = source_page(event_page.specific if hasattr(event_page, "specific") else event_page)
    with transaction.atomic():
        certificate, _created = Certificate.objects.get_or_create(
            kind=Certificate.Kind.ATTENDANCE, source_id=event.pk, source_key=str(registration_key),
            defaults={
                "user": user, "recipient_name": (name or "").strip() or email, "recipient_email": email or "",
                "title": event.title, "title_en": _english_title(event), "achieved_on": _event_day(event),
                "issuer_name": _organiser(event),
            })
    return certificate


def certificates_for(user):
    """The certificates ``user`` holds (revoked ones included, marked), newest first."""
    if not (user and user.is_authenticated):
        return Certificate.objects.none()
    return Certificate.objects.filter(user=user)
