"""The payments benchmark's own parts (``gateways.bench``): the messages it sends and answers, the
stand-in gateway, the load client's HTTP, and its arithmetic. No gunicorn, no worker, no database."""
import base64
import importlib
import json
import random
import sys
import threading
import urllib.request
from decimal import Decimal
from types import SimpleNamespace

import pytest

from gateways.bench import midtrans
from gateways.bench.load import ERROR, TIMEOUT, build_request, exchange, parse_status
from gateways.bench.report import MET, MISSED, UNKNOWN, Goal, Row, percentile, rate, ratio, span, table
from gateways.bench.runner import flood_items, tracebacks
from gateways.bench.standin import Gateway, Server
from gateways.testing import MIDTRANS_KEY, midtrans_notification, midtrans_status

TOKEN = "6b0f4e1c-2a9d-4c57-9a43-1d2f8e7b5a01"


def payment(amount="150000"):
    return SimpleNamespace(token=TOKEN, total=Decimal(amount))


# -- Midtrans' messages -------------------------------------------------------------------------


def test_signature_is_sha512_of_order_status_amount_and_key():
    import hashlib

    expected = hashlib.sha512(f"{TOKEN}200150000.00{MIDTRANS_KEY}".encode()).hexdigest()
    assert midtrans.signature(TOKEN, "200", "150000.00", MIDTRANS_KEY) == expected


def test_notification_matches_the_projects_own_test_helper():
    """The benchmark's notification is signed and shaped like the one the gateway tests post."""
    ours = midtrans.notification(TOKEN, 150000, server_key=MIDTRANS_KEY)
    theirs = midtrans_notification(payment(), "settlement", key=MIDTRANS_KEY)
    for name in ("order_id", "status_code", "gross_amount", "transaction_status", "fraud_status", "currency",
                 "signature_key"):
        assert ours[name] == theirs[name], name


def test_status_answer_is_the_documented_format():
    answer = midtrans.status_answer(TOKEN, "150000.00")
    assert answer["gross_amount"] == "150000.00"
    assert answer["transaction_status"] == "settlement"
    assert answer["status_code"] == "200"
    assert answer["fraud_status"] == "accept"
    assert answer["order_id"] == TOKEN
    assert answer["settlement_time"]
    assert set(midtrans_status(payment(), "settlement")) <= set(answer) | {"status_message"}
    # The same order always gets the same transaction id.
    assert answer["transaction_id"] == midtrans.status_answer(TOKEN, 150000)["transaction_id"]


@pytest.mark.parametrize("amount, text", [(150000, "150000.00"), ("25000", "25000.00"),
                                          (Decimal("1000000.00"), "1000000.00")])
def test_gross_amount_has_two_decimals(amount, text):
    assert midtrans.gross_amount(amount) == text


# -- the stand-in gateway ---------------------------------------------------------------------------


def test_gateway_answers_known_orders_and_counts_calls():
    gateway = Gateway({TOKEN: "250000.00"}, delay_ms=0)
    status, data = gateway.answer(TOKEN)
    assert status == 200 and data["gross_amount"] == "250000.00" and data["order_id"] == TOKEN
    status, data = gateway.answer("unknown-order")
    assert status == 404 and data["status_code"] == "404"
    gateway.answer(TOKEN)
    assert gateway.stats() | {"delay_ms": 0} == {
        "status_calls": 3, "orders_asked": 2, "orders_asked_again": 1, "unknown_orders": 1, "unauthorised": 0,
        "max_in_flight": 0, "delay_ms": 0}


def test_gateway_checks_the_server_key_as_basic_auth_user():
    gateway = Gateway({}, server_key="SB-key")
    assert gateway.authorised("Basic " + base64.b64encode(b"SB-key:").decode())
    assert not gateway.authorised("Basic " + base64.b64encode(b"other:").decode())
    assert not gateway.authorised("")


@pytest.fixture
def standin():
    """The stand-in's HTTP server on a free loopback port, in a thread."""
    server = Server(("127.0.0.1", 0), Gateway({TOKEN: "150000.00"}, delay_ms=0))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def get_json(port, path, method="GET", data=None, key=midtrans.SERVER_KEY):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     data=json.dumps(data).encode() if data is not None else None)
    request.add_header("Authorization", "Basic " + base64.b64encode(f"{key}:".encode()).decode())
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_standin_serves_the_status_api_over_http(standin):
    port = standin.server_address[1]
    status, data = get_json(port, f"/v2/{TOKEN}/status")
    assert status == 200
    assert data["transaction_status"] == "settlement" and data["gross_amount"] == "150000.00"
    assert get_json(port, f"/v2/{TOKEN}/status", key="wrong")[0] == 401
    assert get_json(port, "/v2/nope/status")[0] == 404
    status, stats = get_json(port, "/_standin/delay", "POST", {"delay_ms": 1500})
    assert status == 200 and stats["delay_ms"] == 1500
    assert get_json(port, "/_standin/stats")[1]["status_calls"] == 2  # the refused call is not counted


# -- the load client's HTTP ----------------------------------------------------------------------------


def test_build_request_asks_to_close_and_sizes_the_body():
    payload = build_request("POST", "127.0.0.1", 8000, "/payments/process/midtrans/", '{"a": 1}')
    head, body = payload.split(b"\r\n\r\n")
    assert head.startswith(b"POST /payments/process/midtrans/ HTTP/1.1\r\n")
    assert b"Connection: close" in head and b"Content-Length: 8" in head and b"Host: 127.0.0.1:8000" in head
    assert body == b'{"a": 1}'
    assert b"Content-Length" not in build_request("GET", "127.0.0.1", 8000, "/")


def test_parse_status():
    assert parse_status(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") == 200
    assert parse_status(b"HTTP/1.0 503 Service Unavailable\r\n\r\n") == 503
    assert parse_status(b"") == ERROR
    assert parse_status(b"garbage") == ERROR


def test_exchange_reads_a_whole_answer(standin):
    port = standin.server_address[1]
    status, answer = exchange("127.0.0.1", port, build_request("GET", "127.0.0.1", port, "/_standin/stats"), 5)
    assert status == 200 and json.loads(answer.split(b"\r\n\r\n", 1)[1])["status_calls"] == 0


def test_exchange_reports_a_refused_connection():
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    status, message = exchange("127.0.0.1", port, b"GET / HTTP/1.1\r\n\r\n", 2)
    assert status in (ERROR, TIMEOUT) and message


# -- the flood ----------------------------------------------------------------------------------------


def test_flood_sends_each_order_once_and_a_share_again_later():
    orders = [(f"order-{i}", "50000.00", i) for i in range(100)]
    items = flood_items(orders, 0.2, 32, random.Random(1))
    originals = [i for i, _body, duplicate in items if not duplicate]
    duplicates = [i for i, _body, duplicate in items if duplicate]
    assert sorted(originals) == list(range(100))
    assert len(duplicates) == 20 and len(set(duplicates)) == 20
    position = {}
    for n, (i, body, duplicate) in enumerate(items):
        if duplicate:
            assert position[i][0] < n  # after its original...
            assert body == position[i][1]  # ...with the very same bytes
        else:
            position[i] = (n, body)
    body = json.loads(items[0][1])
    assert body["signature_key"] == midtrans.signature(body["order_id"], "200", "50000.00", midtrans.SERVER_KEY)
    assert items == flood_items(orders, 0.2, 32, random.Random(1))  # deterministic


# -- the arithmetic ---------------------------------------------------------------------------------------


def test_percentile_interpolates_between_ranks():
    samples = list(range(1, 101))
    assert percentile(samples, 99) == pytest.approx(99.01)
    assert percentile(samples, 50) == pytest.approx(50.5)
    assert percentile([4, 1, 3, 2], 50) == pytest.approx(2.5)
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 99) is None


def test_p99_of_200_samples_is_driven_by_the_two_slowest():
    samples = [10.0] * 198 + [500.0, 1000.0]
    assert percentile(samples, 99) == pytest.approx(10 + (500 - 10) * 0.01)


def test_span_and_rate():
    requests = [(0, 200, 10.0, 10.5), (1, 200, 10.1, 11.0), (2, 503, 10.2, 12.0)]
    assert span(requests, {200}) == (2, pytest.approx(1.0))
    assert span(requests) == (3, pytest.approx(2.0))
    assert span([], {200}) == (0, 0.0)
    assert rate(2, 1.0) == 2.0 and rate(0, 1.0) == 0.0 and rate(5, 0) == 0.0
    assert ratio(30, 100) == 0.3 and ratio(None, 100) is None and ratio(1, 0) is None


def test_goals():
    assert Goal(">=", 30).check(30) == MET
    assert Goal(">=", 30).check(29.9) == MISSED
    assert Goal("<", 2).check(2) == MISSED
    assert Goal("==", 0).check(0) == MET
    assert Goal("==", 0).check(None) == UNKNOWN
    assert Row("x", 1, goal=Goal("==", 0), status="SKIPPED").verdict() == "SKIPPED"
    lines = table([Row("acceptance", 12.5, "%", Goal(">=", 30)), Row("hello", 1000.0, "req/s", note="n")])
    assert "MISSED" in lines[2] and ">= 30 %" in lines[2] and lines[3].endswith("n")


def test_tracebacks_are_counted_by_exception():
    log = "\n".join([
        "Traceback (most recent call last):", '  File "x.py", line 1, in f', "    f()",
        "ValueError: bad", "ok", "Traceback (most recent call last):", '  File "y.py", line 2, in g',
        "ValueError: bad", "Traceback (most recent call last):", "KeyError: 'k'"])
    assert tracebacks(log) == (3, {"ValueError: bad": 2, "KeyError: 'k'": 1})


# -- the benchmark settings --------------------------------------------------------------------------------


@pytest.fixture
def fresh_settings_modules():
    """Import settings modules afresh for one test, and put the originals back afterwards."""
    import lokadaya.settings as package

    names = ["base", "production", "benchmark"]
    saved = {name: sys.modules.pop(f"lokadaya.settings.{name}", None) for name in names}
    yield
    for name, module in saved.items():
        if module is None:
            sys.modules.pop(f"lokadaya.settings.{name}", None)
            if hasattr(package, name):
                delattr(package, name)
        else:
            sys.modules[f"lokadaya.settings.{name}"] = module
            setattr(package, name, module)


def test_benchmark_settings_extend_production(monkeypatch, fresh_settings_modules):
    monkeypatch.setenv("SECRET_KEY", "benchmark")
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/13")
    monkeypatch.setenv("CACHE_KEY_PREFIX", "bench-1")
    monkeypatch.delenv("EMAIL_BACKEND", raising=False)
    settings = importlib.import_module("lokadaya.settings.benchmark")
    assert settings.ROOT_URLCONF == "lokadaya.benchmark_urls"
    assert settings.DEBUG is False
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    assert settings.CACHES["default"]["KEY_PREFIX"] == "bench-1"
    assert settings.STORAGES["staticfiles"]["BACKEND"].endswith("StaticFilesStorage")
    assert "Manifest" not in settings.STORAGES["staticfiles"]["BACKEND"]


def test_hello_world_is_served_only_by_the_benchmark_urls(rf):
    from django.urls import Resolver404, resolve

    from lokadaya.benchmark_urls import hello

    match = resolve("/_bench/hello/", urlconf="lokadaya.benchmark_urls")
    assert match.func is hello
    response = match.func(rf.get("/_bench/hello/"))
    assert response.status_code == 200 and response.content == b"hello"
    try:
        assert resolve("/_bench/hello/", urlconf="lokadaya.urls").func is not hello
    except Resolver404:
        pass
    # The site's own routes are all still there.
    assert resolve("/payments/process/midtrans/", urlconf="lokadaya.benchmark_urls").url_name == \
        resolve("/payments/process/midtrans/", urlconf="lokadaya.urls").url_name


# -- the run's set-up ------------------------------------------------------------------------------------


def test_options_fill_in_full_or_quick_numbers():
    from gateways.bench.runner import BenchmarkError, Options

    full = Options().resolve()
    assert (full.donations, full.second_batch, full.samples) == (2000, 1000, 200)
    quick = Options(quick=True, samples=10).resolve()
    assert (quick.donations, quick.second_batch, quick.samples) == (200, 100, 10)
    assert Options(concurrency=1, processes=4).resolve().processes == 1
    with pytest.raises(BenchmarkError):
        Options(duplicates=1.5).resolve()


def test_the_database_name_must_say_bench():
    from gateways.bench.runner import BenchmarkError, Database

    assert Database("postgres://u:p@127.0.0.1:5432/lokadaya_bench").name == "lokadaya_bench"
    for url in ("postgres://u@127.0.0.1:5432/lokadaya", "sqlite:///bench.sqlite3",
                'postgres://u@127.0.0.1:5432/bench";drop'):
        with pytest.raises(BenchmarkError):
            Database(url)


def test_default_database_url(monkeypatch):
    from gateways.management.commands.payments_benchmark import default_db_url

    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://lokadaya:lokadaya@127.0.0.1:5432/lokadaya")
    assert default_db_url() == "postgres://lokadaya:lokadaya@127.0.0.1:5432/lokadaya_bench"
    monkeypatch.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    assert default_db_url() == "postgres://postgres@127.0.0.1:5432/lokadaya_bench"
    monkeypatch.setenv("BENCH_DATABASE_URL", "postgres://x@127.0.0.1:5432/x_bench")
    assert default_db_url() == "postgres://x@127.0.0.1:5432/x_bench"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_cpu_seconds_of_our_own_process_group():
    import os

    from gateways.bench.runner import cpu_seconds

    sum(range(200_000))  # spend a little
    used = cpu_seconds({"us": os.getpgrp()})
    assert used["us"] > 0


@pytest.mark.django_db
def test_cpu_seconds_count_the_postgresql_backends_that_ended():
    """gunicorn's backends end with each request and the worker's after each task: their time is
    read from the postmaster, else the benchmark reports PostgreSQL nearly idle while it is busy."""
    import time

    import psycopg
    from django.db import connection

    from gateways.bench.runner import cpu_seconds

    name = connection.settings_dict["NAME"]
    before = cpu_seconds({}, database=name)
    if connection.vendor != "postgresql" or "postgres:ended" not in before:
        pytest.skip("needs a PostgreSQL server on this machine")
    params = connection.get_connection_params()
    with psycopg.connect(**{k: v for k, v in params.items() if k in ("host", "port", "user", "password", "dbname")},
                         autocommit=True) as other:
        other.execute("SELECT sum(g) FROM generate_series(1, 3000000) g").fetchone()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        after = cpu_seconds({}, database=name)
        if after["postgres:ended"] - before["postgres:ended"] >= 0.1:
            break
        time.sleep(0.1)
    assert after["postgres:ended"] - before["postgres:ended"] >= 0.1


def test_a_backend_that_ended_between_two_snapshots_brings_only_its_time_in_between():
    """A connection of an earlier phase closed during this one: the postmaster then collects its
    whole life's time, of which only what came after the first snapshot is this phase's."""
    from gateways.bench.runner import Benchmark

    bench = Benchmark.__new__(Benchmark)  # cpu_text reads only its arguments
    before = {"postgres:ended": 10.0, "postgres:101": 5.0, "postgres:102": 1.0, "gunicorn:7": 2.0}
    after = {"postgres:ended": 15.3, "postgres:102": 1.5, "gunicorn:7": 3.0}  # 101 ended at 5.3 s
    text = bench.cpu_text(before, after, seconds=10)
    assert "PostgreSQL 0.8" in text  # 0.3 from the ended backend, 0.5 from the one still there
    assert "gunicorn 1.0" in text


def test_prepare_builds_its_database_under_the_benchmark_settings(tmp_path, child_database):
    """The benchmark's first step, as the benchmark runs it (its environment: production settings),
    on a copy of this run's database: the demo content (``seed_demo`` refuses DEBUG-off settings
    unless told the database is disposable), the pending donations of each batch, the JSON the
    other steps read. It broke once without any test noticing."""
    import subprocess

    from django.conf import settings as django_settings
    from django.db import connection

    from gateways.bench.runner import Benchmark, Options
    
    if connection.vendor != "postgresql":
        pytest.skip("the benchmark runs on PostgreSQL")
    name = f"{connection.settings_dict['NAME']}_bench"[:63]
    db = django_settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    bench = Benchmark(Options(db_url=url, redis_url="", quick=True), write=lambda line: None)
    bench.log_dir.rmdir()  # made empty by the constructor; this test writes its own files
    out = tmp_path / "prepare.json"
    with child_database(name) as db_options:
        assert db_options == ["--reuse-db"]
        result = subprocess.run([sys.executable, "-m", "gateways.bench.prepare", str(out), "--batch", "3",
                                 "--batch", "2", "--seed-size", "0"],
                                env=bench.environment(), capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
    data = json.loads(out.read_text())
    assert [len(batch) for batch in data["batches"]] == [3, 2]
    assert data["campaign"]["url"].startswith("/id/") and data["commands"]["worker"]
    assert {len(token) for batch in data["batches"] for token, _amount, _donation in batch} == {36}
