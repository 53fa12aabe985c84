"""A manager's message to a cohort: saved, then emailed to every learner of its member OMS by the task worker.

Invariants:
- Only a cohort's managers send (the admin view asks ``cohorts.scope`` first).
- The message row is saved in the request; its emails are queued after commit by one task
  (``cohorts.tasks.deliver_message``), never in the visitor's request.
- Each message is delivered once: the task locks the row and does nothing if ``sent_at`` is set,
  so a retried task sends no email twice. One email per learner (addresses are never shown to others).
"""
from django.db import transaction
from django.utils import timezone

from .membership import learners_of
from .models import CohortMessage


def send_message(cohort, *, subject, body, by):
    """Save the message and queue its delivery once the transaction commits."""
    with transaction.atomic():
        message = CohortMessage.objects.create(cohort=cohort, subject=subject, body=body, sent_by=by)

        def queue():
            from .tasks import deliver_message

            deliver_message.enqueue(message.pk)

        transaction.on_commit(queue)
    return message


def recipients(cohort):
    """The learners of the cohort's member OMS, with an email address."""
    members = [m.organisation for m in cohort.members.select_related("organisation")]
    return learners_of(members).exclude(email="").order_by("pk")


def deliver(message_pk):
    """Queue one email per recipient of the message, once; the number queued (0 when already done)."""
    from campaigns.notifications import absolute_url, send_templated_email

    with transaction.atomic():
        message = CohortMessage.objects.select_for_update(of=("self",)).select_related("cohort", "sent_by").get(pk=message_pk)
        if message.sent_at:
            return 0
        people = list(recipients(message.cohort))
        url = absolute_url(message.cohort.get_absolute_url())
        count = 0
        for user in people:
            if send_templated_email(user.email, "cohorts/email/message",
                                    {"message": message, "cohort": message.cohort, "user": user, "url": url}):
                count += 1
        message.sent_at = timezone.now()
        message.recipient_count = count
        message.save(update_fields=["sent_at", "recipient_count"])
    return count
