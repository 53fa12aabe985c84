"""Sending email in the task worker, so no visitor's request waits on a mail server."""
import datetime
import logging

from django.core.mail import EmailMultiAlternatives
from django_tasks import task

logger = logging.getLogger("lokadaya.notifications")

#: Seconds before the next try, after a failed try 1, 2, 3; then the failure is logged and left.
RETRY_DELAYS = (60, 600, 3600)


@task()
def send_email(subject, body, from_email, recipients, html=None, headers=None, attempt=1, attachments=None):
    """Send one rendered email; a failure is tried again later (``RETRY_DELAYS``).

    ``attachments``: ``[[filename, content, mimetype], ...]`` (text content, JSON-serialisable)."""
    if attempt == 1:
        # At most a few emails per visitor-typed address per hour (throttle/mail.py); a retry is not counted again.
        from throttle.mail import within_cap

        recipients = within_cap(recipients, subject)
        if not recipients:
            return False
    message = EmailMultiAlternatives(subject, body, from_email, recipients, headers=headers or None)
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or ():
        message.attach(filename, content, mimetype)
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - any transport error
        if attempt > len(RETRY_DELAYS):
            logger.exception("Could not send %r to %s after %s tries", subject, recipients, attempt)
            return False
        from django.utils import timezone

        logger.warning("Could not send %r to %s (%s); trying again", subject, recipients, error)
        delay = datetime.timedelta(seconds=RETRY_DELAYS[attempt - 1])
        try:
            send_email.using(run_after=timezone.now() + delay).enqueue(
                subject, body, from_email, recipients, html, headers, attempt + 1, attachments=attachments)
        except Exception:  # noqa: BLE001 - a backend that cannot defer (the immediate one)
            logger.exception("Could not queue another try of %r", subject)
        return False
    return True
