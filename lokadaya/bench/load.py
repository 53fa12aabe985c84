"""Load with wrk and the arithmetic of ``manage.py bench``: one wrk run's figures, medians over rounds, ratios.

wrk counts only answers of 400 and above as errors ("Non-2xx or 3xx responses"); a redirect would
be counted as a success. So every URL is first fetched once (:func:`probe`) and must answer 2xx
itself; wrk's own error counts (non-2xx, socket errors, timeouts) are then reported per run, and a
run with any of them is flagged. No figure is interpreted here beyond median and ratio.
"""
import http.client
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass, field
from urllib.parse import urlsplit

WRK = "wrk"

_UNITS_S = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION = r"([\d.]+)(us|ms|s|m|h)"


class WrkError(Exception):
    """wrk is missing, failed, or printed something we cannot read."""


def wrk_path():
    """The wrk executable on PATH, or None."""
    return shutil.which(WRK)


def seconds(number, unit):
    """wrk's ``12.5ms`` style figure (number and unit apart) in seconds."""
    return float(number) * _UNITS_S[unit]


@dataclass
class WrkResult:
    """What one wrk run printed: requests, duration, rate, latency percentiles (ms) and errors."""

    requests: int
    duration: float
    rps: float
    p50_ms: float | None = None
    p99_ms: float | None = None
    non_2xx: int = 0
    socket_errors: dict = field(default_factory=dict)

    @property
    def errors(self):
        """Every request wrk counted as failed: non-2xx/3xx answers, then connect/read/write/timeout errors."""
        return self.non_2xx + sum(self.socket_errors.values())


def parse_wrk(text):
    """A :class:`WrkResult` from wrk's output (run with ``--latency``); :class:`WrkError` if it has no summary."""
    total = re.search(r"^\s*(\d+) requests in " + _DURATION, text, re.M)
    rps = re.search(r"^Requests/sec:\s*([\d.]+)", text, re.M)
    if not total or not rps:
        raise WrkError("wrk printed no summary:\n" + text.strip()[-2000:])
    result = WrkResult(requests=int(total.group(1)), duration=seconds(total.group(2), total.group(3)),
                       rps=float(rps.group(1)))
    distribution = text.split("Latency Distribution", 1)[1] if "Latency Distribution" in text else ""
    for percent, name in (("50", "p50_ms"), ("99", "p99_ms")):
        found = re.search(rf"^\s*{percent}(?:\.0+)?%\s+" + _DURATION, distribution, re.M)
        if found:
            setattr(result, name, seconds(found.group(1), found.group(2)) * 1000)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if errors:
        result.socket_errors = {kind: int(value) for kind, value in
                                zip(("connect", "read", "write", "timeout"), errors.groups()) if int(value)}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", text)
    if non_2xx:
        result.non_2xx = int(non_2xx.group(1))
    return result


def wrk_command(url, duration, connections, threads, timeout=10, executable=WRK):
    """The wrk command line for one run; wrk needs at least one connection per thread."""
    threads = max(1, min(threads, connections))
    return [executable, f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", f"--timeout={timeout:g}s",
            "--latency", url]


def run_wrk(url, duration, connections, threads, timeout=10, executable=WRK):
    """Run wrk against ``url`` and parse what it printed (a failed run raises :class:`WrkError`)."""
    command = wrk_command(url, duration, connections, threads, timeout, executable)
    try:
        # run() kills wrk if this process is interrupted meanwhile.
        done = subprocess.run(command, capture_output=True, text=True, timeout=duration + timeout + 30)
    except FileNotFoundError:
        raise WrkError(f"{executable} is not installed") from None
    except subprocess.TimeoutExpired:
        raise WrkError(f"wrk did not finish within {duration + timeout + 30:g} s: {url}") from None
    if done.returncode != 0:
        raise WrkError(f"wrk exited with {done.returncode} for {url}: {(done.stderr or done.stdout).strip()[-500:]}")
    return parse_wrk(done.stdout)


@dataclass
class Probe:
    """One GET of a URL: its status, its page-cache header and its size."""

    status: int
    cache: str = ""
    size: int = 0
    location: str = ""

    @property
    def ok(self):
        return 200 <= self.status < 300


def probe(url, timeout=60):
    """GET ``url`` once (no proxy, a new connection): a :class:`Probe`; status 0 when nothing answered."""
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        body = response.read()
        return Probe(response.status, response.getheader("X-Page-Cache", ""), len(body),
                     response.getheader("Location", ""))
    except OSError:
        return Probe(0)
    finally:
        connection.close()


# -- the figures ---------------------------------------------------------------------------------


def median(values):
    """The median of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def ratio(value, reference):
    """``value / reference``; None when either is missing or the reference is zero."""
    if value is None or not reference:
        return None
    return value / reference


@dataclass
class Target:
    """One URL on one server, measured in every round: its label, server, URL and the rounds' results."""

    key: str
    label: str
    server: str
    url: str
    probe: Probe | None = None
    results: list = field(default_factory=list)

    @property
    def rps(self):
        """Median requests per second over the rounds."""
        return median([r.rps for r in self.results])

    @property
    def p99_ms(self):
        """Median over the rounds of each round's p99 latency."""
        return median([r.p99_ms for r in self.results])

    @property
    def rps_range(self):
        rates = [r.rps for r in self.results]
        return (min(rates), max(rates)) if rates else (None, None)

    @property
    def errors(self):
        """Requests wrk counted as failed over every round, by kind."""
        kinds = {}
        for result in self.results:
            if result.non_2xx:
                kinds["non-2xx"] = kinds.get("non-2xx", 0) + result.non_2xx
            for kind, count in result.socket_errors.items():
                kinds[kind] = kinds.get(kind, 0) + count
        return kinds

    @property
    def requests(self):
        return sum(r.requests for r in self.results)


def interleave(targets, rounds):
    """The order of the runs: every target once per round, in the given order, ``rounds`` times."""
    return [(n, target) for n in range(rounds) for target in targets]


def fmt(value, pattern="{:,.0f}"):
    return "n/a" if value is None else pattern.format(value)


def fmt_rate(value):
    """A rate as the range column shows it: a decimal below 100/s, where it matters."""
    return fmt(value, "{:,.1f}" if value is not None and value < 100 else "{:,.0f}")


def results_table(targets):
    """Text lines: one row per target with median req/s (range over rounds), median p99 and errors."""
    headers = ("page", "server", "req/s", "range", "p99", "cache", "requests", "failed", "path")
    rows = []
    for target in targets:
        low, high = target.rps_range
        errors = target.errors
        failed = "" if not errors and (target.probe is None or target.probe.ok) else (
            ", ".join(f"{kind} {count}" for kind, count in errors.items())
            or f"answered {target.probe.status}")
        rows.append((target.label, target.server, fmt(target.rps, "{:,.1f}"),
                     f"{fmt_rate(low)}-{fmt_rate(high)}" if low is not None else "n/a",
                     fmt(target.p99_ms, "{:,.1f} ms"), (target.probe.cache if target.probe else "") or "-",
                     f"{target.requests:,}", failed or "0", display_path(target.url)))
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    numeric = {2, 3, 4, 6}
    lines = []
    for row in [headers, None, *rows]:
        if row is None:
            lines.append("  ".join("-" * w for w in widths))
            continue
        cells = [str(c).rjust(w) if i in numeric and row is not headers else str(c).ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths))]
        lines.append("  ".join(cells).rstrip())
    return lines


def display_path(url):
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return path if parts.hostname in ("127.0.0.1", "localhost") else url
