"""Five simultaneous signatures with one email address make exactly one signature (PostgreSQL)."""
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from plugins.petition.models import Signature

from .helpers import ASK, VALID, sign_url

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL concurrency")


@pytest.mark.django_db(transaction=True)
def test_five_simultaneous_signatures_with_one_email_make_one(make_campaign):
    campaign = make_campaign(asks=[("petition", ASK)])
    url = sign_url(campaign)
    barrier = threading.Barrier(5)
    statuses, errors = [], []

    def signer(n):
        try:
            client = Client()
            barrier.wait(timeout=10)
            # Different spellings of the same address.
            email = VALID["email"].upper() if n % 2 else VALID["email"].lower()
            statuses.append(client.post(url, {**VALID, "email": email, "name": f"Yohanes {n}"}).status_code)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=signer, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert statuses == [200] * 5
    assert Signature.objects.count() == 1
    signature = Signature.objects.get()
    assert signature.email == "yohanes.lake@contoh.id" and signature.status == "pending"
    # One confirmation email: the others found the link had just gone out.
    assert len([m for m in mail.outbox if m.to == ["yohanes.lake@contoh.id"]]) == 1
