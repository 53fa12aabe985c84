import time, json, hashlib, uuid
from decimal import Decimal
import pytest
from gateways.testing import ASK, midtrans_notification
from gateways.models import InboxItem, GatewayTransaction
from plugins.donation.models import Donation, Payment


@pytest.mark.django_db(transaction=True)
def test_drain(make_campaign, monkeypatch, settings):
    from gateways import midtrans
    from django.utils import timezone
    settings.GATEWAY_SETTLEMENT_THREADS = 32
    campaign = make_campaign(asks=[("donation", ASK)])
    ask = campaign.get_asks()[0]
    items = []
    for i in range(200):
        p = Payment.objects.create(variant="midtrans", status="waiting", currency="IDR", total=Decimal(150000),
                                   token=str(uuid.uuid4()), billing_email=f"x{i}@contoh.id")
        Donation.objects.create(campaign=campaign, ask_id=ask.id, amount=p.total, payment=p, name="X", email=p.billing_email)
        body = json.dumps(midtrans_notification(p, "settlement")).encode()
        items.append(InboxItem(provider="midtrans", variant="midtrans", delivery_id=hashlib.sha256(body).hexdigest(),
                               body_sha256=hashlib.sha256(body).hexdigest(), order_id=p.token, body=body.decode(), payment=p,
                               claimed_status="settlement"))
    InboxItem.objects.bulk_create(items)
    def confirm(self, payment, verdict):
        time.sleep(0.2)
        return midtrans.read(verdict.data, payment.total, checked_at=timezone.now())
    monkeypatch.setattr(midtrans.MidtransSnapProvider, "confirm", confirm)
    from gateways import settlement
    timings = []
    orig = settlement.settle_item
    def timed(pk):
        t = time.perf_counter(); r = orig(pk); timings.append(time.perf_counter() - t); return r
    monkeypatch.setattr(settlement, "settle_item", timed)
    from django.test import override_settings
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}):
        cpu = time.process_time(); t = time.perf_counter(); c = settlement.drain(); el = time.perf_counter() - t
        cpu = time.process_time() - cpu
    print(c, "elapsed", el, "cpu", cpu, "per item avg", sum(timings)/len(timings), "max", max(timings))
    cpu = time.process_time()
