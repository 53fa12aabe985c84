"""``manage.py bench`` (issue 13): reading wrk, the medians and ratios, its refusals, and one tiny real run.

The smoke run starts the two gunicorn servers and wrk for about a second per URL: it checks the
shape of the output and that every process is gone afterwards, never a rate (the figures of a
one-second run on a shared machine mean nothing).
"""
import importlib
import os
import re
import socket
import stat
import sys
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lokadaya.bench.load import Probe, Target, WrkError, WrkResult, interleave, median, parse_wrk, ratio, \
    results_table, wrk_command
from lokadaya.bench.processes import group_members
from lokadaya.bench.site import BenchError, Options, SiteBench, database_url

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8000/id/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.12ms    2.01ms  41.30ms   91.22%
    Req/Sec     1.32k   120.00     1.60k    70.00%
  Latency Distribution
     50%  812.00us
     75%    6.50ms
     90%    8.20ms
     99%   14.25ms
  26384 requests in 10.02s, 3.50MB read
  Socket errors: connect 0, read 3, write 0, timeout 2
  Non-2xx or 3xx responses: 7
Requests/sec:   2633.13
Transfer/sec:    357.12KB
"""

WRK_SLOW = """Running 1m test @ http://127.0.0.1:8000/id/
  1 threads and 2 connections
  Latency Distribution
     50%    1.50s
     75%    1.60s
     90%    1.70s
     99%    2.00s
  80 requests in 1.00m, 1.00MB read
Requests/sec:      1.33
Transfer/sec:     17.00KB
"""

DONATION = ("donation", {"title": "Donasi lampu", "description": "", "target": Decimal("1000000"),
                         "minimum": Decimal("10000"), "suggested_amounts": [50000]})
PETITION = ("petition", {"title": "Petisi lampu", "description": "", "decision_maker": "Bupati",
                         "demand": "Pasang lampu.", "goal": 100})


# -- wrk's output --------------------------------------------------------------------------------------


def test_wrk_output_is_read_with_its_units_and_errors():
    result = parse_wrk(WRK_OUTPUT)
    assert (result.requests, result.duration, result.rps) == (26384, pytest.approx(10.02), 2633.13)
    assert result.p50_ms == pytest.approx(0.812) and result.p99_ms == pytest.approx(14.25)
    assert result.non_2xx == 7 and result.socket_errors == {"read": 3, "timeout": 2}
    assert result.errors == 12


def test_a_clean_slow_run_has_no_errors_and_latencies_in_seconds():
    result = parse_wrk(WRK_SLOW)
    assert (result.requests, result.duration, result.rps) == (80, 60.0, 1.33)
    assert result.p50_ms == pytest.approx(1500) and result.p99_ms == pytest.approx(2000)
    assert result.errors == 0 and result.socket_errors == {}


def test_output_without_a_summary_is_refused():
    with pytest.raises(WrkError, match="no summary"):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_wrk_command_has_latency_and_no_more_threads_than_connections():
    command = wrk_command("http://127.0.0.1:1/x/", 2, 1, 4, timeout=5, executable="/usr/bin/wrk")
    assert command == ["/usr/bin/wrk", "-t1", "-c1", "-d2s", "--timeout=5s", "--latency", "http://127.0.0.1:1/x/"]


# -- medians and ratios --------------------------------------------------------------------------------


def run(rps, p99=10.0, non_2xx=0, **socket_errors):
    return WrkResult(requests=int(rps * 10), duration=10.0, rps=rps, p99_ms=p99, non_2xx=non_2xx,
                     socket_errors=socket_errors)


def test_medians_ratios_and_the_rounds_order():
    assert median([3, 1, 2]) == 2 and median([4.0, 1.0, 3.0, 2.0]) == 2.5
    assert median([None, 5]) == 5 and median([]) is None
    assert ratio(90, 100) == 0.9 and ratio(None, 100) is None and ratio(5, 0) is None
    a, b = Target("a", "a", "cached", "u"), Target("b", "b", "cached", "u")
    assert [(n, t.key) for n, t in interleave([a, b], 2)] == [(0, "a"), (0, "b"), (1, "a"), (1, "b")]
    a.results = [run(100, 30), run(300, 10), run(200, 20, non_2xx=1, read=2)]
    assert (a.rps, a.p99_ms, a.rps_range, a.requests) == (200, 20, (100, 300), 6000)
    assert a.errors == {"non-2xx": 1, "read": 2}


def bench_with(figures, compare=None):
    """A SiteBench that ran nothing, with the given ``{key: [rates]}`` as its rounds' results."""
    options = Options(pages={"campaign": "/id/kampanye/", "home": "/id/"}, db_url="postgres://x@127.0.0.1/x",
                      compare=compare or "")
    bench = SiteBench(options, write=lambda line: None)
    labels = {"hello": ("hello world", "cached"), "compare": ("bakerydemo blog post", "external")}
    for key, rates in figures.items():
        label, server = labels.get(key) or key.split(":")
        target = Target(key, label, server, f"http://127.0.0.1:1/{key}/", probe=Probe(200, "hit"))
        target.results = [run(rate) if isinstance(rate, (int, float)) else rate for rate in rates]
        bench.targets.append(target)
    bench.elapsed, bench.busy_before, bench.cache_note = 12.0, 0.1, "Redis"
    return bench


def test_the_report_prints_every_url_and_the_goals_ratios():
    bench = bench_with({"hello": [1000, 1100, 900], "campaign:cached": [950, 960, 940],
                        "campaign:uncached": [160, 150, 170], "compare": [50, 49, 51],
                        "home:cached": [900, 900, 900], "home:uncached": [100, 100, 100]},
                       compare="http://127.0.0.1:2/blog/")
    lines = bench.report()
    text = "\n".join(lines)
    header = next(line for line in lines if line.startswith("page "))
    assert header.split() == ["page", "server", "req/s", "range", "p99", "cache", "requests", "failed", "path"]
    assert re.search(r"^campaign\s+uncached\s+160\.0\s+150-170\s+10\.0 ms\s+hit\s+4,800\s+0\s", text, re.M)
    assert re.search(r"^cached campaign / hello world\s+95\.0 %\s+goal >= 90\.0 %: MET$", text, re.M)
    assert re.search(r"^uncached campaign / hello world\s+16\.0 %$", text, re.M)
    assert re.search(r"^uncached campaign / bakerydemo blog post\s+3\.20x\s+goal >= 3\.00x: MET$", text, re.M)
    assert re.search(r"^home: cached / uncached\s+9\.00x$", text, re.M)
    assert "cold campaign" not in text  # no cold server measured: no row about it
    assert "Goals: 2 met, 0 missed" in text and "No request failed" in text and "FLAGGED" not in text


def test_the_cold_campaign_is_reported_beside_the_uncached_one_without_a_goal():
    bench = bench_with({"hello": [1000], "campaign:cached": [950], "campaign:uncached": [90],
                        "campaign:cold": [30], "compare": [45], "home:cached": [900], "home:uncached": [60]},
                       compare="http://127.0.0.1:2/blog/")
    text = "\n".join(bench.report())
    assert re.search(r"^campaign\s+cold\s+30\.0\s", text, re.M)
    assert re.search(r"^uncached campaign / bakerydemo blog post\s+2\.00x\s+goal >= 3\.00x: MISSED$", text, re.M)
    assert re.search(r"^cold campaign / bakerydemo blog post\s+0\.67x$", text, re.M)
    assert re.search(r"^campaign: uncached / cold\s+3\.00x$", text, re.M)
    assert "Goals: 1 met, 1 missed" in text


def test_a_run_with_failed_requests_or_a_url_not_answering_2xx_is_flagged():
    bench = bench_with({"hello": [1000], "campaign:cached": [800], "campaign:uncached": [run(40, non_2xx=3)],
                        "home:cached": [700], "home:uncached": [70]})
    bench.targets[-1].probe = Probe(302, location="/id/masuk/")
    bench.targets[-1].results = []
    text = "\n".join(bench.report())
    assert "cached campaign / hello world" in text and "80.0 %  goal >= 90.0 %: MISSED" in text
    assert "Goals: 0 met, 1 missed" in text
    assert "FLAGGED: 3 of" in text and "1 URLs did not answer 2xx" in text
    assert re.search(r"^campaign\s+uncached.*non-2xx 3", text, re.M)
    assert re.search(r"^home\s+uncached.*answered 302", text, re.M)


def test_warm_up_checks_each_answer_and_only_2xx_urls_are_measured_round_after_round(monkeypatch):
    import lokadaya.bench.site as site

    options = Options(pages={"campaign": "/c/", "home": "/h/"}, db_url="postgres://x@127.0.0.1/x", rounds=2,
                      duration=1, warmup=3, compare="http://127.0.0.1:9/blog/")
    bench = SiteBench(options, write=lambda line: None)
    bench.servers = {"cached": (1, None), "uncached": (2, None)}
    bench.wrk = "wrk"
    bench.build_targets()
    answers = {"http://127.0.0.1:1/_bench/hello/": Probe(200), "http://127.0.0.1:1/c/": Probe(200, "hit"),
               "http://127.0.0.1:2/c/": Probe(200), "http://127.0.0.1:1/h/": Probe(200),
               "http://127.0.0.1:2/h/": Probe(200), "http://127.0.0.1:9/blog/": Probe(301, location="https://x/")}
    fetched = []
    monkeypatch.setattr(site, "probe", lambda url, timeout: fetched.append(url) or answers[url])
    bench.warm_up()
    assert fetched.count("http://127.0.0.1:1/c/") == 3 and fetched.count("http://127.0.0.1:9/blog/") == 1
    assert any("compared on external answered 301 (to https://x/): not measured" in note for note in bench.notes)
    assert any("No X-Page-Cache header" in note and note.endswith(": home.") for note in bench.notes)

    measured = []
    monkeypatch.setattr(site, "run_wrk", lambda url, *args, **kwargs: measured.append(url) or run(100))
    bench.measure()
    one_round = ["http://127.0.0.1:1/_bench/hello/", "http://127.0.0.1:1/c/", "http://127.0.0.1:2/c/",
                 "http://127.0.0.1:1/h/", "http://127.0.0.1:2/h/"]
    assert measured == one_round * 2
    bench.elapsed, bench.busy_before, bench.cache_note = 1.0, None, "memory"
    text = "\n".join(bench.report())
    assert "uncached campaign / compared" in text and "n/a  goal >= 3.00x: UNKNOWN" in text
    assert "FLAGGED: 0 of" in text and "1 URLs did not answer 2xx" in text


def test_results_table_lines_up():
    target = Target("hello", "hello world", "cached", "http://127.0.0.1:1/_bench/hello/", probe=Probe(200))
    target.results = [run(2500.0)]
    lines = results_table([target])
    assert len(lines) == 3 and set(lines[1]) <= {"-", " "}
    assert lines[2].split()[-1] == "/_bench/hello/"


# -- options and the database ------------------------------------------------------------------------


def test_database_url_for_the_servers():
    assert database_url({"ENGINE": "django.db.backends.postgresql", "NAME": "lokadaya", "USER": "lokadaya",
                         "PASSWORD": "p@ss:w/rd", "HOST": "", "PORT": ""}) == \
        "postgres://lokadaya:p%40ss%3Aw%2Frd@127.0.0.1:5432/lokadaya"
    assert database_url({"ENGINE": "django.db.backends.postgresql", "NAME": "x", "USER": "", "HOST": "db",
                         "PORT": 6432}) == "postgres://db:6432/x"
    assert database_url({"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/db.sqlite3"}) == \
        "sqlite:////srv/db.sqlite3"
    for name in (":memory:", "file:memorydb_default?mode=memory&cache=shared"):
        with pytest.raises(BenchError, match="in memory"):
            database_url({"ENGINE": "django.db.backends.sqlite3", "NAME": name})


@pytest.mark.parametrize("change, message", [
    ({"rounds": 0}, "at least 1"), ({"duration": 0}, "positive"), ({"worker_class": "gevent"}, "worker-class"),
    ({"compare": "https://example.org/"}, "http://"), ({"db_url": ""}, "database"), ({"warmup": 0}, "warmup"),
])
def test_options_refuse_nonsense(change, message):
    options = {"pages": {"campaign": "/c/"}, "db_url": "postgres://x@127.0.0.1/x", **change}
    with pytest.raises(BenchError, match=message):
        Options(**options).check()


# -- the benchmark settings ---------------------------------------------------------------------------


@pytest.fixture
def benchmark_settings(monkeypatch):
    """``load(**environment)``: lokadaya.settings.benchmark imported afresh; the originals put back afterwards."""
    import lokadaya.settings as package

    names = ["base", "production", "benchmark"]
    saved = {name: sys.modules.pop(f"lokadaya.settings.{name}", None) for name in names}

    def load(**environment):
        monkeypatch.setenv("SECRET_KEY", "benchmark")
        for name, value in environment.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)
        for name in names:
            sys.modules.pop(f"lokadaya.settings.{name}", None)
        return importlib.import_module("lokadaya.settings.benchmark")

    yield load
    for name, module in saved.items():
        if module is None:
            sys.modules.pop(f"lokadaya.settings.{name}", None)
            if hasattr(package, name):
                delattr(package, name)
        else:
            sys.modules[f"lokadaya.settings.{name}"] = module
            setattr(package, name, module)


def test_the_page_cache_is_switched_by_the_environment(benchmark_settings):
    assert benchmark_settings(LOKADAYA_PAGE_CACHE="0").LOKADAYA_PAGE_CACHE is False
    assert benchmark_settings(LOKADAYA_PAGE_CACHE="off").LOKADAYA_PAGE_CACHE is False
    assert benchmark_settings(LOKADAYA_PAGE_CACHE="1").LOKADAYA_PAGE_CACHE is True
    assert benchmark_settings(LOKADAYA_PAGE_CACHE=None).DEBUG is False
    # The kept parts too (the "cold" server renders every part every time).
    assert benchmark_settings(LOKADAYA_KEPT_PARTS="0").LOKADAYA_KEPT_PARTS is False
    assert benchmark_settings(LOKADAYA_KEPT_PARTS="1").LOKADAYA_KEPT_PARTS is True


def test_each_cache_keeps_its_own_prefix_under_the_runs(benchmark_settings):
    settings = benchmark_settings(CACHE_URL="redis://127.0.0.1:6379/13", CACHE_KEY_PREFIX="site-bench-1")
    prefixes = {name: cache.get("KEY_PREFIX") for name, cache in settings.CACHES.items()}
    assert prefixes["default"] == "site-bench-1"
    assert all(prefix.startswith("site-bench-1") for prefix in prefixes.values())
    assert len(set(prefixes.values())) == len(prefixes)  # no two caches share keys


# -- the command's refusals ---------------------------------------------------------------------------


@pytest.fixture
def fake_wrk(tmp_path, monkeypatch):
    """A ``wrk`` on PATH that is not run by these tests (they stop before measuring)."""
    path = tmp_path / "wrk"
    path.write_text("#!/bin/sh\nexit 1\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    return path


def test_refuses_without_wrk(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no wrk
    with pytest.raises(CommandError, match="wrk is not installed"):
        call_command("bench", rounds=1, duration=1)


@pytest.mark.django_db
def test_refuses_without_demo_content(fake_wrk):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("bench", rounds=1, duration=1)


@pytest.mark.django_db
def test_the_demo_pages_are_found(make_campaign, organisation):
    from lokadaya.bench.pages import demo_pages

    make_campaign(asks=[DONATION], slug="satu-permintaan")
    richest = make_campaign(asks=[DONATION, PETITION], slug="dua-permintaan")
    pages = demo_pages()
    assert list(pages) == ["campaign", "home", "oms", "search", "region", "network"]  # no story in the database
    assert pages["campaign"] == richest.url and pages["oms"] == organisation.url and pages["home"] == "/id/"
    assert pages["search"] == "/id/cari/?q=sampah"
    assert pages["region"] == "/id/wilayah/jawa-tengah/" and pages["network"] == "/id/jejaring/jawa-tengah/"
    assert list(demo_pages(["network", "campaign"])) == ["campaign", "network"]


# -- one tiny real run ---------------------------------------------------------------------------------


class _Plain(BaseHTTPRequestHandler):
    """The compared server of the smoke run: a plain 200."""

    def do_GET(self):  # noqa: N802 - http.server's name
        body = b"compared"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def compared_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Plain)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/blog/post/"
    server.shutdown()
    server.server_close()


def listening(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_group_members_finds_live_processes_of_a_group():
    assert os.getpid() in group_members([os.getpgrp()])
    assert group_members([]) == set()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_smoke_run_prints_the_table_and_leaves_no_process(make_campaign, compared_server, capsys):
    from lokadaya.bench.load import wrk_path

    if connection.vendor != "postgresql":
        pytest.skip("the servers share the test database: PostgreSQL only")
    if not wrk_path():
        if os.environ.get("LOKADAYA_TEST_WRK_REQUIRED"):  # .ci/run installs wrk: a skip would hide this test
            pytest.fail("wrk is not installed, which .ci/run should have done")
        pytest.skip("wrk is not installed")
    make_campaign(asks=[DONATION, PETITION], slug="lampu-jalan")
    call_command("bench", rounds=1, duration=1, connections=2, threads=1, warmup=2, pages=["campaign", "home"],
                 redis_url="", compare=compared_server, compare_label="bakerydemo")
    out = capsys.readouterr().out

    servers = re.search(r"Servers: cached :(\d+) \(pid (\d+)\), uncached :(\d+) \(pid (\d+)\), "
                        r"cold :(\d+) \(pid (\d+)\)", out)
    assert servers, out
    assert "2 sync workers" in out and "cache: per-process memory" in out
    table = out[out.index("\npage "):]
    for row in (r"hello world\s+cached", r"campaign\s+cached", r"campaign\s+uncached", r"campaign\s+cold",
                r"home\s+cached",
                r"home\s+uncached", r"bakerydemo\s+external"):
        assert re.search(rf"^{row}\s+[\d,.]+\s+\d", table, re.M), row
    for ratio_name in ("cached campaign / hello world", "uncached campaign / hello world",
                       "uncached campaign / bakerydemo", "cold campaign / bakerydemo", "campaign: uncached / cold",
                       "campaign: cached / uncached"):
        assert re.search(rf"^{re.escape(ratio_name)}\s+[\d.]+ ?[%x]", table, re.M), ratio_name
    assert re.search(r"^Goals: \d met, \d missed", table, re.M)
    assert "No request failed" in table, table

    # Every server and its workers are gone (zombies aside: only their reaper can clear them), and
    # nothing listens on their ports any more.
    assert group_members([int(servers[2]), int(servers[4]), int(servers[6])]) == set()
    assert not any(listening(int(servers[n])) for n in (1, 3, 5))


def test_a_run_forgets_only_its_own_cache_entries():
    """Both benchmarks share a Redis with other runs: at the end a run deletes its prefix, nothing else."""
    import uuid

    from lokadaya.bench.processes import forget_cache_prefix, redis_reachable

    url = "redis://127.0.0.1:6379/13"
    if not redis_reachable(url):
        pytest.skip("needs Redis on 127.0.0.1:6379")
    import redis

    client = redis.Redis.from_url(url)
    ours, theirs = f"bench-{uuid.uuid4().hex[:8]}", f"bench-{uuid.uuid4().hex[:8]}"
    try:
        client.set(f"{ours}:1:throttle:a", 1, ex=60)
        client.mset({f"{ours}:1:pc:{n}": n for n in range(600)})  # more than one batch of deletes
        client.set(f"{theirs}:1:throttle:a", 1, ex=60)
        forget_cache_prefix(url, ours)
        assert list(client.scan_iter(match=f"{ours}:*")) == []
        assert client.get(f"{theirs}:1:throttle:a") == b"1"
    finally:
        client.delete(*client.keys(f"{ours}:*") or ["-"], f"{theirs}:1:throttle:a")
        client.close()
