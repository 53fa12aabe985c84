"""Jobs that run on a schedule, through the same task worker as everything else.

An app declares one with ``@periodic(every=...)`` on a task in its ``tasks.py``::

    @periodic(every=datetime.timedelta(minutes=10))
    @task()
    def expire_bank_transfers(): ...

The worker (``manage.py worker``) calls :func:`tick` every few seconds; ``tick`` queues each job
that is due. Each job's ``ScheduledRun`` row is locked while it is queued, so two workers never
queue the same run twice.
"""
import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from .models import ScheduledRun

logger = logging.getLogger("lokadaya.jobs")


@dataclass(frozen=True)
class Job:
    name: str
    task: object
    every: datetime.timedelta


#: name -> Job, filled by ``@periodic`` as the apps' ``tasks`` modules are imported.
JOBS = {}


def periodic(every, name=None):
    """Run the decorated task every ``every`` (a timedelta), from the worker."""
    def register(task):
        job_name = name or task.module_path
        JOBS[job_name] = Job(job_name, task, every)
        return task
    return register


def discover():
    """Import every installed app's ``tasks`` module, so their jobs are registered."""
    autodiscover_modules("tasks")
    return JOBS


def tick(now=None):
    """Queue every job that is due; the names of those queued."""
    now = now or timezone.now()
    queued = []
    for job in discover().values():
        with transaction.atomic():
            run, created = ScheduledRun.objects.select_for_update().get_or_create(
                name=job.name, defaults={"next_run_at": now})
            if run.next_run_at > now:
                continue
            job.task.enqueue()
            run.last_queued_at = now
            run.next_run_at = now + job.every
            run.save(update_fields=["last_queued_at", "next_run_at"])
        queued.append(job.name)
        logger.info("Queued scheduled job %s", job.name)
    return queued
