"""Seats under concurrency (PostgreSQL row locks, real threads): capacity, duplicates, reminders once."""
import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events import registrations
from events.models import Registration
from events.tasks import send_reminders
from events.testing import event_index, make_event
from lokadaya.testing import race

FIXTURES = (event_index, make_event)

pytestmark = pytest.mark.django_db(transaction=True)




def test_simultaneous_registrations_never_exceed_the_capacity(make_event):
    event = make_event(capacity=3)
    _results, errors = race(8, lambda i: registrations.register(event, name=f"P{i}", email=f"p{i}@contoh.id"))
    assert errors == []
    assert Registration.objects.filter(status="registered").count() == 3
    assert Registration.objects.filter(status="waitlisted").count() == 5
    # Simultaneous cancellations give each freed seat to one waiting person, in order.
    registered = list(Registration.objects.filter(status="registered"))
    waiting = list(Registration.objects.filter(status="waitlisted").order_by("created", "pk"))
    _results, errors = race(3, lambda i: registrations.cancel(registered[i]))
    assert errors == []
    assert set(Registration.objects.filter(status="registered").values_list("pk", flat=True)) == {
        r.pk for r in waiting[:3]}
    assert Registration.objects.filter(status="waitlisted").count() == 2


def test_simultaneous_duplicates_make_one_registration(make_event):
    event = make_event(capacity=5)
    _results, errors = race(5, lambda i: registrations.register(event, name=f"Rahma {i}", email="rahma@contoh.id"))
    assert errors == []
    assert Registration.objects.count() == 1


def test_two_workers_send_each_reminder_once(make_event):
    now = timezone.now()
    event = make_event(start=now + datetime.timedelta(minutes=30))
    for i in range(6):
        Registration.objects.create(event=event, name=f"P{i}", email=f"p{i}@contoh.id",
                                    created=now - datetime.timedelta(days=2))
    mail.outbox.clear()
    _results, errors = race(2, lambda i: send_reminders(now))
    assert errors == []
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{i}@contoh.id" for i in range(6)]
    assert not Registration.objects.filter(reminder_hour_sent_at__isnull=True).exists()
