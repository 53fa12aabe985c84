"""The benchmark's load client: ``python -m gateways.bench.load SPEC RESULT``.

Cheap on purpose, since it shares the machine's two cores with the server it measures: requests
are pre-built bytes, sent over a fresh loopback socket each (gunicorn's sync workers close the
connection after every answer anyway, and we ask them to), and only the status line of an answer
is parsed. A few threads per process, a few processes per run.

The protocol with the benchmark that starts it: the process reads SPEC (JSON), builds its
requests, prints ``ready`` and waits for a line on stdin (``go``); it then sends until its
requests run out, its deadline passes or a second line (``stop``, or end of file) arrives, writes
RESULT (JSON) and prints ``done``. Standard library only.

SPEC: ``{"host", "port", "threads", "timeout", "deadline", "count", "rate", "items": [[method, path,
body, tag], ...]}``; ``count`` requests are sent, cycling through ``items``; with ``rate`` (requests
per second, this process), request n is not sent before n / rate seconds after the start. RESULT: ``{"requests":
[[item, status, started, finished], ...], "errors": {...}, "samples": {...}}``, times from
``time.monotonic()`` (one clock for every process on Linux); status -1 is a connection error and
-2 a timeout.
"""
import itertools
import json
import os
import socket
import sys
import threading
import time

ERROR, TIMEOUT = -1, -2


def build_request(method, host, port, path, body=b"", content_type="application/json", headers=()):
    """The bytes of one HTTP/1.1 request that asks the server to close the connection after it;
    ``headers``: more ``"Name: value"`` lines."""
    if isinstance(body, str):
        body = body.encode()
    head = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}", "User-Agent: lokadaya-bench",
            "Connection: close", *headers]
    if body or method in ("POST", "PUT"):
        head += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def parse_status(response):
    """The status code of a raw HTTP response, or ERROR when it has no status line."""
    line = response.split(b"\r\n", 1)[0].split()
    if len(line) < 2 or not line[0].startswith(b"HTTP/") or not line[1].isdigit():
        return ERROR
    return int(line[1])


def exchange(host, port, payload, timeout):
    """Send ``payload`` on a new connection and read the answer to its end: ``(status, raw answer)``.

    A connection error gives ``(ERROR, message)``, a timeout ``(TIMEOUT, message)``.
    """
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            sock.sendall(payload)
            chunks = []
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
    except TimeoutError as exc:  # socket.timeout is TimeoutError since Python 3.10
        return TIMEOUT, f"timeout: {exc}".encode()
    except OSError as exc:
        return ERROR, f"{type(exc).__name__}: {exc}".encode()
    response = b"".join(chunks)
    return parse_status(response), response


def body_of(response):
    """The body of a raw HTTP response (bytes after the blank line)."""
    return response.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in response else b""


class Load:
    """Sends ``count`` requests from ``threads`` threads; ``stop()`` ends it early."""

    def __init__(self, spec):
        self.host, self.port = spec["host"], spec["port"]
        self.threads = max(1, int(spec["threads"]))
        self.timeout = float(spec.get("timeout", 30))
        self.deadline_after = float(spec.get("deadline", 60))
        self.count = int(spec["count"])
        rate = float(spec.get("rate") or 0)
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.payloads = [build_request(method, self.host, self.port, path, body or b"")
                         for method, path, body, _tag in spec["items"]]
        self.results = []  # list.append is atomic under the GIL: no lock needed
        self.errors = {}
        self.samples = {}  # the first answers of each non-2xx status, to show what went wrong
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.next = itertools.count()  # next() on itertools.count is atomic in CPython

    def stop(self):
        self.stopped.set()

    def worker(self, deadline, start):
        n_items = len(self.payloads)
        while not self.stopped.is_set():
            index = next(self.next)
            if index >= self.count or time.monotonic() >= deadline:
                return
            if self.interval:  # paced: a steady stream, as real notifications arrive
                wait = start + index * self.interval - time.monotonic()
                if wait > 0 and self.stopped.wait(wait):
                    return
            item = index % n_items
            started = time.monotonic()
            status, response = exchange(self.host, self.port, self.payloads[item], self.timeout)
            finished = time.monotonic()
            self.results.append((item, status, round(started, 6), round(finished, 6)))
            if not 200 <= status < 300:
                self.remember(status, response)

    def remember(self, status, response):
        with self.lock:
            self.errors[str(status)] = self.errors.get(str(status), 0) + 1
            kept = self.samples.setdefault(str(status), [])
            if len(kept) < 3:
                kept.append((body_of(response) if status > 0 else response)[:300].decode(errors="replace"))

    def run(self, grace=5.0):
        """Send everything (or until stopped or the deadline); wait at most ``grace`` s for stragglers."""
        start = time.monotonic()
        deadline = start + self.deadline_after
        threads = [threading.Thread(target=self.worker, args=(deadline, start), daemon=True)
                   for _ in range(self.threads)]
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive() and not self.stopped.is_set():
                thread.join(0.05)
        # Stopped: requests in flight get a little time; those still open count as abandoned.
        end = time.monotonic() + grace
        for thread in threads:
            thread.join(max(0.0, end - time.monotonic()))
        abandoned = sum(thread.is_alive() for thread in threads)
        return {"requests": list(self.results), "errors": self.errors, "samples": self.samples,
                "abandoned": abandoned, "stopped": self.stopped.is_set()}


def main(argv=None):
    spec_path, result_path = (argv or sys.argv[1:])[:2]
    with open(spec_path, encoding="utf-8") as handle:
        load = Load(json.load(handle))
    print("ready", flush=True)
    if not sys.stdin.readline():  # the benchmark went away before "go"
        return 1

    def watch_stdin():
        sys.stdin.readline()  # "stop", or end of file when the benchmark ends
        load.stop()

    threading.Thread(target=watch_stdin, daemon=True).start()
    cpu = time.process_time()
    result = load.run()
    result["cpu"] = time.process_time() - cpu  # the client's own cost, to compare with the wall time
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(result, handle)
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    exit_code = main()
    sys.stdout.flush()
    # Not sys.exit(): the stdin watcher may still be blocked in readline(), and a daemon thread
    # holding stdin's lock can abort the interpreter's shutdown.
    os._exit(exit_code)
