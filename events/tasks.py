"""Scheduled emails of events: reminders a day and an hour before, and the recording afterwards.

Invariant: each of these emails goes at most once per registration, however many workers run the
job at once: a worker claims a registration by setting its ``*_sent_at`` column in one
``UPDATE ... WHERE *_sent_at IS NULL`` (a locking query); only the worker whose update changed the
row sends. A failed send is retried by the email task itself, not by claiming again.
"""
import datetime

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from jobs.schedule import periodic

#: (column, hours before the start)
REMINDERS = (
    ("reminder_day_sent_at", 24),
    ("reminder_hour_sent_at", 1),
)


def _claim(pk, column, now):
    from .models import Registration

    return Registration.objects.filter(pk=pk, **{f"{column}__isnull": True}).update(**{column: now}) == 1


def due_reminders(column, hours, now):
    """Ids of the registrations whose ``hours`` reminder is due and not sent."""
    from django.db.models import F

    from .models import Registration

    window = datetime.timedelta(hours=hours)
    query = Registration.objects.filter(
        status=Registration.Status.REGISTERED, event__live=True,
        event__start__gt=now, event__start__lte=now + window, **{f"{column}__isnull": True})
    if hours > 1:
        # Not when the hour's reminder is due anyway, nor for who registered within the day before
        # (their confirmation just told them).
        query = query.filter(event__start__gt=now + datetime.timedelta(hours=1),
                             created__lte=F("event__start") - window)
    return list(query.values_list("pk", flat=True))


def send_reminders(now=None):
    """Send every due reminder once; the number sent."""
    from .emails import send_registration_email

    now = now or timezone.now()
    sent = 0
    for column, hours in REMINDERS:
        for pk in due_reminders(column, hours, now):
            if _claim(pk, column, now):
                send_registration_email(pk, "reminder", in_worker=True, hours=hours)
                sent += 1
    return sent


def send_recording_notices(now=None):
    """Tell registrants once that a recording (or materials) was added after the event; the number sent."""
    from .emails import send_registration_email
    from .models import Registration

    now = now or timezone.now()
    pending = (Registration.objects.filter(recording_sent_at__isnull=True, event__live=True, event__end__lte=now,
                                           status=Registration.Status.REGISTERED)
               .exclude(Q(event__recording_url=""))
               .values_list("pk", flat=True))
    sent = 0
    for pk in list(pending):
        if _claim(pk, "recording_sent_at", now):
            send_registration_email(pk, "recording", in_worker=True)
            sent += 1
    return sent


@periodic(every=datetime.timedelta(minutes=5))
@task()
def event_emails():
    """Reminders (24 h and 1 h before) and recording notices, each once per registration."""
    return {"reminders": send_reminders(), "recordings": send_recording_notices()}
