"""The gateways' background task, run by the task worker (``manage.py worker``)."""
import datetime

from django_tasks import task

from jobs.schedule import periodic

from . import settlement


# Woken by every new notification; the schedule picks up retries that have come due.
@periodic(every=datetime.timedelta(minutes=1))
@task(priority=50)
def settle_inbox():
    """Settle the gateways' notifications that are due (woken by each new notification, and
    every minute by the scheduler for retries)."""
    counts = settlement.run()
    return {str(status): count for status, count in counts.items()}
