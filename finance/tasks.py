"""National finance's scheduled job, run by the task worker."""
import datetime
import logging

from django_tasks import task

from jobs.schedule import periodic

from .reconcile import reconcile

logger = logging.getLogger("lokadaya.finance")


@periodic(every=datetime.timedelta(days=1))
@task()
def nightly_reconcile():
    """Reconcile everything once a day; every difference is logged as an error (alerting hooks onto it)."""
    report = reconcile()
    for difference in report.differences:
        logger.error("Reconciliation: %s", difference)
    return {"records": report.records, "differences": len(report.differences)}
