"""Simultaneous pledges on PostgreSQL: never more books than the drive asked for."""
import threading

import pytest
from django.db import connection
from django.test import Client

from lokadaya_bookdrive.models import BookPledge

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")


def post_at_once(url, payloads):
    barrier = threading.Barrier(len(payloads))
    statuses, errors = [], []

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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the reference data (regions)
def test_simultaneous_pledges_never_exceed_the_target(make_campaign, ask_value, valid_data):
    campaign = make_campaign(asks=[("bookdrive", dict(ask_value, target=10))])
    url = campaign.url + f"dukung/{campaign.get_asks()[0].id}/"
    payloads = [dict(valid_data, quantity="3", email=f"pendukung{i}@contoh.id") for i in range(8)]
    statuses = post_at_once(url, payloads)
    # 3 + 3 + 3 = 9 fit in 10; every other pledge of 3 is refused with a message.
    assert statuses == [302] * 3 + [400] * 5
    assert BookPledge.objects.count() == 3
    assert sum(p.quantity for p in BookPledge.objects.all()) == 9
