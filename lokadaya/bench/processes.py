"""Starting and stopping the benchmarks' processes on loopback (``payments_benchmark``, ``bench``).

Every process started through :class:`Processes` gets its own process group, so that stopping it
also stops its children (gunicorn's workers); :meth:`Processes.close` stops every one still
running. Only loopback addresses are used.
"""
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"  # only loopback, for every server and client of the benchmark


def free_port():
    """A free TCP port on loopback (the kernel's choice; free when this returns)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def cpu_busy(seconds=1.0):
    """The share of the machine's CPU time spent busy over ``seconds`` (Linux /proc/stat); None elsewhere."""
    def sample():
        with open("/proc/stat", encoding="ascii") as handle:
            values = [int(v) for v in handle.readline().split()[1:]]
        return sum(values), values[3] + values[4]  # total, idle + iowait

    try:
        total, idle = sample()
        time.sleep(seconds)
        total2, idle2 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return 1 - (idle2 - idle) / max(total2 - total, 1)


def no_proxy():
    """NO_PROXY and no_proxy with loopback added to what the environment already says."""
    current = os.environ.get("NO_PROXY") or os.environ.get("no_proxy") or ""
    value = ",".join(filter(None, [current, "127.0.0.1,localhost"]))
    return {"NO_PROXY": value, "no_proxy": value}


def redis_reachable(url):
    """True if a Redis server answers PING at ``url`` (redis://host:port/db)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or HOST, parts.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def shared_cache(url, unset_note):
    """``(CACHE_URL for the servers, what to print about it)``: Redis at ``url`` when it can be used,
    else per-process memory and why (``unset_note`` when no URL was given)."""
    import importlib.util

    if not url:
        return "", f"per-process memory ({unset_note})"
    if importlib.util.find_spec("redis") is None:
        return "", "per-process memory (the 'redis' package is not installed: pip install -e .[redis])"
    if not redis_reachable(url):
        return "", f"per-process memory ({url} does not answer)"
    return url, f"Redis {url}"


def forget_cache_prefix(url, prefix):
    """Delete the run's entries (``<prefix>:*``) from the shared Redis at ``url``; raises what Redis raises."""
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start:start + 500])
    finally:
        client.close()


class Processes:
    """Subprocesses, each in its own process group (so its children go with it); all stopped on close."""

    def __init__(self, log_dir):
        self.log_dir = Path(log_dir)
        self.running = []

    def log_path(self, name):
        return self.log_dir / f"{name}.log"

    def start(self, name, command, env=None, stdin=subprocess.DEVNULL, stdout=None):
        """Start ``command``; its output goes to ``<log dir>/<name>.log`` unless ``stdout`` is given."""
        log = open(self.log_path(name), "ab")
        try:
            process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdin=stdin,
                                       stdout=stdout if stdout is not None else log, stderr=log,
                                       start_new_session=True)
        finally:
            log.close()  # the child keeps its own descriptor
        process.bench_name = name
        self.running.append(process)
        return process

    def stop(self, process, timeout=5.0):
        """SIGTERM to the process group, SIGKILL after ``timeout`` s; only our own groups."""
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        # The leader may be gone while its children (gunicorn's workers) are not: kill the group.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            process.wait(2)
        except subprocess.TimeoutExpired:
            pass
        for stream in (process.stdin, process.stdout):
            if stream:
                try:
                    stream.close()
                except OSError:
                    pass
        if process in self.running:
            self.running.remove(process)

    def close(self):
        for process in reversed(list(self.running)):
            self.stop(process, timeout=3.0)

    def tail(self, name, lines=25):
        try:
            text = self.log_path(name).read_text(errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(text[-lines:])


def group_members(pgids):
    """The pids of the live processes (zombies left out) in the process groups ``pgids`` (Linux /proc;
    an empty set elsewhere)."""
    pgids, members = set(pgids), set()
    try:
        entries = os.listdir("/proc")
    except OSError:
        return members
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                text = handle.read()
            state, _ppid, pgid = text[text.rfind(")") + 2:].split()[:3]
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile
        if int(pgid) in pgids and state != "Z":
            members.add(int(entry))
    return members


def wait_gone(pgids, timeout=5.0):
    """Wait until no live process is left in the groups ``pgids`` (a SIGKILL is not instant); what is left."""
    end = time.monotonic() + timeout
    while True:
        left = group_members(pgids)
        if not left or time.monotonic() >= end:
            return left
        time.sleep(0.05)
