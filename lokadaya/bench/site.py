"""``manage.py bench``: the public pages' throughput, with and without the page cache, against hello world.

One run starts three gunicorn servers on loopback, all under ``lokadaya.settings.benchmark``
(production's settings plus ``/_bench/hello/``) on the same database and the same cache: "cached"
with the page cache (``LOKADAYA_PAGE_CACHE=1``), "uncached" without it (``=0``: every request is
rendered, with the editorial parts kept between publishes, ``pagecache/parts.py``, as in
production), and "cold" without either (``LOKADAYA_KEPT_PARTS=0``: every part rendered every
time; the campaign page only). It fetches every URL once
(each must answer 2xx itself: wrk would count a redirect as a success), warms each up, then runs
wrk against every URL in turn, round after round, so that a machine getting busier meanwhile
weighs on every URL alike. It prints the median over the rounds of each URL's requests per
second and p99 latency, and the ratios the goals are about.

Invariants: every process it starts is stopped when it ends, on an error or Ctrl-C (SIGTERM)
too; the database is only read (the pages are fetched, nothing is posted); the cache entries it
made in a shared Redis (its own key prefix) are deleted afterwards.
"""
import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from .load import Target, WrkError, interleave, probe, ratio, results_table, run_wrk, wrk_path
from .processes import HOST, Processes, cpu_busy, forget_cache_prefix, free_port, no_proxy, shared_cache, wait_gone

HELLO_PATH = "/_bench/hello/"
WORKER_CLASSES = ("sync", "gthread")
CACHED, UNCACHED, COLD = "cached", "uncached", "cold"
#: Each server: (name, page cache on, kept parts on).
SERVERS = ((CACHED, True, True), (UNCACHED, False, True), (COLD, False, False))
#: The goals of issue 13 on these ratios.
GOAL_CACHED_HELLO = 0.9
GOAL_UNCACHED_COMPARE = 3.0


class BenchError(Exception):
    """The benchmark cannot run (no wrk, a server did not start, a bad option...)."""


@dataclass
class Options:
    """What a run is told; :meth:`check` refuses nonsense before anything starts."""

    pages: dict = field(default_factory=dict)  # {kind: path} of the pages measured on both servers
    rounds: int = 3
    duration: float = 10.0
    connections: int = 16
    threads: int = 2
    timeout: float = 10.0
    warmup: int = 20
    gunicorn_workers: int = 2
    worker_class: str = "sync"
    gunicorn_threads: int = 4
    db_url: str = ""
    redis_url: str = "redis://127.0.0.1:6379/13"
    compare: str = ""
    compare_label: str = ""
    keep_logs: bool = False

    def check(self):
        if self.rounds < 1 or self.connections < 1 or self.threads < 1 or self.gunicorn_workers < 1:
            raise BenchError("--rounds, --connections, --threads and --workers must be at least 1.")
        if self.duration <= 0 or self.timeout <= 0:
            raise BenchError("--duration and --timeout must be positive.")
        if self.warmup < 1:
            raise BenchError("--warmup must be at least 1 (the first answer is checked).")
        if self.worker_class not in WORKER_CLASSES:
            raise BenchError(f"--worker-class must be one of {', '.join(WORKER_CLASSES)}.")
        if self.compare and urlsplit(self.compare).scheme != "http":
            raise BenchError(f"--compare must be an http:// URL (wrk on loopback), not {self.compare!r}.")
        if not self.db_url:
            raise BenchError("No database to serve the site from.")
        return self


def database_url(settings_dict):
    """A DATABASE_URL for the servers from a Django database's settings; BenchError if they cannot share it."""
    engine, name = settings_dict.get("ENGINE", ""), str(settings_dict.get("NAME") or "")
    if "postgresql" in engine:
        user = quote(settings_dict.get("USER") or "", safe="")
        password = quote(str(settings_dict.get("PASSWORD") or ""), safe="")
        credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
        return (f"postgres://{credentials}{settings_dict.get('HOST') or HOST}:"
                f"{settings_dict.get('PORT') or 5432}/{name}")
    if "sqlite" in engine:
        if not name or name == ":memory:" or "mode=memory" in name:
            raise BenchError("The database is in memory: the servers cannot share it. Use PostgreSQL "
                             "(DATABASE_URL) or a SQLite file.")
        return "sqlite:///" + os.path.abspath(name)
    raise BenchError(f"Unsupported database engine for the benchmark: {engine}.")


def format_ratio(value, unit):
    """``93.1 %`` or ``3.05x``; n/a for no value."""
    if value is None:
        return "n/a"
    return f"{value * 100:.1f} %" if unit == "%" else f"{value:.2f}x"


def tracebacks(text):
    """How many Python tracebacks a log holds."""
    return text.count("Traceback (most recent call last)")


class SiteBench:
    """One run; ``run()`` returns the report's lines. ``write`` gets the progress lines."""

    def __init__(self, options, write=print):
        self.options = options.check()
        self.write = write
        self.log_dir = self.processes = self.wrk = None
        self.cache_prefix = f"site-bench-{uuid.uuid4().hex[:8]}"  # this run's entries in a shared Redis
        self.servers = {}  # {name: (port, process)}
        self.targets = []
        self.notes = []
        self.failed = False

    # -- the run ----------------------------------------------------------------------------------

    def require_wrk(self):
        """The wrk executable; BenchError when it is not on PATH."""
        self.wrk = wrk_path()
        if not self.wrk:
            raise BenchError("wrk is not installed (or not on PATH): apt-get install wrk")
        return self.wrk

    def run(self):
        self.require_wrk()
        if not self.options.pages:
            raise BenchError("No page to measure.")
        started = time.monotonic()
        self.log_dir = tempfile.mkdtemp(prefix="lokadaya-site-bench-")
        self.processes = Processes(self.log_dir)
        self.busy_before = cpu_busy()
        if self.busy_before is not None and self.busy_before > 0.25:
            self.notes.append(f"Other processes kept the CPUs {self.busy_before:.0%} busy just before the run: "
                              "the figures are lower than on a quiet machine.")
        installed, previous = self._on_sigterm()
        try:
            self.start_servers()
            self.build_targets()
            self.warm_up()
            self.measure()
            self.check_servers()
        except BaseException as exc:
            # The logs are kept to look into a failure; not after Ctrl-C.
            self.failed = not isinstance(exc, KeyboardInterrupt)
            raise
        finally:
            self.processes.close()
            left = wait_gone([process.pid for _port, process in self.servers.values()])
            if left:
                self.notes.append(f"Processes still running after the servers were stopped: {sorted(left)}.")
            if installed:
                signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
            self.finish()
        self.elapsed = time.monotonic() - started
        return self.report()

    def _on_sigterm(self):
        """SIGTERM ends the run like Ctrl-C (its ``finally`` stops the servers): ``(installed, previous handler)``."""
        def stop(signum, frame):
            raise KeyboardInterrupt(f"signal {signum}")

        try:
            return True, signal.signal(signal.SIGTERM, stop)
        except ValueError:  # not the main thread: leave signals alone
            return False, None

    def step(self, text):
        self.write(f"[{time.strftime('%H:%M:%S')}] {text}")

    # -- the servers --------------------------------------------------------------------------------

    def cache_url(self):
        if not hasattr(self, "_cache_url"):
            self._cache_url, self.cache_note = shared_cache(self.options.redis_url, "--redis-url ''")
        return self._cache_url

    def environment(self, page_cache, kept_parts=True):
        """A server's environment: the benchmark settings, our database, the page cache and the kept
        parts on or off."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "TEST_DB_NAME"}
        env.update({
            "DJANGO_SETTINGS_MODULE": "lokadaya.settings.benchmark",
            "SECRET_KEY": "benchmark",
            "ALLOWED_HOSTS": HOST,
            "SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": self.options.db_url,
            "DUMMY_PAYMENTS": "false",
            "LOKADAYA_PAGE_CACHE": "1" if page_cache else "0",
            "LOKADAYA_KEPT_PARTS": "1" if kept_parts else "0",
            "PYTHONUNBUFFERED": "1",
            **no_proxy(),
        })
        if self.cache_url():
            # One cache for both servers, as in production; the page cache is what differs.
            env["CACHE_URL"] = self.cache_url()
            env["CACHE_KEY_PREFIX"] = self.cache_prefix
        else:
            env.pop("CACHE_URL", None)
        return env

    def gunicorn_command(self, port):
        options = self.options
        command = [sys.executable, "-m", "gunicorn", "lokadaya.wsgi:application",
                   "--workers", str(options.gunicorn_workers), "--worker-class", options.worker_class,
                   "--bind", f"{HOST}:{port}", "--no-control-socket", "--timeout", "60", "--graceful-timeout", "3"]
        if options.worker_class == "gthread":
            command += ["--threads", str(options.gunicorn_threads)]
        return command

    def start_servers(self):
        for name, page_cache, kept_parts in SERVERS:
            port = free_port()
            process = self.processes.start(name, self.gunicorn_command(port),
                                           env=self.environment(page_cache, kept_parts))
            self.servers[name] = (port, process)
        for name, (port, process) in self.servers.items():
            self.wait_for(name, port, process)
        self.step("Servers: " + ", ".join(f"{name} :{port} (pid {process.pid})"
                                          for name, (port, process) in self.servers.items())
                  + f"; {self.worker_text()}; cache: {self.cache_note}")

    def worker_text(self):
        options = self.options
        text = f"gunicorn {options.gunicorn_workers} {options.worker_class} workers"
        return text + (f" x {options.gunicorn_threads} threads" if options.worker_class == "gthread" else "")

    def wait_for(self, name, port, process, timeout=90.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if process.poll() is not None:
                raise BenchError(f"gunicorn ({name}) exited while starting:\n" + self.processes.tail(name))
            if probe(f"http://{HOST}:{port}{HELLO_PATH}", timeout=10).status == 200:
                return
            time.sleep(0.3)
        raise BenchError(f"gunicorn ({name}) did not answer {HELLO_PATH} within {timeout:.0f} s:\n"
                         + self.processes.tail(name))

    def url(self, server, path):
        return f"http://{HOST}:{self.servers[server][0]}{path}"

    # -- what is measured ---------------------------------------------------------------------------

    def build_targets(self):
        """Hello world, then each page on the cached and the uncached server (the campaign on the cold
        one too); the compared URL after the campaign."""
        options = self.options
        self.targets.append(Target("hello", "hello world", CACHED, self.url(CACHED, HELLO_PATH)))
        for kind, path in options.pages.items():
            servers = (CACHED, UNCACHED, COLD) if kind == "campaign" and COLD in self.servers else (CACHED, UNCACHED)
            for server in servers:
                self.targets.append(Target(f"{kind}:{server}", kind, server, self.url(server, path)))
            if kind == "campaign" and options.compare:
                self.targets.append(self.compare_target())
        if options.compare and not any(t.key == "compare" for t in self.targets):
            self.targets.append(self.compare_target())

    def compare_target(self):
        return Target("compare", self.options.compare_label or "compared", "external", self.options.compare)

    def get(self, key):
        return next((t for t in self.targets if t.key == key), None)

    def warm_up(self):
        """Each URL fetched ``warmup`` times (templates, connections, the page cache of every worker); the last
        answer is kept. A URL that does not answer 2xx is not measured (wrk would count a 3xx as a success)."""
        self.step(f"Warming up: {len(self.targets)} URLs, {self.options.warmup} GETs each")
        for target in self.targets:
            for _ in range(self.options.warmup):
                target.probe = probe(target.url, timeout=60)
                if not target.probe.ok:
                    break
            if not target.probe.ok:
                where = f" (to {target.probe.location})" if target.probe.location else ""
                self.notes.append(f"{target.label} on {target.server} answered "
                                  f"{target.probe.status or 'nothing'}{where}: not measured.")
                if target.key == "hello":
                    raise BenchError(f"Hello world answered {target.probe.status}: {target.url}")
        cached = [t for t in self.targets if t.server == CACHED and t.key != "hello" and t.probe.ok]
        if cached and not any(t.probe.cache for t in cached):
            self.notes.append("The cached server's pages carry no X-Page-Cache header: the page cache is not "
                              "installed or not on, so both servers serve the same.")
        else:
            not_hit = [t.label for t in cached if t.probe.cache and t.probe.cache != "hit"]
            if not_hit:
                self.notes.append(f"Not a page-cache hit after the warm-up on the cached server: {', '.join(not_hit)}.")
            not_kept = [t.label for t in cached if not t.probe.cache]
            if not_kept:
                self.notes.append("No X-Page-Cache header on the cached server (the page cache does not keep "
                                  f"them): {', '.join(not_kept)}.")

    def measure(self):
        options = self.options
        measured = [t for t in self.targets if t.probe is not None and t.probe.ok]
        runs = interleave(measured, options.rounds)
        self.step(f"Measuring: {options.rounds} rounds x {len(measured)} URLs x {options.duration:g} s "
                  f"(about {len(runs) * (options.duration + 0.3) / 60:.1f} min), wrk {options.threads} threads, "
                  f"{options.connections} connections")
        for n, target in runs:
            try:
                result = run_wrk(target.url, options.duration, options.connections, options.threads,
                                 options.timeout, executable=self.wrk)
            except WrkError as exc:
                raise BenchError(str(exc)) from None
            target.results.append(result)
            p99 = "n/a" if result.p99_ms is None else f"{result.p99_ms:.1f} ms"
            errors = f"; FAILED {result.errors} ({result.non_2xx} non-2xx, socket {result.socket_errors})" \
                if result.errors else ""
            self.step(f"  round {n + 1}/{options.rounds}  {target.label:<12} {target.server:<9} "
                      f"{result.rps:9.1f} req/s  p99 {p99}{errors}")

    def check_servers(self):
        for name, (_port, process) in self.servers.items():
            if process.poll() is not None:
                self.notes.append(f"gunicorn ({name}) exited during the run (code {process.returncode}): "
                                  "its figures are not meaningful.")

    def finish(self):
        """Count the servers' tracebacks, delete this run's cache entries, keep the logs only when useful."""
        errors = 0
        for name in self.servers:
            try:
                errors += tracebacks(self.processes.log_path(name).read_text(errors="replace"))
            except OSError:
                pass
        if errors:
            self.notes.append(f"{errors} tracebacks in the servers' logs ({self.log_dir}).")
        if getattr(self, "_cache_url", ""):
            try:
                forget_cache_prefix(self._cache_url, self.cache_prefix)
            except Exception as exc:  # noqa: BLE001 - cleaning up; the run's own outcome matters more
                self.notes.append(f"Could not delete this run's cache entries ({self.cache_prefix}:*): {exc}")
        if self.failed or errors or self.options.keep_logs:
            self.write(f"Logs kept in {self.log_dir}")
        else:
            shutil.rmtree(self.log_dir, ignore_errors=True)

    # -- the report ---------------------------------------------------------------------------------

    def ratios(self):
        """``[(name, value, unit, goal or None)]``: the goals' ratios first, then each page's cached / uncached.

        ``unit`` is how the ratio reads best: "%" of hello world, "x" of another page.
        """
        hello, compare = self.get("hello"), self.get("compare")
        cached, uncached = self.get(f"campaign:{CACHED}"), self.get(f"campaign:{UNCACHED}")
        rows = []
        if cached is not None:
            rows.append(("cached campaign / hello world", ratio(cached.rps, hello.rps), "%",
                         (">=", GOAL_CACHED_HELLO)))
            rows.append(("uncached campaign / hello world", ratio(uncached.rps, hello.rps), "%", None))
            if compare is not None:
                rows.append((f"uncached campaign / {compare.label}", ratio(uncached.rps, compare.rps), "x",
                             (">=", GOAL_UNCACHED_COMPARE)))
        cold = self.get(f"campaign:{COLD}")
        if cold is not None and uncached is not None:
            # Nothing kept at all: what the first render after a publish costs.
            if compare is not None:
                rows.append((f"cold campaign / {compare.label}", ratio(cold.rps, compare.rps), "x", None))
            rows.append(("campaign: uncached / cold", ratio(uncached.rps, cold.rps), "x", None))
        for kind in self.options.pages:
            page_cached, page_uncached = self.get(f"{kind}:{CACHED}"), self.get(f"{kind}:{UNCACHED}")
            rows.append((f"{kind}: cached / uncached", ratio(page_cached.rps, page_uncached.rps), "x", None))
        return rows

    def report(self):
        options = self.options
        header = [
            "",
            f"Site benchmark: {options.rounds} rounds, {options.duration:g} s per URL and round, interleaved; "
            f"wrk {options.threads} threads, {options.connections} connections; {self.elapsed:.0f} s in all",
            f"Servers: {self.worker_text()} each, lokadaya.settings.benchmark (DEBUG off), database "
            f"{urlsplit(options.db_url).path.lstrip('/') or options.db_url}, cache: {self.cache_note}; "
            f"page cache on ({CACHED}) / off ({UNCACHED}: editorial parts kept) / off, nothing kept ({COLD}); "
            f"{os.cpu_count()} CPUs"
            + (f", {self.busy_before:.0%} busy just before" if self.busy_before is not None else ""),
            "Figures: medians over the rounds (req/s range: slowest-fastest round); cache: the X-Page-Cache "
            "header after the warm-up.",
            "",
        ]
        lines = header + results_table(self.targets) + [""]
        verdicts = []
        rows = self.ratios()
        width = max((len(row[0]) for row in rows), default=10)
        for name, value, unit, goal in rows:
            verdict = ""
            if goal is not None:
                verdict = "UNKNOWN" if value is None else "MET" if value >= goal[1] else "MISSED"
                verdicts.append(verdict)
                verdict = f"goal {goal[0]} {format_ratio(goal[1], unit)}: {verdict}"
            lines.append(f"{name.ljust(width)}  {format_ratio(value, unit):>8}  {verdict}".rstrip())
        lines.append("")
        if verdicts:
            lines.append(f"Goals: {verdicts.count('MET')} met, {verdicts.count('MISSED')} missed"
                         + (f", {verdicts.count('UNKNOWN')} unknown" if "UNKNOWN" in verdicts else ""))
        failed = sum(sum(t.errors.values()) for t in self.targets)
        unmeasured = [t for t in self.targets if t.probe is not None and not t.probe.ok]
        total = sum(t.requests for t in self.targets)
        if failed or unmeasured:
            lines.append(f"FLAGGED: {failed} of {total:,} requests failed"
                         + (f"; {len(unmeasured)} URLs did not answer 2xx" if unmeasured else "")
                         + ": the figures are not trustworthy.")
        else:
            lines.append(f"No request failed ({total:,} requests).")
        lines += [f"Note: {note}" for note in self.notes]
        return lines

