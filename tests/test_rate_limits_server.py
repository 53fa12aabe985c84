"""Rate limits hold across two server processes: gunicorn with two workers counting in one Redis.

A transactional test (its data committed, visible to the server) starts gunicorn on a free port
with the test settings, pointed at the test database, ``CACHE_URL`` at Redis (db 7, a key prefix
of its own) and the limits on, then fires concurrent POSTs from threads. Exactly the limit gets
through, the rest are 429, whichever worker answered; the access log shows that both did.
"""
import concurrent.futures
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from django.db import connection

from lokadaya.bench.processes import free_port, no_proxy, redis_reachable
from plugins.petition.tests.helpers import ASK as PETITION_ASK
from plugins.petition.tests.helpers import VALID as PETITION_VALID
from throttle.policies import RATES

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/7"
REQUESTS = 40

pytestmark = pytest.mark.django_db(transaction=True)


def limit(group, kind):
    return int(RATES[group][kind].split("/")[0])


@pytest.fixture
def server():
    """``(base URL, read_log())`` of gunicorn with two workers; stopped (its process group) afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("the server shares the test database: PostgreSQL only")
    if not redis_reachable(REDIS_URL):
        if os.environ.get("LOKADAYA_TEST_REDIS_REQUIRED"):  # .ci/run starts Redis: a skip would hide this test
            pytest.fail("no Redis at 127.0.0.1:6379, which .ci/run should have started")
        pytest.skip("no Redis at 127.0.0.1:6379")
    db = connection.settings_dict
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("TEST_DB_NAME",)},
        **no_proxy(),
        "DJANGO_SETTINGS_MODULE": "lokadaya.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CACHE_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"throttle-test-{uuid.uuid4().hex}",
        "THROTTLE_ENABLED": "true",
        # One proxy in front (as in production behind a load balancer): each thread may speak for its own client.
        "PROXY_COUNT": "1",
        # The access log goes through a pipe: unbuffered, so nothing is lost when the workers stop.
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--no-control-socket", "--workers", "2", "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--access-logfile", "-", "--access-logformat", "ACCESS %(p)s %(s)s %(m)s",
         "--timeout", "60", "lokadaya.wsgi:application"],
        cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    session = requests.Session()
    session.trust_env = False
    deadline = time.monotonic() + 90
    while True:
        try:
            session.get(f"{base}/id/wilayah/", timeout=60)
            break
        except requests.RequestException:  # not listening yet, or its first answer is slow
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.5)

    def read_log():
        os.killpg(process.pid, signal.SIGTERM)
        try:
            return process.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            return process.communicate()[0]

    try:
        yield base, read_log
    finally:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(10)


def fire(url, payloads):
    """POST every payload at once from its own thread (``(data, client address)``); the responses."""
    probe = requests.Session()
    probe.trust_env = False
    token = probe.get(url, timeout=30).cookies["csrftoken"]

    def post(payload):
        data, client = payload
        session = requests.Session()
        session.trust_env = False
        return session.post(url, data={**data, "csrfmiddlewaretoken": token}, allow_redirects=False, timeout=60,
                            headers={"Cookie": f"csrftoken={token}", "X-Forwarded-For": client})

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(payloads)) as pool:
        return list(pool.map(post, payloads))


def served_by(log):
    """The worker pids that answered a POST, from the access log."""
    return {pid for pid, _status in re.findall(r"ACCESS <?(\d+)>? (\d{3}) POST", log)}


@pytest.fixture
def petition_url(make_campaign):
    campaign = make_campaign(asks=[("petition", dict(PETITION_ASK))])
    url = campaign.pledge_url(campaign.get_asks()[0])
    assert url.startswith("/id/")
    return url


# The campaign exists before the server starts: the test process and the server share the database,
# not the cache through which a new page reaches a running process's look-ups (lokadaya/lookups.py).
def test_one_address_gets_exactly_its_limit_of_pledges_across_two_workers(petition_url, server):
    from plugins.petition.models import Signature

    base, read_log = server
    payloads = [({**PETITION_VALID, "email": f"warga{i}@contoh.id"}, "203.0.113.10") for i in range(REQUESTS)]
    responses = fire(base + petition_url, payloads)
    statuses = sorted(r.status_code for r in responses)
    allowed = limit("pledge", "ip")
    assert statuses == [200] * allowed + [429] * (REQUESTS - allowed)
    assert all(0 < int(r.headers["Retry-After"]) <= 3600 for r in responses if r.status_code == 429)
    assert Signature.objects.count() == allowed  # nothing stored beyond the limit
    assert len(served_by(read_log())) == 2, "both workers answered"


def test_one_email_gets_exactly_its_limit_from_many_addresses_across_two_workers(petition_url, server):
    base, read_log = server
    payloads = [({**PETITION_VALID, "email": "korban@contoh.id"}, f"198.51.100.{i + 1}") for i in range(REQUESTS)]
    responses = fire(base + petition_url, payloads)
    statuses = sorted(r.status_code for r in responses)
    allowed = limit("pledge", "email")
    assert statuses == [200] * allowed + [429] * (REQUESTS - allowed)
    assert len(served_by(read_log())) == 2, "both workers answered"
