"""``manage.py payments_benchmark``: how fast and how safely Midtrans notifications become confirmations.

Not a test: it prints figures, each beside its goal, and exits 0 whether the goals are met or
not. In one run (about 3-5 minutes with the defaults on two cores; ``--quick`` for a smoke run) it
creates its own PostgreSQL database (``lokadaya_bench``, dropped and created again), starts a
stand-in Midtrans status API, gunicorn (two sync workers, ``lokadaya.settings.benchmark``) and the
task worker on loopback ports, and measures:

* hello-world requests per second, the yardstick;
* the webhook's acceptance rate (signed notifications answered 200 per second) and its ratio to
  hello world (goal >= 30%);
* end-to-end confirmations per second with a 200 ms status API (goal >= 100/s);
* confirmations lost or duplicated while a share of the notifications arrive twice (goal 0 and 0);
* the campaign page's p99 latency idle and while the gateway takes 2 s (goal: less than 2x).

See ``gateways/bench/`` for the pieces. Every process it starts is stopped at the end, also on
error or Ctrl-C.
"""
import os

import dj_database_url
from django.core.management.base import BaseCommand, CommandError

from gateways.bench.runner import BenchmarkError, Benchmark, Options

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/"
DEFAULT_NAME = "lokadaya_bench"


def default_db_url():
    """BENCH_DATABASE_URL, else DATABASE_URL's server (if PostgreSQL) with the database lokadaya_bench."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url.rsplit("/", 1)[0] + "/" + DEFAULT_NAME
    return DEFAULT_SERVER + DEFAULT_NAME


class Command(BaseCommand):
    help = ("Benchmark the Midtrans webhook path end to end (gunicorn, task worker, stand-in gateway) "
            "and print figures against their goals.")

    def add_arguments(self, parser):
        parser.add_argument("--donations", type=int, help="Pending donations notified in the flood (2000; quick 200).")
        parser.add_argument("--second-batch", type=int, help="Donations notified while the gateway is slow "
                                                             "(half of --donations).")
        parser.add_argument("--acceptance-batch", type=int,
                            help="Donations notified with the worker paused (as many as --donations).")
        parser.add_argument("--slow-rate", type=float, default=40,
                            help="Notifications per second while the gateway is slow (40).")
        parser.add_argument("--concurrency", type=int, default=16, help="Requests in flight at once (16).")
        parser.add_argument("--processes", type=int, default=2, help="Load client processes sharing it (2).")
        parser.add_argument("--status-delay-ms", type=float, default=200, help="Status API delay (200).")
        parser.add_argument("--slow-delay-ms", type=float, default=2000, help="Status API delay when slow (2000).")
        parser.add_argument("--duplicates", type=float, default=0.2,
                            help="Share of the flood's notifications delivered twice (0.2).")
        parser.add_argument("--hello-requests", type=int, help="Hello-world requests (5000; quick 1000).")
        parser.add_argument("--samples", type=int, help="Sequential campaign-page GETs per phase (200; quick 40).")
        parser.add_argument("--flood-limit", type=float, help="Seconds of sending in the flood (100; quick 40).")
        parser.add_argument("--drain-limit", type=float, help="Seconds more to wait for confirmations (30; quick 15).")
        parser.add_argument("--slow-limit", type=float, help="Seconds of the slow-gateway phase (45; quick 20).")
        parser.add_argument("--stall", type=float,
                            help="Stop waiting after this many seconds without a confirmation (15; quick 8).")
        parser.add_argument("--gunicorn-workers", type=int, default=2, help="gunicorn sync workers (2).")
        parser.add_argument("--worker-processes", type=int, default=2,
                            help="Task worker processes (manage.py worker --processes; 2, one per core).")
        parser.add_argument("--db-url", default=default_db_url(),
                            help="The benchmark's database, dropped and created again; its name must contain "
                                 "'bench' (BENCH_DATABASE_URL, else DATABASE_URL's server, database "
                                 f"{DEFAULT_NAME}; else {DEFAULT_SERVER}{DEFAULT_NAME}).")
        parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13",
                            help="The site's cache when Redis answers there and the redis package is installed; "
                                 "'' for per-process memory.")
        parser.add_argument("--keep-db", action="store_true", help="Keep the database afterwards.")
        parser.add_argument("--keep-logs", action="store_true", help="Keep the servers' logs afterwards.")
        parser.add_argument("--quick", action="store_true", help="Small numbers: a smoke run of about a minute.")

    def handle(self, *args, **options):
        if not dj_database_url.parse(options["db_url"]).get("NAME"):
            raise CommandError("--db-url needs a database name.")
        try:
            benchmark = Benchmark(Options(
                donations=options["donations"], second_batch=options["second_batch"],
                acceptance_batch=options["acceptance_batch"], slow_rate=options["slow_rate"],
                concurrency=options["concurrency"], processes=options["processes"],
                status_delay_ms=options["status_delay_ms"], slow_delay_ms=options["slow_delay_ms"],
                duplicates=options["duplicates"], hello_requests=options["hello_requests"],
                samples=options["samples"], flood_limit=options["flood_limit"],
                drain_limit=options["drain_limit"], slow_limit=options["slow_limit"], stall=options["stall"],
                gunicorn_workers=options["gunicorn_workers"], worker_processes=options["worker_processes"],
                db_url=options["db_url"],
                redis_url=options["redis_url"], keep_db=options["keep_db"], keep_logs=options["keep_logs"],
                quick=options["quick"],
            ), write=self.stdout.write)
            lines = benchmark.run()
        except BenchmarkError as exc:
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            raise CommandError("Interrupted; every process the benchmark started was stopped.") from None
        for line in lines:
            self.stdout.write(line)
