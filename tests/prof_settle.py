import cProfile, pstats, io
from decimal import Decimal
import uuid
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gateways.testing import ASK, midtrans_notification
from gateways.models import InboxItem, GatewayTransaction
from plugins.donation.models import Donation, Payment
import json, hashlib


def test_profile(make_campaign, monkeypatch):
    from gateways import midtrans
    campaign = make_campaign(asks=[("donation", ASK)])
    ask = campaign.get_asks()[0]
    items = []
    for i in range(200):
        p = Payment.objects.create(variant="midtrans", status="waiting", currency="IDR", total=Decimal(150000),
                                   token=str(uuid.uuid4()), billing_email=f"x{i}@contoh.id")
        Donation.objects.create(campaign=campaign, ask_id=ask.id, amount=p.total, payment=p, name="X", email=p.billing_email)
        GatewayTransaction.objects.create(payment=p, provider="midtrans", reference="r")
        body = json.dumps(midtrans_notification(p, "settlement")).encode()
        items.append(InboxItem(provider="midtrans", variant="midtrans", delivery_id=hashlib.sha256(body).hexdigest(),
                               body_sha256=hashlib.sha256(body).hexdigest(), order_id=p.token, body=body.decode(), payment=p,
                               claimed_status="settlement"))
    InboxItem.objects.bulk_create(items)
    from django.utils import timezone
    monkeypatch.setattr(midtrans.MidtransSnapProvider, "confirm",
                        lambda self, payment, verdict: midtrans.read(verdict.data, payment.total, checked_at=timezone.now()))
    from gateways.settlement import drain
    pr = cProfile.Profile()
    with CaptureQueriesContext(connection) as q:
        pr.enable(); counts = drain(); pr.disable()
    print(counts, "queries per item", len(q) / 200)
    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(45); print(s.getvalue())
    from collections import Counter
    c = Counter(x["sql"][:90] for x in q.captured_queries)
    for k, v in c.most_common(40): print(v, k)
