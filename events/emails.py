"""The emails of a registration, in the registrant's language, sent through the task worker.

Confirmation (with the calendar file), waiting list, a seat after waiting (with the calendar file),
reminders, the recording, the certificate of attendance. Each is built from the registration's id
so it can be called after a commit or from a worker job.
"""
from django.urls import reverse
from django.utils import translation

from campaigns.notifications import absolute_url, send_templated_email

from .models import Registration


def personal_url(registration):
    with translation.override(registration.language or "id"):
        return absolute_url(reverse("events:personal", kwargs={"token": registration.token}))


def event_url(registration):
    """The event's public page in the registrant's language (its source page otherwise)."""
    from wagtail.models import Locale

    event = registration.event
    locale = Locale.objects.filter(language_code=registration.language).first()
    shown = (event.get_translation_or_none(locale) if locale else None) or event
    return shown.full_url or ""


def calendar_attachment(registration):
    from .ics import calendar

    return ("acara.ics", calendar(registration, personal_url(registration), registration.event.summary),
            "text/calendar; charset=utf-8; method=PUBLISH")


def context_for(registration, **extra):
    event = registration.event
    return {"registration": registration, "event": event, "personal_url": personal_url(registration),
            "event_url": event_url(registration), **extra}


def send_registration_email(pk, kind, in_worker=False, **extra):
    """Send the ``kind`` email of registration ``pk``; False when there was nothing to send."""
    registration = Registration.objects.select_related("event__province").filter(pk=pk).first()
    if registration is None:
        return False
    if kind == "confirmation" and registration.status == Registration.Status.WAITLISTED:
        kind = "waitlisted"
    attachments = None
    if kind in ("confirmation", "promoted"):
        if registration.status != Registration.Status.REGISTERED:
            return False
        attachments = [calendar_attachment(registration)]
    return send_templated_email(registration.email, f"events/email/{kind}", context_for(registration, **extra),
                                language=registration.language, in_worker=in_worker, attachments=attachments)
