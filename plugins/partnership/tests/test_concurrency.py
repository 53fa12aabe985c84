"""Concurrent proposals on PostgreSQL: the one-open-proposal rule holds under simultaneous requests."""
import threading

import pytest
from django.db import connection
from django.test import Client

from plugins.partnership.models import Proposal

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")


def post_at_once(url, payloads):
    barrier = threading.Barrier(len(payloads))
    statuses = []
    errors = []

    def worker(data):
        try:
            client = Client()
            barrier.wait(timeout=10)
            statuses.append(client.post(url, data).status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(data,)) for data in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return sorted(statuses)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_duplicates_make_one_proposal(pledge_url, valid_data):
    statuses = post_at_once(pledge_url, [dict(valid_data) for _ in range(8)])
    assert statuses == [302] * 8  # the same answer for each: no probing for who already proposed
    assert Proposal.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_different_proposers_are_all_kept(pledge_url, valid_data):
    payloads = [dict(valid_data, email=f"mitra{i}@contoh.id") for i in range(8)]
    statuses = post_at_once(pledge_url, payloads)
    assert statuses == [302] * 8
    assert Proposal.objects.count() == 8
