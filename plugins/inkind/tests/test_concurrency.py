"""Simultaneous pledges for the last units: the ask's lock lets exactly what is still needed through."""
import threading
import time

import pytest
from django.db import connection
from django.test import Client

from plugins.inkind import quantities, views
from plugins.inkind.models import InKindPledge

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")


@pytest.mark.django_db(transaction=True)
def test_simultaneous_pledges_never_exceed_what_is_needed(reference_data, monkeypatch, pledge_url, valid_data,
                                                          make_pledge):
    make_pledge("Semen", 14)  # 6 sak left
    original = quantities.still_needed

    def slow_still_needed(*args, **kwargs):
        result = original(*args, **kwargs)
        time.sleep(0.2)  # widen the window between reading what is left and writing the pledge
        return result

    monkeypatch.setattr(views, "still_needed", slow_still_needed)
    barrier = threading.Barrier(6)
    statuses, errors = [], []

    def pledger(n):
        try:
            client = Client()
            barrier.wait(timeout=10)
            statuses.append(client.post(pledge_url, dict(valid_data, quantity="2", name=f"P{n}")).status_code)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=pledger, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    # Three get through; the others are told what is left (409 when they waited for the lock).
    assert sorted(statuses)[:3] == [302] * 3 and set(sorted(statuses)[3:]) <= {400, 409}, statuses
    assert InKindPledge.objects.filter(status="pledged").count() == 4  # the first + three of two sak
    assert sum(InKindPledge.objects.values_list("quantity", flat=True)) == 20
