"""The bank transfers' scheduled job, run by the task worker."""
import datetime

from django_tasks import task

from jobs.schedule import periodic

from .services import expire_due


@periodic(every=datetime.timedelta(minutes=10))
@task()
def expire_bank_transfers():
    """Expire the transfers past their deadline without a proof (their unique amounts come free)."""
    return len(expire_due())
