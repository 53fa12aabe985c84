"""The requests register: every data subject request, from the centre or received by staff, with its
deadline and what was done.

Invariants:

* Every access, correction and erasure, by the person or by staff, leaves a ``DataSubjectRequest``
  row (``DONE`` with ``completed_at`` and counts in ``outcome``), so the register shows each one.
* The deadline runs from the moment the request is known to be the person's: the address proved
  (centre), or the request received (staff, who check who is asking themselves):
  ``due_at = start + PrivacySettings.request_deadline_hours``.
* After an erasure no request row keeps the address or number: ``email`` and ``phone`` are blanked
  on every row about the person; ``subject`` (a keyed hash) and ``masked`` stay for the register.
* ``outcome`` holds counts and field names only, never a value.
* An address nobody proved is not kept: a request still unconfirmed a day after it was sent (its
  link expired long before) is deleted by the daily job (``forget_unconfirmed``).
"""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import DataSubjectRequest, PrivacySettings
from ..subjects import Subject, matching

Kind = DataSubjectRequest.Kind
Status = DataSubjectRequest.Status
Channel = DataSubjectRequest.Channel

#: What the outcome's keys mean, in the register and the emails.
OUTCOME_LABELS = {
    "held": _("records held, shown to the person"),
    "downloads": _("downloads"),
    "corrected": _("records corrected"),
    "fields": _("fields corrected"),
    "erased": _("records erased or anonymised"),
    "kept": _("financial records kept, anonymised"),
    "left": _("records left as they were (with the reason told)"),
    "withdrawn": _("consents withdrawn"),
    "changed": _("records changed"),
}
FIELD_LABELS = {"name": _("name"), "email": _("email"), "phone": _("phone")}


def due(start):
    return start + datetime.timedelta(hours=PrivacySettings.current().request_deadline_hours)


#: How long an unconfirmed request (an address typed into the centre's form, never proved) is kept.
UNCONFIRMED_KEPT = datetime.timedelta(hours=24)


def forget_unconfirmed(now=None):
    """Delete the requests whose address was never proved, sent more than a day ago; their number."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_KEPT
    return DataSubjectRequest.objects.filter(status=Status.UNVERIFIED, received_at__lt=cutoff).delete()[0]


def subject_of(row):
    """The person a request is about, as recorded on it (nobody once erased)."""
    return Subject.of(email=row.email, phone=row.phone)


def open_self_service(email, kind, language=""):
    """A request sent from the centre's form: waits for its address to be proved (``UNVERIFIED``)."""
    subject = Subject.of(email=email)
    return DataSubjectRequest.objects.create(
        kind=kind, status=Status.UNVERIFIED, channel=Channel.SELF_SERVICE, email=subject.email,
        subject=subject.key, masked=subject.masked, language=language or "")


def mark_verified(row):
    """The address was proved: the request is open and its deadline runs (called under the row's lock)."""
    now = timezone.now()
    row.verified_at = now
    row.status = Status.OPEN
    row.due_at = due(now)
    row.save(update_fields=["verified_at", "status", "due_at"])


def open_by_staff(user, email="", phone="", kind=Kind.ACCESS, details="", received_at=None, language=""):
    """A request received by staff (email, letter, phone): open at once, due from its receipt."""
    subject = Subject.of(email=email, phone=phone)
    received_at = received_at or timezone.now()
    return DataSubjectRequest.objects.create(
        kind=kind, status=Status.OPEN, channel=Channel.STAFF, email=subject.email, phone=phone.strip(),
        subject=subject.key, masked=subject.masked, details=details, language=language or "",
        received_at=received_at, verified_at=timezone.now(), due_at=due(received_at), handled_by=user)


def record(subject, kind, outcome, anchor_id=None, user=None):
    """Record a self-service action done now: completes the browser's own request when it asked for
    this (``anchor_id``, still open), else a new request, done. Returns the row."""
    now = timezone.now()
    with transaction.atomic():
        row = None
        if anchor_id:
            row = (DataSubjectRequest.objects.select_for_update()
                   .filter(pk=anchor_id, kind=kind, status=Status.OPEN, subject=subject.key).first())
        if row is None:
            row = DataSubjectRequest(kind=kind, channel=Channel.SELF_SERVICE, email=subject.email,
                                     phone=subject.phone, subject=subject.key, masked=subject.masked,
                                     received_at=now, verified_at=now, due_at=due(now))
        row.status = Status.DONE
        row.completed_at = now
        row.outcome = {**(row.outcome or {}), **outcome}
        row.handled_by = user
        row.save()
    return row


def add_outcome(row, **counts):
    """Merge counts into a request's outcome (``downloads`` lists are extended, once each)."""
    outcome = dict(row.outcome or {})
    for key, value in counts.items():
        if key == "downloads":
            outcome[key] = sorted(set(outcome.get(key, [])) | set(value))
        else:
            outcome[key] = value
    row.outcome = outcome
    row.save(update_fields=["outcome"])


def close(row, status, user, note=""):
    """Staff answer a request: done or refused, with their note."""
    row.status = status
    row.completed_at = timezone.now()
    row.handled_by = user
    if note:
        row.staff_note = note
    row.save(update_fields=["status", "completed_at", "handled_by", "staff_note"])


def forget_addresses(subject):
    """After an erasure: no request about ``subject`` keeps its address or number."""
    if not subject:
        return 0
    rows = matching(DataSubjectRequest.objects.all(), subject)
    count = 0
    for row in rows:
        if not row.subject:
            row.subject = Subject.of(email=row.email, phone=row.phone).key
        if not row.masked:
            row.masked = Subject.of(email=row.email, phone=row.phone).masked
        row.email = row.phone = ""
        row.save(update_fields=["subject", "masked", "email", "phone"])
        count += 1
    return count


def outcome_lines(outcome):
    """``[(label, value)]`` of an outcome, for the register and the emails."""
    lines = []
    for key, value in (outcome or {}).items():
        if key == "fields":
            value = ", ".join(str(FIELD_LABELS.get(name, name)) for name in value)
        elif key == "downloads":
            value = ", ".join(str(item).upper() for item in value)
        lines.append((OUTCOME_LABELS.get(key, key), value))
    return lines


def overdue():
    return DataSubjectRequest.objects.filter(status=Status.OPEN, due_at__lt=timezone.now())
