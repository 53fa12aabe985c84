import cProfile, pstats, io, json, uuid, time
from decimal import Decimal
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gateways.testing import ASK, midtrans_notification
from plugins.donation.models import Donation, Payment


def test_profile(make_campaign, settings):
    campaign = make_campaign(asks=[("donation", ASK)])
    ask = campaign.get_asks()[0]
    bodies = []
    for i in range(300):
        p = Payment.objects.create(variant="midtrans", status="waiting", currency="IDR", total=Decimal(150000),
                                   token=str(uuid.uuid4()), billing_email=f"x{i}@contoh.id")
        Donation.objects.create(campaign=campaign, ask_id=ask.id, amount=p.total, payment=p, name="X", email=p.billing_email)
        bodies.append(json.dumps(midtrans_notification(p, "settlement")))
    c = Client()
    for b in bodies[:20]:
        c.post("/payments/process/midtrans/", b, content_type="application/json")
    t = time.perf_counter()
    for i in range(300):
        c.get("/id/robots-missing-xyz/") if False else None
    pr = cProfile.Profile()
    with CaptureQueriesContext(connection) as q:
        t = time.perf_counter()
        pr.enable()
        for b in bodies[20:]:
            r = c.post("/payments/process/midtrans/", b, content_type="application/json")
            assert r.status_code == 200
        pr.disable()
        el = time.perf_counter() - t
    print("per request ms", el / 280 * 1000, "queries", len(q) / 280)
    s = io.StringIO(); pstats.Stats(pr, stream=s).sort_stats("cumulative").print_stats(40); print(s.getvalue())
    for x in q.captured_queries[:8]: print(x["sql"][:150])
