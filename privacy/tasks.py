"""Scheduled jobs of the privacy app, found by the worker (``jobs.schedule.discover`` imports each
app's ``tasks`` module): the retention policy, daily (``privacy/retention``), forgetting unproved
addresses typed into the privacy centre, and the parts' own jobs imported here (the access log's purge)."""
import datetime

from django_tasks import task

from jobs.schedule import periodic

from .accesslog.tasks import purge_access_log  # noqa: F401 - registers the access log's daily purge


@periodic(every=datetime.timedelta(days=1))
@task()
def apply_retention():
    """Daily: anonymise supporters' personal data of campaigns past the retention policy."""
    from .retention.service import run

    return run().records


@periodic(every=datetime.timedelta(days=1))
@task()
def forget_unconfirmed_requests():
    """Daily: delete privacy-centre requests whose address was never proved (``centre.tracking``)."""
    from .centre.tracking import forget_unconfirmed

    return forget_unconfirmed()
