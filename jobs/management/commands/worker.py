"""``manage.py worker``: the site's one task worker. Runs queued tasks (emails, search indexing,
payment settlement) with django-tasks-db's worker, and queues the scheduled jobs when due.

    python manage.py worker                 # until stopped (Ctrl-C or SIGTERM)
    python manage.py worker --processes 2   # two processes sharing the queue (one per core)
    python manage.py worker --batch         # run what is queued (and due), then exit (cron, tests)
"""
import logging
import os
import signal
import subprocess
import sys
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from jobs.schedule import discover, tick

logger = logging.getLogger("lokadaya.jobs")

#: Seconds between two looks at the schedule.
TICK_SECONDS = 15


class Command(BaseCommand):
    help = "Run the task worker: queued tasks, and the scheduled jobs when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued (and due), then exit.")
        parser.add_argument("--interval", type=float, default=0.2,
                            help="Seconds to wait when no task is queued (default 0.2).")
        parser.add_argument("--processes", type=int, default=1,
                            help="Worker processes sharing the queue (default 1); the schedule runs in the first.")
        parser.add_argument("--no-schedule", action="store_true", help="Do not queue the scheduled jobs.")
        parser.add_argument("--nice", type=int, default=10,
                            help="Lower the worker's CPU priority by this much (default 10): background work "
                                 "gives way to the web server's requests on a shared machine. 0 leaves it.")

    def handle(self, *args, batch=False, interval=0.2, processes=1, no_schedule=False, nice=10, verbosity=1,
               **options):
        if processes < 1:
            raise CommandError("--processes must be at least 1.")
        if nice > 0 and hasattr(os, "nice"):
            os.nice(nice)  # inherited by the helper processes
        jobs = discover()
        stop = threading.Event()
        if not no_schedule:
            tick()
            if verbosity:
                self.stdout.write(f"Scheduled jobs: {', '.join(sorted(jobs)) or 'none'}")
            if not batch:
                threading.Thread(target=self._schedule, args=(stop,), daemon=True, name="schedule").start()
        helpers = [] if batch else [self._helper(interval, verbosity) for _ in range(processes - 1)]
        try:
            arguments = ["--queue-name", "*", "--interval", str(interval), "--no-startup-delay", "--no-reload"]
            call_command("db_worker", *arguments, *(["--batch"] if batch else []), verbosity=verbosity)
        finally:
            stop.set()
            for helper in helpers:
                if helper.poll() is None:
                    helper.send_signal(signal.SIGTERM)
            for helper in helpers:
                try:
                    helper.wait(30)
                except subprocess.TimeoutExpired:
                    helper.kill()

    @staticmethod
    def _helper(interval, verbosity):
        """Another worker process on the same queue (without the schedule)."""
        command = [sys.executable, "-m", "django", "worker", "--no-schedule", "--interval", str(interval),
                   "--verbosity", str(verbosity), "--nice", "0"]  # already niced: the child inherits it
        return subprocess.Popen(command, env=os.environ.copy())

    @staticmethod
    def _schedule(stop):
        while not stop.wait(TICK_SECONDS):
            try:
                tick()
            except Exception:  # noqa: BLE001 - a failed look at the schedule is retried at the next tick
                logger.exception("Could not queue the scheduled jobs")
            finally:
                connections.close_all()
