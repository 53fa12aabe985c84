"""``manage.py bench``: requests per second of the public pages, with and without the page cache.

Not a test: it prints figures and the goals' ratios, and exits 0 whether the goals are met or not
(a run in which a request failed is flagged in its output). It needs wrk and the demo content
(``seed_demo``), and only reads the database: see ``lokadaya/bench/site.py`` for what one run does.
"""
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from lokadaya.bench.pages import KINDS, NoDemoContent, demo_pages
from lokadaya.bench.site import WORKER_CLASSES, BenchError, Options, SiteBench, database_url


def kinds_list(value):
    kinds = [kind.strip() for kind in value.split(",") if kind.strip()]
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise ValueError(f"unknown page kinds {unknown}: choose among {', '.join(KINDS)}")
    return kinds


class Command(BaseCommand):
    help = ("Serve the site with gunicorn twice (page cache on and off, production settings) and measure the "
            "demo's pages and a hello-world view with wrk, interleaved; print medians and ratios.")

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=kinds_list, default=list(KINDS),
                            help=f"Comma-separated demo pages to measure (default all: {','.join(KINDS)}).")
        parser.add_argument("--path", action="append", default=[], dest="paths",
                            help="Another path to measure on both servers (repeatable), e.g. /id/mitra/.")
        parser.add_argument("--rounds", type=int, default=3, help="Rounds over every URL (3).")
        parser.add_argument("--duration", type=float, default=10, help="Seconds of wrk per URL and round (10).")
        parser.add_argument("--connections", type=int, default=16, help="wrk connections (16).")
        parser.add_argument("--threads", type=int, default=2, help="wrk threads (2).")
        parser.add_argument("--timeout", type=float, default=10,
                            help="wrk's timeout per request in seconds; slower answers count as errors (10).")
        parser.add_argument("--warmup", type=int, default=20, help="GETs of each URL before measuring (20).")
        parser.add_argument("--workers", type=int, default=2, dest="gunicorn_workers",
                            help="gunicorn workers per server (2).")
        parser.add_argument("--worker-class", choices=WORKER_CLASSES, default="sync", help="gunicorn's (sync).")
        parser.add_argument("--gunicorn-threads", type=int, default=4,
                            help="Threads per gunicorn worker with --worker-class gthread (4).")
        parser.add_argument("--db-url", default="",
                            help="The database the servers read (default: this command's own database).")
        parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13",
                            help="The servers' cache when Redis answers there and the redis package is installed "
                                 "(entries under a key prefix of the run's own, deleted afterwards); '' for "
                                 "per-process memory.")
        parser.add_argument("--compare", default="",
                            help="A URL of another server measured in the same rounds, e.g. bakerydemo's blog post.")
        parser.add_argument("--compare-label", default="", help="Its name in the table (default 'compared').")
        parser.add_argument("--keep-logs", action="store_true", help="Keep the servers' logs afterwards.")

    def handle(self, *args, **options):
        pages_wanted = options["pages"]
        try:
            db_url = options["db_url"] or database_url(connections["default"].settings_dict)
            bench_options = Options(
                rounds=options["rounds"], duration=options["duration"], connections=options["connections"],
                threads=options["threads"], timeout=options["timeout"], warmup=options["warmup"],
                gunicorn_workers=options["gunicorn_workers"], worker_class=options["worker_class"],
                gunicorn_threads=options["gunicorn_threads"], db_url=db_url, redis_url=options["redis_url"],
                compare=options["compare"], compare_label=options["compare_label"], keep_logs=options["keep_logs"],
            )
            bench = SiteBench(bench_options, write=self.stdout.write)
            # wrk first: without it nothing else is worth looking up.
            bench.require_wrk()
            try:
                pages = demo_pages(pages_wanted)
            except NoDemoContent as exc:
                raise CommandError(str(exc)) from None
            for path in options["paths"]:
                pages[path if path.startswith("/") else "/" + path] = path if path.startswith("/") else "/" + path
            missing = [kind for kind in pages_wanted if kind not in pages]
            if missing:
                self.stdout.write(f"Not in the database, left out: {', '.join(missing)}")
            bench_options.pages = pages
            lines = bench.run()
        except BenchError as exc:
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            raise CommandError("Interrupted; every process the benchmark started was stopped.") from None
        for line in lines:
            self.stdout.write(line)
