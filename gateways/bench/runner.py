"""The payments benchmark's orchestration: processes, phases, figures.

One run, in this order (every phase bounded in count and in time):

1. a dedicated PostgreSQL database, dropped and created again, then migrated and seeded by
   :mod:`.prepare` under the benchmark settings, with three batches of pending Midtrans donations,
   then vacuumed and analysed;
2. the stand-in Midtrans status API (:mod:`.standin`), gunicorn with two sync workers and the task
   worker (``manage.py worker``, else ``db_worker``), each in its own process group;
3. hello world: requests per second at a fixed concurrency;
4. the campaign page's latency, idle: sequential GETs, each a full render (they carry a session
   cookie, which the page cache never answers: as after a confirmation purged the page);
5. acceptance: the task worker paused (SIGSTOP), every batch-1 donation notified once and a share
   twice, at the same concurrency as hello world: what the server accepts per second, compared
   with hello world on the same server; then the worker resumes and drains that backlog;
6. the flood: batch 2 notified the same way with the worker running: the time from the first
   notification until every donation is confirmed in the database (a COUNT every 100 ms);
7. the slow gateway: the stand-in answers after 2 s, batch 3 is notified at a steady rate
   (``--slow-rate``, as real notifications arrive) while the campaign page is sampled again, its
   GETs spread over the time the notifications take to send;
8. the checks: confirmations lost (answered 200, never confirmed) or duplicated (ledger lines
   beyond the amount, two income sets, two confirmations).

Before the flood and before the slow gateway, the run waits until the task worker's queue is
empty (the previous phase's confirmation emails): each phase is measured on its own work.

Every subprocess is killed at the end, on error and on Ctrl-C as well.
"""
import json
import os
import random
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from lokadaya.bench.processes import HOST, Processes, cpu_busy, forget_cache_prefix, free_port, no_proxy, shared_cache

from . import midtrans
from .load import build_request, exchange
from .report import MET, MISSED, SKIPPED, UNKNOWN, Goal, Row, percentile, rate, ratio, span, table

HELLO_PATH = "/_bench/hello/"
WEBHOOK_PATH = "/payments/process/midtrans/"
POLL_INTERVAL = 0.1
#: Seconds at most to wait between phases for the task worker's queue to empty.
QUIESCE_LIMIT = 120

#: The session cookie of the campaign page's samples: no such session exists; it only keeps the
#: page cache from answering (``pagecache.policy.request_is_eligible``).
RENDER_COOKIE = "lokadaya-bench-render"
#: What django-tasks-db's worker logs when it is told to stop.
WORKER_STOPPING = "Received Terminated"


class BenchmarkError(Exception):
    """The benchmark could not run (a server did not start, the database is unreachable...)."""


@dataclass
class Options:
    """Everything a run can be told; ``resolve()`` fills in what depends on ``quick``."""

    donations: int | None = None
    acceptance_batch: int | None = None
    second_batch: int | None = None
    slow_rate: float = 40
    concurrency: int = 16
    processes: int = 2
    status_delay_ms: float = 200
    slow_delay_ms: float = 2000
    duplicates: float = 0.2
    hello_requests: int | None = None
    samples: int | None = None
    flood_limit: float | None = None
    drain_limit: float | None = None
    slow_limit: float | None = None
    stall: float | None = None
    gunicorn_workers: int = 2
    worker_processes: int = 2
    db_url: str = ""
    redis_url: str = "redis://127.0.0.1:6379/13"
    keep_db: bool = False
    keep_logs: bool = False
    quick: bool = False

    def resolve(self):
        full = dict(donations=2000, hello_requests=5000, samples=200, flood_limit=100, drain_limit=30,
                    slow_limit=45, stall=15)
        quick = dict(donations=200, hello_requests=1000, samples=40, flood_limit=40, drain_limit=15,
                     slow_limit=20, stall=8)
        for name, value in (quick if self.quick else full).items():
            if getattr(self, name) is None:
                setattr(self, name, value)
        if self.second_batch is None:
            self.second_batch = max(self.donations // 2, 20)
        if self.acceptance_batch is None:
            self.acceptance_batch = self.donations
        if self.donations < 1 or self.second_batch < 1 or self.concurrency < 1 or self.processes < 1:
            raise BenchmarkError("--donations, --second-batch, --concurrency and --processes must be at least 1.")
        if not 0 <= self.duplicates <= 1:
            raise BenchmarkError("--duplicates is a share between 0 and 1.")
        self.processes = min(self.processes, self.concurrency)
        return self


# -- small helpers ---------------------------------------------------------------------------


def cpu_seconds(groups, database=""):
    """CPU seconds used so far by each process group in ``groups`` ({name: pgid}), and by each
    PostgreSQL backend serving ``database`` (as ``postgres:<pid>``; its process title names it).

    Read from /proc (Linux; an empty dict elsewhere). Backends that ended (gunicorn's, one per
    request; the worker's, closed after each task) are counted through the postmaster, which
    collects its children's time when they exit (``postgres:ended``, of any database: the
    benchmark's server should serve nothing else while it runs).
    """
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    names = {pgid: name for name, pgid in groups.items()}
    used = dict.fromkeys(groups, 0.0)
    try:
        entries = os.listdir("/proc")
    except OSError:
        return {}
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                text = handle.read()
            comm, rest = text[text.find("(") + 1:text.rfind(")")], text[text.rfind(")") + 2:].split()
            seconds = (int(rest[11]) + int(rest[12])) / ticks  # utime + stime
            pgid = int(rest[2])
            if pgid in names:
                used[names[pgid]] += seconds
            elif comm == "postgres" and database:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    title = handle.read().replace(b"\0", b" ").decode(errors="replace")
                if f" {database} " in f" {title} ":
                    used[f"postgres:{entry}"] = seconds
                elif not title.startswith("postgres:"):  # the postmaster: its ended children's time
                    used["postgres:ended"] = used.get("postgres:ended", 0.0) + (int(rest[13]) + int(rest[14])) / ticks
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
    return used


def http_json(method, port, path, data=None, timeout=5):
    """A small JSON request to one of our loopback servers; the decoded answer."""
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", data=body, method=method,
                                     headers={"Content-Type": "application/json"})
    # No proxy from the environment: everything here is on loopback.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=timeout) as response:
        return json.loads(response.read())


def webhook_latency(result):
    """``"p50 X ms, p99 Y ms"`` of the answered requests of a load result."""
    latencies = [(finished - started) * 1000 for _i, status, started, finished in result["requests"] if status == 200]
    if not latencies:
        return "no answers"
    return f"webhook latency p50 {percentile(latencies, 50):.1f} ms, p99 {percentile(latencies, 99):.1f} ms"


def flood_items(orders, duplicate_share, spread, rng, server_key=midtrans.SERVER_KEY):
    """The notifications of a flood, in sending order: ``[(order index, body, is duplicate)]``.

    Each order once, and ``duplicate_share`` of them a second time with the very same bytes (as
    Midtrans redelivers), a little later (1 to ``spread`` places after the first), so that some
    duplicates arrive while their original is still being handled.
    """
    bodies = [json.dumps(midtrans.notification(token, amount, server_key=server_key)) for token, amount, _id in orders]
    keyed = [(float(i), i, False) for i in range(len(orders))]
    for i in rng.sample(range(len(orders)), round(len(orders) * duplicate_share)):
        keyed.append((i + rng.randint(1, max(spread, 1)) + 0.5, i, True))
    keyed.sort()
    return [(i, bodies[i], duplicate) for _key, i, duplicate in keyed]


def tracebacks(text):
    """``(count, {exception line: count})`` of the Python tracebacks in a log's ``text``."""
    count, kinds = 0, {}
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if not line.startswith("Traceback (most recent call last)"):
            continue
        count += 1
        # The exception is the first line after the frames that is not indented.
        for following in lines[n + 1:]:
            if following and not following[0].isspace() and not following.startswith(("Traceback", "During ",
                                                                                         "The above ")):
                kinds[following] = kinds.get(following, 0) + 1
                break
    return count, kinds


# -- processes ---------------------------------------------------------------------------------


class LoadRun:
    """A load in ``processes`` client processes (:mod:`.load`); its results merged back.

    ``split``: every item is sent once, the items dealt out round-robin; otherwise each process
    cycles through all the items for its share of ``count``.
    """

    def __init__(self, bench, name, port, items, count, split, deadline, timeout=30.0, rate=0.0):
        self.bench, self.items = bench, items
        procs = max(1, min(bench.options.processes, len(items) if split else count))
        threads = -(-bench.options.concurrency // procs)  # ceil: the total concurrency at least
        self.procs, self.result_paths, self.index_maps = [], [], []
        for k in range(procs):
            if split:
                indices = list(range(k, len(items), procs))
                share = len(indices)
            else:
                indices = list(range(len(items)))
                share = count // procs + (1 if k < count % procs else 0)
            spec = {"host": HOST, "port": port, "threads": threads, "timeout": timeout, "deadline": deadline,
                    "rate": rate / procs if rate else 0,
                    "count": share, "items": [["POST" if items[i][1] else "GET", items[i][0], items[i][1], None]
                                              for i in indices]}
            spec_path = bench.log_dir / f"{name}-{k}.spec.json"
            spec_path.write_text(json.dumps(spec))
            result_path = bench.log_dir / f"{name}-{k}.result.json"
            self.result_paths.append(result_path)
            self.index_maps.append(indices)
            self.procs.append(bench.processes.start(
                f"{name}-{k}", [sys.executable, "-m", "gateways.bench.load", str(spec_path), str(result_path)],
                env=bench.client_env, stdin=subprocess.PIPE, stdout=subprocess.PIPE))
        self.started_at = None

    def wait_ready(self, timeout=30.0):
        end = time.monotonic() + timeout
        for process in self.procs:
            ready, _w, _x = select.select([process.stdout], [], [], max(0.0, end - time.monotonic()))
            if not ready or process.stdout.readline().strip() != b"ready":
                raise BenchmarkError(f"the load client {process.bench_name} did not start:\n"
                                     + self.bench.processes.tail(process.bench_name))

    def tell(self, word):
        for process in self.procs:
            try:
                process.stdin.write(word.encode() + b"\n")
                process.stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass

    def go(self):
        self.started_at = time.monotonic()
        self.tell("go")
        return self.started_at

    def stop(self):
        self.tell("stop")

    def finished(self):
        return all(process.poll() is not None for process in self.procs)

    def collect(self, timeout=30.0):
        """Wait for every client (stopping them after ``timeout`` s) and merge their results."""
        end = time.monotonic() + timeout
        for process in self.procs:
            try:
                process.wait(max(0.1, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stop()
        merged = {"requests": [], "errors": {}, "samples": {}, "abandoned": 0, "cpu": 0.0}
        for process, path, indices in zip(self.procs, self.result_paths, self.index_maps):
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                pass
            self.bench.processes.stop(process)
            try:
                result = json.loads(path.read_text())
            except (OSError, ValueError):
                raise BenchmarkError(f"the load client {process.bench_name} left no result:\n"
                                     + self.bench.processes.tail(process.bench_name)) from None
            merged["requests"] += [(indices[item], status, started, finished)
                                   for item, status, started, finished in result["requests"]]
            for status, count in result["errors"].items():
                merged["errors"][status] = merged["errors"].get(status, 0) + count
            for status, texts in result["samples"].items():
                merged["samples"].setdefault(status, []).extend(texts)
            merged["abandoned"] += result["abandoned"]
            merged["cpu"] += result.get("cpu", 0.0)
        return merged


# -- the database --------------------------------------------------------------------------------


class Database:
    """The benchmark's own PostgreSQL database: created, queried with plain SQL, dropped."""

    def __init__(self, url):
        import dj_database_url

        config = dj_database_url.parse(url)
        if "postgresql" not in config["ENGINE"]:
            raise BenchmarkError(f"The benchmark needs PostgreSQL, not {url}.")
        self.url, self.name = url, config["NAME"]
        # A name we may drop without a second thought: nobody else's database.
        if not self.name or "bench" not in self.name or not self.name.replace("_", "").isalnum():
            raise BenchmarkError(f"Refusing to drop and create {self.name!r}: its name must contain 'bench'.")
        self.params = {"host": config.get("HOST") or HOST, "port": config.get("PORT") or 5432,
                       "user": config.get("USER") or None, "password": config.get("PASSWORD") or None}
        self.connection = None

    def connect(self, dbname=None):
        import psycopg

        params = {k: v for k, v in self.params.items() if v}
        try:
            return psycopg.connect(dbname=dbname or self.name, autocommit=True, connect_timeout=5, **params)
        except psycopg.OperationalError as exc:
            raise BenchmarkError(f"Cannot connect to PostgreSQL as {self.params.get('user') or 'the default user'} "
                                 f"at {self.params['host']}:{self.params['port']}: {exc}".strip()) from None

    def recreate(self):
        self.drop()
        with self.connect("postgres") as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        self.close()
        with self.connect("postgres") as admin:
            # FORCE: a server killed a moment ago may still hold a connection (PostgreSQL 13+).
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql, params=None):
        return self.execute(sql, params).fetchall()

    def execute(self, sql, params=None):
        """Run ``sql`` on the kept connection (autocommit: ``VACUUM`` may run); its cursor."""
        if self.connection is None or self.connection.closed:
            self.connection = self.connect()
        return self.connection.execute(sql, params)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


# -- the benchmark -------------------------------------------------------------------------------


class Benchmark:
    """One run of the payments benchmark; ``run()`` returns the lines of the final table."""

    def __init__(self, options, write=print):
        self.options = options.resolve()
        self.write = write
        self.figures = {}
        self.notes = []
        self.database = Database(self.options.db_url)
        self.log_dir = Path(tempfile.mkdtemp(prefix="lokadaya-bench-"))
        self.processes = Processes(self.log_dir)
        self.rng = random.Random(20261130)
        self.client_env = {**os.environ, "PYTHONUNBUFFERED": "1", **no_proxy()}
        self.cache_prefix = f"bench-{uuid.uuid4().hex[:8]}"  # this run's entries in a shared Redis
        self.failed = False

    # -- the run ------------------------------------------------------------------------------

    def run(self):
        started = time.monotonic()
        self.busy_before = cpu_busy()
        if self.busy_before is not None and self.busy_before > 0.25:
            self.notes.append(f"Other processes kept the CPUs {self.busy_before:.0%} busy just before the run: "
                              f"the figures are lower than on a quiet machine.")
        previous = signal.signal(signal.SIGTERM, self._terminate)
        try:
            self.prepare()
            self.start_servers()
            self.warm_up()
            self.hello_phase()
            self.idle_phase()
            self.acceptance_phase()
            self.quiesce()
            self.flood_phase()
            self.quiesce()
            self.slow_phase()
            self.check_phase()
        except BaseException:
            self.failed = True
            raise
        finally:
            for process in self.processes.running:
                if process.bench_name in ("gunicorn", "worker", "standin") and process.poll() is not None:
                    self.notes.append(f"{process.bench_name} exited during the run (code {process.returncode}); "
                                      f"the figures after that are not meaningful.")
            self.processes.close()
            signal.signal(signal.SIGTERM, previous)
            self.finish()
        self.figures["elapsed"] = time.monotonic() - started
        return self.report()

    def _terminate(self, signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    def finish(self):
        """Drop the database (unless kept) and the logs (unless kept or something went wrong)."""
        errors, kinds = 0, {}
        for name in ("gunicorn", "worker"):
            try:
                text = self.processes.log_path(name).read_text(errors="replace")
            except OSError:
                continue
            # A task the stop interrupted (the slow phase's settlements wait 2 s on the gateway)
            # ends in a traceback: only what came before the worker was told to stop counts.
            count, found = tracebacks(text.split(WORKER_STOPPING, 1)[0])
            errors += count
            for kind, n in found.items():
                kinds[f"{name}: {kind}"] = kinds.get(f"{name}: {kind}", 0) + n
        if errors:
            common = sorted(kinds.items(), key=lambda item: -item[1])[:3]
            self.notes.append(f"{errors} tracebacks in the server and worker logs ({self.log_dir}); most often: "
                              + "; ".join(f"{n}x {kind[:160]}" for kind, n in common))
        if getattr(self, "_cache_url", ""):
            try:
                forget_cache_prefix(self._cache_url, self.cache_prefix)
            except Exception as exc:  # noqa: BLE001 - cleaning up; the run's own outcome matters more
                self.write(f"Could not delete this run's cache entries ({self.cache_prefix}:*): {exc}")
        try:
            if self.options.keep_db:
                self.database.close()
                self.write(f"Database kept: {self.options.db_url}")
            else:
                self.database.drop()
        except Exception as exc:  # noqa: BLE001 - cleaning up; the run's own error matters more
            self.write(f"Could not drop {self.database.name}: {exc}")
        if self.failed or errors or self.options.keep_logs:
            self.write(f"Logs kept in {self.log_dir}")
        else:
            shutil.rmtree(self.log_dir, ignore_errors=True)

    def cpu_snapshot(self):
        groups = {}
        for process in self.processes.running:
            kind = process.bench_name.split("-")[0]
            # The load clients report their own CPU time (they may be gone before the second snapshot).
            if process.poll() is None and kind in ("gunicorn", "worker", "standin"):
                groups[f"{kind}:{process.pid}"] = process.pid
        return cpu_seconds(groups, self.database.name)

    def cpu_text(self, before, after, seconds, clients=0.0):
        """Where the CPU time went between two snapshots, by kind of process (``clients``: the load's)."""
        if not before or not after:
            return ""
        used = {"load": clients}
        for key, value in after.items():
            kind = key.split(":")[0]
            # A process that started between the snapshots spent all of its time in between.
            used[kind] = used.get(kind, 0.0) + max(0.0, value - before.get(key, 0.0))
        # A backend that ended in between is counted through the postmaster with all of its life's
        # time: what it had used by the first snapshot is not this phase's (a connection kept from
        # the phase before, closed at CONN_MAX_AGE, would otherwise bring its whole past along).
        gone = sum(value for key, value in before.items()
                   if key.startswith("postgres:") and key != "postgres:ended" and key not in after)
        if "postgres" in used:
            used["postgres"] = max(0.0, used["postgres"] - gone)
        labels = {"gunicorn": "gunicorn", "worker": "task worker", "postgres": "PostgreSQL", "standin": "stand-in"}
        parts = [f"{labels.get(kind, kind + ' client')} {value:.1f}" for kind, value in
                 sorted(used.items(), key=lambda item: -item[1]) if value >= 0.05]
        return (f"CPU seconds: {', '.join(parts)} (of {seconds * (os.cpu_count() or 1):.0f} available in "
                f"{seconds:.0f} s)")

    def step(self, text):
        self.write(f"[{time.strftime('%H:%M:%S')}] {text}")

    # -- 1. the database --------------------------------------------------------------------------

    def prepare(self):
        options = self.options
        self.step(f"Database {self.database.name}: dropping, creating, migrating, seeding "
                  f"({options.acceptance_batch} + {options.donations} + {options.second_batch} pending Midtrans "
                  f"donations)")
        self.database.recreate()
        self.site_env = self.environment()
        out = self.log_dir / "prepare.json"
        process = self.processes.start("prepare", [sys.executable, "-m", "gateways.bench.prepare", str(out),
                                                   "--batch", str(options.acceptance_batch),
                                                   "--batch", str(options.donations),
                                                   "--batch", str(options.second_batch)], env=self.site_env)
        try:
            code = process.wait(300)
        except subprocess.TimeoutExpired:
            code = None
        self.processes.stop(process)
        if code != 0:
            raise BenchmarkError("Preparing the database failed:\n" + self.processes.tail("prepare", 40))
        self.data = json.loads(out.read_text())
        # Statistics for the freshly loaded tables, as autovacuum keeps them on a live site: otherwise
        # its ANALYZE runs in the middle of a measured phase, and the plans before it are guesses.
        self.database.execute("VACUUM ANALYZE")
        self.batches = self.data["batches"]
        self.campaign_path = self.data["campaign"]["url"]
        timings = self.data["timings"]
        self.step(f"  migrated in {timings['migrate']:.0f} s, seeded in {timings['seed']:.0f} s, its queued tasks "
                  f"run in {timings.get('tasks', 0):.0f} s; campaign "
                  f"\"{self.data['campaign']['title']}\" at {self.campaign_path}")
        orders = {token: amount for batch in self.batches for token, amount, _id in batch}
        self.orders_path = self.log_dir / "orders.json"
        self.orders_path.write_text(json.dumps(orders))

    def environment(self, standin_port=None):
        """The site's environment (gunicorn, worker, prepare): production settings, our database."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("MIDTRANS_", "XENDIT_", "ELASTICSEARCH_", "DJANGO_"))}
        env.update({
            "DJANGO_SETTINGS_MODULE": "lokadaya.settings.benchmark",
            "SECRET_KEY": "benchmark",
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": self.options.db_url,
            "MIDTRANS_SERVER_KEY": midtrans.SERVER_KEY,
            "MIDTRANS_PRODUCTION": "false",
            "DUMMY_PAYMENTS": "false",
            "PYTHONUNBUFFERED": "1",
            **no_proxy(),  # the site's calls to the stand-in gateway must not go through a proxy
        })
        if standin_port:
            env["MIDTRANS_API_URL"] = f"http://{HOST}:{standin_port}"
            # Nothing creates Snap transactions in the benchmark; if something did, it stays on loopback.
            env["MIDTRANS_SNAP_URL"] = f"http://{HOST}:{standin_port}/snap/v1/transactions"
        if self.cache_url():
            env["CACHE_URL"] = self.cache_url()
            env["CACHE_KEY_PREFIX"] = self.cache_prefix
        else:
            env.pop("CACHE_URL", None)
        return env

    def cache_url(self):
        if not hasattr(self, "_cache_url"):
            self._cache_url, self.cache_note = shared_cache(self.options.redis_url, "no --redis-url")
        return self._cache_url

    # -- 2. the servers ---------------------------------------------------------------------------

    def start_servers(self):
        options = self.options
        self.standin_port = free_port()
        self.processes.start("standin", [sys.executable, "-m", "gateways.bench.standin",
                                         "--port", str(self.standin_port), "--orders", str(self.orders_path),
                                         "--delay-ms", str(options.status_delay_ms)], env=self.client_env)
        self.wait_for("standin", lambda: http_json("GET", self.standin_port, "/_standin/stats"))
        env = self.environment(self.standin_port)
        self.site_port = free_port()
        self.processes.start("gunicorn", [
            sys.executable, "-m", "gunicorn", "lokadaya.wsgi:application",
            "--workers", str(options.gunicorn_workers), "--bind", f"{HOST}:{self.site_port}",
            "--no-control-socket", "--timeout", "60", "--graceful-timeout", "3",
        ], env=env)
        self.wait_for("gunicorn", self.hello_ok, timeout=60)
        commands = self.data["commands"]
        name = "worker" if commands.get("worker") else "db_worker" if commands.get("db_worker") else None
        self.worker_name = name
        if name:
            extra = ["--processes", str(options.worker_processes)] if name == "worker" else []
            worker = self.processes.start("worker", [sys.executable, "manage.py", name, *extra], env=env)
            time.sleep(1.0)
            if worker.poll() is not None:
                raise BenchmarkError(f"manage.py {name} exited at once:\n" + self.processes.tail("worker"))
        self.step(f"Servers: stand-in gateway :{self.standin_port} ({options.status_delay_ms:g} ms), gunicorn "
                  f":{self.site_port} ({options.gunicorn_workers} sync workers), task worker: "
                  f"{'manage.py ' + name if name else 'none'} ({options.worker_processes} processes); "
                  f"cache: {self.cache_note}")
        if not name:
            self.notes.append("No task worker: neither `manage.py worker` nor `manage.py db_worker` exists; "
                              "confirmations can only happen inside the webhook requests.")

    def wait_for(self, name, probe, timeout=30.0):
        process = next(p for p in self.processes.running if p.bench_name == name)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if process.poll() is not None:
                raise BenchmarkError(f"{name} exited while starting:\n" + self.processes.tail(name))
            try:
                if probe():
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchmarkError(f"{name} did not answer within {timeout:.0f} s:\n" + self.processes.tail(name))

    def hello_ok(self):
        status, _answer = exchange(HOST, self.site_port, build_request("GET", HOST, self.site_port, HELLO_PATH), 5)
        return status == 200

    def warm_up(self):
        """First requests load templates, URLconfs and connections; do that before measuring."""
        hello = build_request("GET", HOST, self.site_port, HELLO_PATH)
        page = build_request("GET", HOST, self.site_port, self.campaign_path,
                             headers=[f"Cookie: sessionid={RENDER_COOKIE}"])
        unknown = build_request("POST", HOST, self.site_port, WEBHOOK_PATH,
                                json.dumps(midtrans.notification("bench-warm-up-unknown-order", 10000)))
        for payload in [hello] * 20 + [page] * 10 + [unknown] * 4:
            exchange(HOST, self.site_port, payload, 30)
        status, answer = exchange(HOST, self.site_port, page, 30)
        if status != 200:
            raise BenchmarkError(f"The campaign page {self.campaign_path} answers {status}:\n"
                                 + answer[:1000].decode(errors="replace"))
        head = answer.split(b"\r\n\r\n", 1)[0].lower()
        if b"\r\nx-page-cache: hit" in head or b"\r\nx-page-cache: stale" in head:
            raise BenchmarkError("The page cache answered the campaign page's samples: they would not be renders.")

    # -- 3. hello world ---------------------------------------------------------------------------

    def hello_phase(self):
        count = self.options.hello_requests
        self.step(f"Hello world: {count} requests at concurrency {self.options.concurrency}")
        load = LoadRun(self, "hello", self.site_port, [(HELLO_PATH, None)], count, split=False, deadline=60)
        load.wait_ready()
        load.go()
        result = load.collect(timeout=90)
        ok, seconds = span(result["requests"], {200})
        latencies = [(r[3] - r[2]) * 1000 for r in result["requests"] if r[1] == 200]
        self.figures["hello"] = {"rps": rate(ok, seconds), "ok": ok, "sent": len(result["requests"]),
                                 "p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
                                 "errors": result["errors"]}
        self.step(f"  {rate(ok, seconds):.0f} req/s ({ok} answered 200 in {seconds:.1f} s; the client used "
                  f"{result['cpu']:.1f} s of CPU)" + self.error_text(result))

    def error_text(self, result):
        if not result["errors"]:
            return ""
        samples = {status: texts[:1] for status, texts in result["samples"].items()}
        return f"; other answers: {result['errors']} e.g. {samples}"

    # -- 4. the campaign page, idle -------------------------------------------------------------------

    def sample_page(self, count, time_limit, timeout=20.0, interval=0.0):
        """``count`` sequential GETs of the campaign page, one every ``interval`` s at most (fewer if
        ``time_limit`` s pass): latencies, errors.

        Each is rendered: the GETs carry a session cookie (of no session), and the page cache never
        answers a request with one. A kept page would answer in a millisecond whatever the worker
        does; the render is what competes with the settlement for the CPU and the database.
        """
        payload = build_request("GET", HOST, self.site_port, self.campaign_path,
                                headers=[f"Cookie: sessionid={RENDER_COOKIE}"])
        latencies, errors = [], {}
        end = time.monotonic() + time_limit
        while len(latencies) < count and time.monotonic() < end:
            started = time.perf_counter()
            status, _answer = exchange(HOST, self.site_port, payload, timeout)
            latencies.append((time.perf_counter() - started) * 1000)
            if status != 200:
                errors[status] = errors.get(status, 0) + 1
            rest = interval - (time.perf_counter() - started)
            if rest > 0:
                time.sleep(min(rest, max(0.0, end - time.monotonic())))
        return latencies, errors

    def idle_phase(self):
        self.step(f"Campaign page, idle: {self.options.samples} sequential GETs")
        latencies, errors = self.sample_page(self.options.samples, time_limit=60)
        self.figures["idle"] = {"p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
                                "n": len(latencies), "errors": errors}
        self.step(f"  p50 {fmt_ms(percentile(latencies, 50))}, p99 {fmt_ms(percentile(latencies, 99))}"
                  + (f"; non-200 answers: {errors}" if errors else ""))

    def quiesce(self):
        """Wait until the task worker has nothing due (the previous phase's emails, say): each phase is
        measured from a quiet queue, not on top of the background work the one before left."""
        started = time.monotonic()
        waiting = self.tasks_due()
        while waiting and time.monotonic() - started < QUIESCE_LIMIT:
            time.sleep(POLL_INTERVAL * 5)
            waiting = self.tasks_due()
        if time.monotonic() - started >= 1:
            self.step(f"  waited {time.monotonic() - started:.1f} s for the task worker's queue to empty"
                      + (f" ({waiting} tasks still due)" if waiting else ""))

    def tasks_due(self):
        """Tasks the worker has to run now or is running (later scheduled ones are not counted)."""
        return self.query("SELECT count(*) FROM django_tasks_database_dbtaskresult "
                          "WHERE status IN ('READY', 'RUNNING') AND run_after <= now()")[0][0]

    # -- 5. the flood ------------------------------------------------------------------------------

    def confirmed(self, ids):
        """How many of the donations ``ids`` are confirmed now (one COUNT).

        Asked ten times a second while the worker runs, on the same two cores: the ids are joined as
        a set. ``id = ANY(%s)`` compared each row with the whole list (measured: 26-40 ms a COUNT over
        2,000 ids, a third of a core; the join takes 4-5 ms)."""
        table_name = self.data["tables"]["donation"]
        return self.query(f'SELECT count(*) FROM "{table_name}" d JOIN unnest(%s::bigint[]) AS wanted(id) '
                          f'ON d.id = wanted.id WHERE d.status = %s', [ids, "confirmed"])[0][0]

    def query(self, sql, params=None):
        return self.database.query(sql, params)

    def acceptance_phase(self):
        """Webhook acceptance with the task worker paused: the server's own capacity for notifications."""
        options = self.options
        batch = self.batches[0]
        ids = [donation_id for _token, _amount, donation_id in batch]
        items = flood_items(batch, options.duplicates, 2 * options.concurrency, self.rng)
        duplicates = sum(1 for item in items if item[2])
        worker = next((p for p in self.processes.running if p.bench_name == "worker"), None)
        self.step(f"Acceptance: {len(batch)} notifications + {duplicates} duplicates at concurrency "
                  f"{options.concurrency}, the task worker paused")
        load = LoadRun(self, "accept", self.site_port, [(WEBHOOK_PATH, body) for _i, body, _dup in items],
                       len(items), split=True, deadline=options.flood_limit)
        load.wait_ready()
        if worker is not None:
            os.killpg(worker.pid, signal.SIGSTOP)
        try:
            cpu_before = self.cpu_snapshot()
            t0 = load.go()
            result = load.collect(timeout=options.flood_limit + 30)
            cpu_after, cpu_wall = self.cpu_snapshot(), time.monotonic() - t0
        finally:
            if worker is not None:
                os.killpg(worker.pid, signal.SIGCONT)
        ok, seconds = span(result["requests"], {200})
        self.acceptance_ids = self.accepted(result, items, batch)
        self.step(f"  {ok}/{len(result['requests'])} answered 200 in {seconds:.1f} s ({rate(ok, seconds):.1f}/s); "
                  f"{webhook_latency(result)}" + self.error_text(result))
        if self.cpu_text(cpu_before, cpu_after, cpu_wall):
            self.step("  " + self.cpu_text(cpu_before, cpu_after, cpu_wall, result["cpu"]))
        # The worker resumes with the whole batch waiting: how fast it drains a backlog.
        resumed, before = time.monotonic(), self.confirmed(ids)
        last_count, last_change = before, resumed
        while time.monotonic() - resumed < options.flood_limit + options.drain_limit:
            count = self.confirmed(self.acceptance_ids)
            if count != last_count:
                last_count, last_change = count, time.monotonic()
            if count >= len(self.acceptance_ids) or time.monotonic() - last_change >= options.stall:
                break
            time.sleep(POLL_INTERVAL)
        drained, drain_seconds = last_count - before, last_change - resumed
        self.figures["accept"] = {"sent": len(result["requests"]), "planned": len(items), "duplicates": duplicates,
                                  "ok": ok, "accept_rps": rate(ok, seconds), "accept_seconds": seconds,
                                  "errors": result["errors"], "drained": drained, "drain_seconds": drain_seconds,
                                  "drain_rps": rate(drained, drain_seconds), "total": len(ids)}
        self.step(f"  backlog: {drained}/{len(self.acceptance_ids)} confirmed {drain_seconds:.1f} s after the worker "
                  f"resumed ({rate(drained, drain_seconds):.1f}/s)")

    def flood_phase(self):
        options = self.options
        batch = self.batches[1]
        ids = [donation_id for _token, _amount, donation_id in batch]
        items = flood_items(batch, options.duplicates, 2 * options.concurrency, self.rng)
        duplicates = sum(1 for item in items if item[2])
        self.step(f"Flood: {len(batch)} notifications + {duplicates} duplicates at concurrency "
                  f"{options.concurrency}, status API {options.status_delay_ms:g} ms; waiting for every "
                  f"confirmation (at most {options.flood_limit:.0f} s of sending + {options.drain_limit:.0f} s)")
        load = LoadRun(self, "flood", self.site_port, [(WEBHOOK_PATH, body) for _i, body, _dup in items],
                       len(items), split=True, deadline=options.flood_limit)
        load.wait_ready()
        before = self.confirmed(ids)
        cpu_before = self.cpu_snapshot()
        t0 = load.go()
        result, accepted_ids = None, None
        last_count, last_change, last_print = before, t0, t0
        reason = ""
        while True:
            now = time.monotonic()
            count = self.confirmed(ids)
            if count != last_count:
                # When the latest confirmation was seen: the end of the run, to the poll's 100 ms.
                last_count, last_change = count, now
            if now - last_print >= 5:
                self.step(f"  {now - t0:5.1f} s: {count}/{len(ids)} confirmed")
                last_print = now
            if count >= len(ids):
                reason = "every donation confirmed"
                break
            if result is None and load.finished():
                result = load.collect()
                accepted_ids = self.accepted(result, items, batch)
            if result is not None:
                if self.confirmed(accepted_ids) >= len(accepted_ids):
                    reason = "every notification answered 200 was confirmed"
                    break
                if now - last_change >= options.stall:
                    reason = f"no confirmation for {options.stall:.0f} s"
                    break
            if now - t0 >= options.flood_limit + options.drain_limit:
                reason = "time limit"
                break
            time.sleep(max(0.0, POLL_INTERVAL - (time.monotonic() - now)))
        cpu_after, cpu_wall = self.cpu_snapshot(), time.monotonic() - t0
        final = self.confirmed(ids)  # the last check may have seen one more than the last count
        if final != last_count:
            last_count, last_change = final, time.monotonic()
        if final >= len(ids):
            reason = "every donation confirmed"
        if result is None:
            if reason == "time limit":
                load.stop()
            # Every donation confirmed while duplicates were still going out: let them all go out.
            result = load.collect(timeout=max(5.0, options.flood_limit - (time.monotonic() - t0) + 5))
            accepted_ids = self.accepted(result, items, batch)
        if len(result["requests"]) < len(items):
            reason += f"; {len(items) - len(result['requests'])} notifications not sent within {options.flood_limit:g} s"
        confirmed_now = last_count - before
        first_sent = min((r[2] for r in result["requests"]), default=t0)
        e2e_seconds = last_change - first_sent if confirmed_now else 0.0
        ok, seconds = span(result["requests"], {200})
        self.flood_result = result
        self.figures["flood"] = {
            "sent": len(result["requests"]), "planned": len(items), "duplicates": duplicates, "ok": ok,
            "accept_rps": rate(ok, seconds), "accept_seconds": seconds, "errors": result["errors"],
            "confirmed": confirmed_now, "total": len(ids), "e2e_seconds": e2e_seconds,
            "e2e_rps": rate(confirmed_now, e2e_seconds), "reason": reason,
            "accepted_orders": len(accepted_ids), "still_moving": time.monotonic() - last_change < options.stall,
            "abandoned": result["abandoned"],
        }
        self.accepted_ids = accepted_ids
        self.step(f"  {ok}/{len(result['requests'])} notifications answered 200 in {seconds:.1f} s "
                  f"({rate(ok, seconds):.1f}/s); {confirmed_now}/{len(ids)} confirmed in {e2e_seconds:.1f} s "
                  f"({rate(confirmed_now, e2e_seconds):.1f}/s); stopped: {reason}; {webhook_latency(result)}"
                  + self.error_text(result))
        if self.cpu_text(cpu_before, cpu_after, cpu_wall):
            self.step("  " + self.cpu_text(cpu_before, cpu_after, cpu_wall, result["cpu"]))

    def accepted(self, result, items, batch):
        """The donation ids of the orders with at least one notification answered 200."""
        orders = {items[index][0] for index, status, _s, _f in result["requests"] if status == 200}
        return [batch[order][2] for order in sorted(orders)]

    # -- 6. the slow gateway -------------------------------------------------------------------------

    def slow_phase(self):
        options = self.options
        batch = self.batches[2]
        http_json("POST", self.standin_port, "/_standin/delay", {"delay_ms": options.slow_delay_ms})
        self.step(f"Slow gateway: status API {options.slow_delay_ms:g} ms; {len(batch)} notifications at "
                  f"{options.slow_rate:g}/s while sampling the campaign page "
                  f"({options.samples} GETs, at most {options.slow_limit:.0f} s)")
        items = flood_items(batch, 0, 1, self.rng)
        load = LoadRun(self, "slow", self.site_port, [(WEBHOOK_PATH, body) for _i, body, _dup in items],
                       len(items), split=True, deadline=options.slow_limit, rate=options.slow_rate)
        load.wait_ready()
        cpu_before = self.cpu_snapshot()
        started = load.go()
        # Spread over the time the notifications take to arrive, so the samples see all of it.
        sending = min(options.slow_limit, len(items) / options.slow_rate) if options.slow_rate > 0 else 0.0
        latencies, errors = self.sample_page(options.samples, time_limit=options.slow_limit,
                                             interval=sending / max(options.samples, 1))
        cpu_after, cpu_wall = self.cpu_snapshot(), time.monotonic() - started
        load.stop()
        result = load.collect(timeout=15)
        ok, seconds = span(result["requests"], {200})
        ids = [donation_id for _token, _amount, donation_id in batch]
        self.figures["slow"] = {"p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
                                "n": len(latencies), "errors": errors, "sent": len(result["requests"]), "ok": ok,
                                "accept_rps": rate(ok, seconds), "confirmed": self.confirmed(ids),
                                "total": len(ids), "notification_errors": result["errors"]}
        self.step(f"  campaign page p50 {fmt_ms(percentile(latencies, 50))}, p99 "
                  f"{fmt_ms(percentile(latencies, 99))} over {len(latencies)} GETs"
                  + (f" (non-200: {errors})" if errors else "")
                  + f"; {ok}/{len(result['requests'])} notifications answered 200, {webhook_latency(result)}"
                  + self.error_text(result))
        if self.cpu_text(cpu_before, cpu_after, cpu_wall):
            self.step("  " + self.cpu_text(cpu_before, cpu_after, cpu_wall, result["cpu"]))

    # -- 7. the checks ----------------------------------------------------------------------------------

    def check_phase(self):
        tables = self.data["tables"]
        first = [donation_id for batch in self.batches[:2] for _t, _a, donation_id in batch]
        every = first + [donation_id for _t, _a, donation_id in self.batches[2]]
        confirmed_first = {row[0] for row in self.query(
            f'SELECT id FROM "{tables["donation"]}" WHERE id = ANY(%s) AND status = %s', [first, "confirmed"])}
        accepted = set(self.accepted_ids) | set(self.acceptance_ids)
        lost = [i for i in sorted(accepted) if i not in confirmed_first]
        never_accepted = len(set(first) - accepted - confirmed_first)
        label = tables["donation_label"]
        duplicated = self.query(f"""
            WITH gross AS (
                SELECT source_id, SUM(amount) AS total,
                       COUNT(DISTINCT reference) FILTER (WHERE reference LIKE 'income%%') AS incomes
                FROM "{tables['ledger']}"
                WHERE source_type = %(label)s AND kind = 'gross' AND source_id = ANY(%(ids)s)
                GROUP BY source_id),
            confirmations AS (
                SELECT record_id, COUNT(*) AS n FROM "{tables['status_change']}"
                WHERE record_type = %(label)s AND new_status = 'confirmed' AND record_id = ANY(%(ids)s)
                GROUP BY record_id)
            SELECT d.id, COALESCE(g.total > d.amount, false), COALESCE(g.incomes > 1, false),
                   COALESCE(c.n > 1, false)
            FROM "{tables['donation']}" d
            LEFT JOIN gross g ON g.source_id = d.id LEFT JOIN confirmations c ON c.record_id = d.id
            WHERE d.id = ANY(%(ids)s) AND (g.total > d.amount OR g.incomes > 1 OR c.n > 1)
        """, {"label": label, "ids": every})
        unledgered = self.query(f"""
            SELECT count(*) FROM "{tables['donation']}" d
            WHERE d.id = ANY(%(ids)s) AND d.status = 'confirmed' AND NOT EXISTS (
                SELECT 1 FROM "{tables['ledger']}" l
                WHERE l.source_type = %(label)s AND l.source_id = d.id AND l.kind = 'gross')
        """, {"label": label, "ids": every})[0][0]
        stats = http_json("GET", self.standin_port, "/_standin/stats")
        self.figures["checks"] = {
            "lost": len(lost), "never_accepted": never_accepted, "duplicated": len(duplicated),
            "over_counted": sum(1 for row in duplicated if row[1]),
            "two_incomes": sum(1 for row in duplicated if row[2]),
            "two_confirmations": sum(1 for row in duplicated if row[3]), "unledgered": unledgered,
            "standin": stats,
        }

    # -- the table ------------------------------------------------------------------------------------

    def report(self):
        options, f = self.options, self.figures
        hello, flood, idle, slow, checks = f["hello"], f["flood"], f["idle"], f["slow"], f["checks"]
        accept = f["accept"]
        acceptance = ratio(accept["accept_rps"], hello["rps"])
        slow_ratio = ratio(slow["p99"], idle["p99"])
        no_worker = not self.worker_name
        rows = [
            Row("hello world", hello["rps"], "req/s",
                note=f"{hello['ok']}/{hello['sent']} answered 200, p99 {fmt_ms(hello['p99'])}"),
            Row("webhook acceptance (200 answers)", accept["accept_rps"], "req/s",
                note=f"task worker paused: {accept['ok']}/{accept['sent']} answered 200 of {accept['planned']} "
                     f"planned ({accept['duplicates']} duplicates) in {accept['accept_seconds']:.1f} s"
                     + (f"; other answers {accept['errors']}" if accept["errors"] else "")),
            Row("acceptance / hello world", None if acceptance is None else acceptance * 100, "%", Goal(">=", 30)),
            Row("backlog drained by the worker", accept["drain_rps"], "/s",
                note=f"{accept['drained']} confirmed in {accept['drain_seconds']:.1f} s after it resumed"),
            Row("webhook acceptance, worker running", flood["accept_rps"], "req/s",
                note=f"the flood: {flood['ok']}/{flood['sent']} answered 200 in {flood['accept_seconds']:.1f} s"
                     + (f"; other answers {flood['errors']}" if flood["errors"] else "")),
            Row("end-to-end confirmations", flood["e2e_rps"], "/s", Goal(">=", 100),
                note=f"{flood['confirmed']}/{flood['total']} confirmed in {flood['e2e_seconds']:.1f} s "
                     f"({flood['reason']})" + ("; no task worker" if no_worker else "")),
            self.lost_row(),
            Row("duplicated confirmations", checks["duplicated"], "", Goal("==", 0),
                note=f"over-counted {checks['over_counted']}, two income sets {checks['two_incomes']}, "
                     f"confirmed twice {checks['two_confirmations']}"),
            Row("campaign page p99, idle", idle["p99"], "ms", note=f"p50 {fmt_ms(idle['p50'])}, {idle['n']} GETs"
                + (f", non-200 {idle['errors']}" if idle["errors"] else "")),
            Row(f"campaign page p99, gateway {options.slow_delay_ms / 1000:g} s, {options.slow_rate:g} notif./s",
                slow["p99"], "ms",
                note=f"p50 {fmt_ms(slow['p50'])}, {slow['n']} GETs" + (f", non-200 {slow['errors']}" if slow["errors"]
                                                                        else "")
                     + f"; {slow['ok']}/{slow['sent']} notifications answered 200, {slow['confirmed']}/"
                       f"{slow['total']} confirmed"),
            Row("slow / idle p99", slow_ratio, "x", Goal("<", 2)),
            Row("status API calls", checks["standin"]["status_calls"], "",
                note=f"{checks['standin']['orders_asked']} orders, {checks['standin']['orders_asked_again']} asked "
                     f"more than once, {checks['standin']['unknown_orders']} unknown, "
                     f"{checks['standin']['unauthorised']} refused (auth), at most "
                     f"{checks['standin']['max_in_flight']} at once"),
        ]
        if checks["unledgered"]:
            self.notes.append(f"{checks['unledgered']} confirmed donations have no ledger lines.")
        header = [
            f"Payments benchmark: {options.acceptance_batch} + {options.donations} + {options.second_batch} donations, "
            f"concurrency "
            f"{options.concurrency} ({options.processes} client processes), status API {options.status_delay_ms:g} ms "
            f"/ {options.slow_delay_ms:g} ms; {f.get('elapsed', 0):.0f} s",
            f"gunicorn {options.gunicorn_workers} sync workers, task worker: "
            f"{'manage.py ' + self.worker_name if self.worker_name else 'none'} ({options.worker_processes} "
            f"processes), cache: {self.cache_note}; "
            f"{os.cpu_count()} CPUs, "
            + (f"{self.busy_before:.0%} busy just before the run" if self.busy_before is not None else ""),
        ]
        lines = ["", *header, "", *table(rows)]
        verdicts = [row.verdict() for row in rows if row.verdict()]
        lines += ["", f"Goals: {verdicts.count(MET)} met, {verdicts.count(MISSED)} missed"
                  + (f", {verdicts.count(UNKNOWN)} unknown" if UNKNOWN in verdicts else "")
                  + (f", {verdicts.count(SKIPPED)} skipped" if SKIPPED in verdicts else "")]
        lines += [f"Note: {note}" for note in self.notes]
        return lines

    def lost_row(self):
        checks, flood = self.figures["checks"], self.figures["flood"]
        note = (f"answered 200 but not confirmed; {checks['never_accepted']} never answered 200 "
                f"(not sent before the time limit, or refused)")
        status = ""
        if checks["lost"] and flood["still_moving"]:
            # Still being confirmed when the time ran out: slow, not (yet) lost.
            status, note = UNKNOWN, note + "; confirmations were still arriving when the phase ended"
        elif checks["lost"] and not self.worker_name:
            status, note = SKIPPED, note + "; no task worker to confirm them"
        return Row("lost confirmations", checks["lost"], "", Goal("==", 0), status=status, note=note)


def fmt_ms(value):
    return "n/a" if value is None else f"{value:.1f} ms"
