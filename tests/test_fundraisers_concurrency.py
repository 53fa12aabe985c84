"""A fundraiser's figures under concurrency (PostgreSQL, real threads): donations through it confirmed
at the same time all count, once each (``fundraisers.service.follow``'s single UPDATE by difference)."""
from decimal import Decimal

import pytest
from django.db import connection
from payments import PaymentStatus

from gateways.testing import ASK
from plugins.donation.fundraisers import service
from plugins.donation.fundraisers.models import Fundraiser
from plugins.donation.models import Donation, Payment
from lokadaya.testing import race

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL concurrency")]

COUNT = 8




def test_concurrent_confirmations_and_refunds_lose_no_count(make_campaign):
    campaign = make_campaign(asks=[("donation", ASK)])
    ask = campaign.get_asks()[0]
    fundraiser = Fundraiser.objects.create(campaign=campaign, ask_id=ask.id, slug="lari-bersama-abc123",
                                           title="Lari bersama", story="Ayo!", target=Decimal("5000000"),
                                           owner_name="Andi", owner_email="andi@contoh.id", status="approved")
    payments = []
    for i in range(COUNT):
        amount = Decimal(10_000 * (i + 1))
        payment = Payment.objects.create(variant="dummy", currency="IDR", total=amount)
        Donation.objects.create(campaign=campaign, ask_id=ask.id, amount=amount, payment=payment, name=f"D{i}",
                                email=f"d{i}@contoh.id", fundraiser=fundraiser)
        payments.append(payment.pk)

    def confirm(i):
        Payment.objects.get(pk=payments[i]).change_status(PaymentStatus.CONFIRMED)

    assert race(COUNT, confirm)[1] == []
    fundraiser.refresh_from_db()
    assert fundraiser.supporters == COUNT
    assert fundraiser.raised == sum(Decimal(10_000 * (i + 1)) for i in range(COUNT))

    def refund_even(i):
        if i % 2 == 0:
            Payment.objects.get(pk=payments[i]).change_status(PaymentStatus.REFUNDED)
        else:  # delivered again: counts nothing more
            Payment.objects.get(pk=payments[i]).change_status(PaymentStatus.CONFIRMED)

    assert race(COUNT, refund_even)[1] == []
    fundraiser.refresh_from_db()
    assert fundraiser.supporters == COUNT // 2
    assert fundraiser.raised == sum(Decimal(10_000 * (i + 1)) for i in range(COUNT) if i % 2)
    assert service.problems() == []
