"""A stand-in Midtrans status API on loopback, with a delay: ``python -m gateways.bench.standin``.

It answers ``GET /v2/<order_id>/status`` in Midtrans' format (``settlement``, the order's amount)
after ``--delay-ms``, for the orders listed in ``--orders`` (a JSON object order_id -> amount), and
counts the calls. Its own two endpoints, for the benchmark that started it:

* ``GET /_standin/stats``: the counts so far, as JSON;
* ``POST /_standin/delay`` with ``{"delay_ms": 2000}``: a new delay from now on.

Each request gets a thread (the delay is a sleep), so a slow answer does not hold up the others,
as with the real gateway. Standard library only.
"""
import argparse
import base64
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .midtrans import SERVER_KEY, not_found_answer, status_answer

STATUS_PATH = re.compile(r"^/v2/([^/]+)/status$")


class Gateway:
    """What the stand-in knows (orders, delay, key) and what it counted; thread-safe."""

    def __init__(self, orders, delay_ms=200, server_key=SERVER_KEY):
        self.orders = dict(orders)
        self.delay = delay_ms / 1000
        self.server_key = server_key
        self.lock = threading.Lock()
        self.calls = 0
        self.unknown = 0
        self.unauthorised = 0
        self.per_order = {}
        self.in_flight = 0
        self.max_in_flight = 0

    def authorised(self, header):
        """Midtrans' Basic auth: the server key as the user name, no password."""
        if not self.server_key:
            return True
        expected = "Basic " + base64.b64encode(f"{self.server_key}:".encode()).decode()
        return header == expected

    def answer(self, order_id):
        """``(HTTP status, JSON data)`` for a status request about ``order_id``; counts it."""
        with self.lock:
            self.calls += 1
            self.per_order[order_id] = self.per_order.get(order_id, 0) + 1
            amount = self.orders.get(order_id)
            if amount is None:
                self.unknown += 1
        if amount is None:
            return 404, not_found_answer(order_id)
        return 200, status_answer(order_id, amount, server_key=self.server_key)

    def stats(self):
        with self.lock:
            repeated = sum(1 for count in self.per_order.values() if count > 1)
            return {"status_calls": self.calls, "orders_asked": len(self.per_order), "orders_asked_again": repeated,
                    "unknown_orders": self.unknown, "unauthorised": self.unauthorised,
                    "max_in_flight": self.max_in_flight, "delay_ms": round(self.delay * 1000)}


class Handler(BaseHTTPRequestHandler):
    server_version = "MidtransStandIn/1.0"
    # Keep-alive, as Midtrans' API: the site's settlement threads each keep a session
    # (``gateways.client``) and reuse its connection for the next call.
    protocol_version = "HTTP/1.1"

    @property
    def gateway(self):
        return self.server.gateway

    def send_json(self, status, data):
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's naming
        if self.path == "/_standin/stats":
            return self.send_json(200, self.gateway.stats())
        match = STATUS_PATH.match(self.path.split("?", 1)[0])
        if not match:
            return self.send_json(404, {"status_code": "404", "status_message": "Not found"})
        gateway = self.gateway
        if not gateway.authorised(self.headers.get("Authorization", "")):
            with gateway.lock:
                gateway.unauthorised += 1
            return self.send_json(401, {"status_code": "401", "status_message": "Access denied"})
        with gateway.lock:
            gateway.in_flight += 1
            gateway.max_in_flight = max(gateway.max_in_flight, gateway.in_flight)
            delay = gateway.delay
        try:
            time.sleep(delay)  # the gateway's own latency
            status, data = gateway.answer(match.group(1))
        finally:
            with gateway.lock:
                gateway.in_flight -= 1
        self.send_json(status, data)

    def do_POST(self):  # noqa: N802
        if self.path != "/_standin/delay":
            return self.send_json(404, {"status_code": "404", "status_message": "Not found"})
        length = int(self.headers.get("Content-Length") or 0)
        try:
            delay_ms = float(json.loads(self.rfile.read(length))["delay_ms"])
        except (ValueError, KeyError, TypeError):
            return self.send_json(400, {"error": "expected {\"delay_ms\": <number>}"})
        with self.gateway.lock:
            self.gateway.delay = max(delay_ms, 0) / 1000
        return self.send_json(200, self.gateway.stats())

    def log_message(self, format, *args):  # noqa: A002 - quiet: thousands of calls per run
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # Many notifications at once ask the status API at once; the default backlog of 5 would refuse some.
    request_queue_size = 512

    def __init__(self, address, gateway):
        super().__init__(address, Handler)
        self.gateway = gateway


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--orders", required=True, help="JSON file: {order_id: amount}")
    parser.add_argument("--delay-ms", type=float, default=200)
    parser.add_argument("--server-key", default=SERVER_KEY, help="checked in Basic auth; empty: not checked")
    args = parser.parse_args(argv)
    with open(args.orders, encoding="utf-8") as handle:
        orders = json.load(handle)
    server = Server(("127.0.0.1", args.port), Gateway(orders, args.delay_ms, args.server_key))
    print(f"stand-in Midtrans on http://127.0.0.1:{args.port} ({len(orders)} orders, {args.delay_ms:g} ms)",
          flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        print(json.dumps(server.gateway.stats()), flush=True)
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
