"""Housekeeping jobs of the site itself."""
import datetime
import io

from django.core.management import call_command
from django_tasks import task

from .schedule import periodic


@periodic(every=datetime.timedelta(minutes=1))
@task()
def publish_scheduled_pages():
    """Publish the pages whose go-live time has come, and unpublish the expired (Wagtail's command)."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue()[-2000:]


@periodic(every=datetime.timedelta(days=1))
@task()
def prune_task_results():
    """Forget finished task results after a week (the database backend keeps them)."""
    from django.apps import apps

    if not apps.is_installed("django_tasks_db"):
        return ""
    output = io.StringIO()
    call_command("prune_db_task_results", "--min-age-days", "7", stdout=output)
    return output.getvalue()[-2000:]
