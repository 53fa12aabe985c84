"""The access log's own retention: a daily job deletes entries older than ``log.RETENTION_YEARS``.

Imported into ``privacy/tasks.py`` so the worker finds the scheduled job.
"""
import datetime

from django_tasks import task

from jobs.schedule import periodic

__all__ = ["purge_access_log"]


def cutoff(now=None):
    from django.utils import timezone

    from .log import RETENTION_YEARS

    now = now or timezone.now()
    try:
        return now.replace(year=now.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return now.replace(year=now.year - RETENTION_YEARS, day=28)


@periodic(every=datetime.timedelta(days=1))
@task(priority=-10)
def purge_access_log():
    """Delete the entries older than the retention period; the number deleted."""
    from ..models import AccessLogEntry

    deleted, _by_model = AccessLogEntry.objects.filter(created_at__lt=cutoff()).delete()
    return deleted
