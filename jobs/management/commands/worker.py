"""``manage.py worker``: the site's one task worker. Runs queued tasks (emails, search indexing,
payment settlement) with django-tasks-db's worker, and queues the scheduled jobs when due.

    python manage.py worker            # until stopped (Ctrl-C or SIGTERM)
    python manage.py worker --batch    # run what is queued and due, then exit (cron, tests)
"""
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

from jobs.schedule import discover, tick

#: Seconds between two looks at the schedule.
TICK_SECONDS = 15


class Command(BaseCommand):
    help = "Run the task worker: queued tasks, and the scheduled jobs when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued (and due), then exit.")
        parser.add_argument("--interval", type=float, default=0.2,
                            help="Seconds to wait when no task is queued (default 0.2).")
        parser.add_argument("--no-schedule", action="store_true", help="Do not queue the scheduled jobs.")

    def handle(self, *args, batch=False, interval=0.2, no_schedule=False, verbosity=1, **options):
        jobs = discover()
        stop = threading.Event()
        if not no_schedule:
            tick()
            if verbosity:
                self.stdout.write(f"Scheduled jobs: {', '.join(sorted(jobs)) or 'none'}")
            if not batch:
                threading.Thread(target=self._schedule, args=(stop,), daemon=True, name="schedule").start()
        try:
            arguments = ["--queue-name", "*", "--interval", str(interval), "--no-startup-delay", "--no-reload"]
            call_command("db_worker", *arguments, *(["--batch"] if batch else []), verbosity=verbosity)
        finally:
            stop.set()

    @staticmethod
    def _schedule(stop):
        while not stop.wait(TICK_SECONDS):
            try:
                tick()
            except Exception:  # noqa: BLE001 - a failed look at the schedule is retried at the next tick
                import logging

                logging.getLogger("lokadaya.jobs").exception("Could not queue the scheduled jobs")
            finally:
                connections.close_all()
