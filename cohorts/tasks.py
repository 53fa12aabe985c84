"""The cohorts' background work: delivering managers' messages, enrolling learners who joined later."""
import datetime

from django_tasks import task

from jobs.schedule import periodic


@task()
def deliver_message(message_pk):
    """Queue the emails of one cohort message (``cohorts.messaging.deliver``; safe to run twice)."""
    from .messaging import deliver

    return deliver(message_pk)


@periodic(every=datetime.timedelta(hours=6))
@task()
def enrol_new_learners():
    """Learners who joined a member OMS after it joined a cohort are enrolled too (running and upcoming cohorts)."""
    from django.utils import timezone

    from .membership import enrol_new_learners as enrol
    from .models import Cohort

    total = 0
    for cohort in Cohort.objects.filter(end_date__gte=timezone.localdate()):
        total += enrol(cohort)
    return total
