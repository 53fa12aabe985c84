"""Registering, cancelling and the waiting list: the only code that changes who holds a seat.

Invariants:
- The number of ``registered`` registrations of an event never exceeds its capacity. Every change of
  a registration's status happens in one transaction holding the event's row lock
  (``SELECT ... FOR UPDATE`` on ``events_eventpage``), and seats are counted under that lock.
- One registration per event and email address (unique constraint, emails stored lower-case):
  registering again returns the existing registration unchanged (a cancelled one is taken up again,
  through the same seat count). A race between two identical submissions ends in one row.
- When a seat frees up (a cancellation), the oldest waiting registration takes it, in order of
  registration; its holder is emailed after the commit.
- A registration is reached from outside only through its signed key (``sign_key``/``registration_for``):
  the key is random and the signature is checked before the database is asked.
"""
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from privacy.consent.records import for_form

from .models import EventPage, Registration

SALT = "events.registration"


def sign_key(key):
    return signing.Signer(salt=SALT).sign(key)


def registration_for(token):
    """The registration of a signed personal key, or None (bad signature, unknown key)."""
    try:
        key = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Registration.objects.select_related("event").filter(key=key).first()


class RegistrationClosed(Exception):
    """Registration is not (or no longer) open for this event."""


def _locked_event(event):
    # ``of=("self",)`` locks the event's own row only, not Wagtail's page row editors save.
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _seats_taken(event):
    return Registration.objects.filter(event=event, status=Registration.Status.REGISTERED).count()


def register(event, *, name, email, organisation=None, user=None, language="id", now=None):
    """Register ``email`` for the source ``event``; returns ``(registration, created)``.

    ``created`` is False when the address was already registered (or waiting): nothing changes then.
    Raises ``RegistrationClosed`` when registration is closed and the address is not registered.
    """
    email = email.strip().lower()
    now = now or timezone.now()
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                event = _locked_event(event)
                existing = Registration.objects.select_for_update().filter(event=event, email=email).first()
                if existing is not None and existing.status != Registration.Status.CANCELLED:
                    return existing, False
                if not event.registration_open(now):
                    raise RegistrationClosed
                status = (Registration.Status.REGISTERED if _seats_taken(event) < event.capacity
                          else Registration.Status.WAITLISTED)
                if existing is not None:
                    # Taken up again: a new place in the queue, a new key (the old page stays dead).
                    existing.name, existing.organisation, existing.user = name, organisation, user or existing.user
                    existing.status, existing.created, existing.cancelled_at = status, now, None
                    existing.language = language
                    existing.key = Registration._meta.get_field("key").default()
                    existing.save()
                    registration = existing
                else:
                    registration = Registration.objects.create(
                        event=event, name=name, email=email, organisation=organisation, user=user,
                        status=status, language=language, created=now)
                for_form(source="event", email=registration.email, record=registration)
                _after_commit(registration, "confirmation")
                return registration, True
        except IntegrityError:
            # The same address registered in another request between our check and insert.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def cancel(registration, now=None):
    """Cancel a registration; the oldest waiting registration takes a freed seat. Idempotent."""
    with transaction.atomic():
        event = _locked_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        held_seat = registration.status == Registration.Status.REGISTERED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now or timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if held_seat:
            promote_waiting(event)
        return registration


def promote_waiting(event):
    """Give free seats to the oldest waiting registrations (the caller holds the event's lock)."""
    free = event.capacity - _seats_taken(event)
    if free <= 0:
        return []
    waiting = list(Registration.objects.select_for_update()
                   .filter(event=event, status=Registration.Status.WAITLISTED).order_by("created", "pk")[:free])
    for registration in waiting:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status"])
        _after_commit(registration, "promoted")
    return waiting


def set_attended(registration, attended, now=None):
    """Mark (or unmark) a registration's attendance; marking keeps the first time recorded."""
    value = (now or timezone.now()) if attended else None
    query = Registration.objects.filter(pk=registration.pk)
    if attended:
        query = query.filter(attended_at__isnull=True)
    query.update(attended_at=value)


def _after_commit(registration, kind):
    from .emails import send_registration_email

    pk = registration.pk
    transaction.on_commit(lambda: send_registration_email(pk, kind))
